//! Where a generated job is, and what it pays there.

use hireboard_domain::posting::{EmploymentType, Location, Salary, SalaryPeriod, WorkplaceType};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::Draft;
use crate::vocab::{country_of, Country, CITIES, COUNTRIES};

/// The domain's upper bound for a salary figure.
const MAX_SALARY: u32 = 100_000_000;

/// Typical working hours in a year, to turn yearly pay into an hourly contract rate.
const HOURS_PER_YEAR: f64 = 1_800.0;

/// Where a posting is based. Indices point into `CITIES` and `COUNTRIES`.
pub(super) enum Place {
    /// Remote from anywhere; pay follows the company's home country.
    Anywhere { home_country: usize },
    /// Remote within one country.
    Country(usize),
    /// One or two offices.
    Cities(usize, Option<usize>),
}

impl Place {
    /// Onsite and hybrid jobs are mostly at the company's home office; remote ones often name
    /// no place or only a country.
    pub(super) fn pick(rng: &mut ChaCha8Rng, workplace: WorkplaceType, home: usize) -> Place {
        let home_country = country_of(&CITIES[home]);
        if workplace == WorkplaceType::Remote {
            let roll = rng.gen_range(0..10);
            return match roll {
                0..=3 => Place::Anywhere { home_country },
                4..=5 => Place::Country(home_country),
                6..=7 => Place::Country(country_of(&CITIES[rng.gen_range(0..CITIES.len())])),
                _ => Place::Cities(home, None),
            };
        }
        let first = if rng.gen_bool(0.7) {
            home
        } else {
            rng.gen_range(0..CITIES.len())
        };
        let second = if rng.gen_bool(0.15) {
            second_city(rng, first)
        } else {
            None
        };
        Place::Cities(first, second)
    }

    /// The country whose currency and pay level apply.
    pub(super) fn country(&self) -> &'static Country {
        let index = match self {
            Place::Anywhere { home_country } => *home_country,
            Place::Country(country) => *country,
            Place::Cities(city, _) => country_of(&CITIES[*city]),
        };
        &COUNTRIES[index]
    }

    pub(super) fn locations(&self) -> Vec<Location> {
        match self {
            Place::Anywhere { .. } => Vec::new(),
            Place::Country(country) => vec![Location {
                city: None,
                region: None,
                country: COUNTRIES[*country].code.to_owned(),
            }],
            Place::Cities(first, second) => std::iter::once(*first)
                .chain(*second)
                .map(|i| {
                    let city = &CITIES[i];
                    Location {
                        city: Some(city.name.to_owned()),
                        region: city.region.map(str::to_owned),
                        country: city.country.to_owned(),
                    }
                })
                .collect(),
        }
    }
}

/// Another office in the same country, if the country has more than one city.
fn second_city(rng: &mut ChaCha8Rng, first: usize) -> Option<usize> {
    let country = CITIES[first].country;
    let others = CITIES
        .iter()
        .enumerate()
        .filter(|(i, c)| c.country == country && *i != first)
        .count();
    if others == 0 {
        return None;
    }
    let nth = rng.gen_range(0..others);
    CITIES
        .iter()
        .enumerate()
        .filter(|(i, c)| c.country == country && *i != first)
        .nth(nth)
        .map(|(i, _)| i)
}

/// A plausible pay range in the local currency, for seven postings in ten.
pub(super) fn salary(rng: &mut ChaCha8Rng, draft: &Draft) -> Option<Salary> {
    if !rng.gen_bool(0.7) {
        return None;
    }
    let country = draft.place.country();
    let level = draft.seniority.map_or(0.35, |s| s.pay);
    let mut pay = f64::from(country.base_pay) * draft.area.pay * level;
    let mut period = country.period;
    match draft.employment {
        EmploymentType::PartTime => pay *= 0.6,
        EmploymentType::Contract if period == SalaryPeriod::Year && rng.gen_bool(0.6) => {
            // Contractors quote a day-rate-like hourly figure with a premium for no benefits.
            pay = pay / HOURS_PER_YEAR * 1.3;
            period = SalaryPeriod::Hour;
        }
        _ => {}
    }
    let min = round(pay * rng.gen_range(0.85..1.0)).clamp(1, MAX_SALARY - 1);
    let max = round(f64::from(min) * rng.gen_range(1.15..1.5)).min(MAX_SALARY);
    let max = if max > min { max } else { min + step(min) }.min(MAX_SALARY);
    Some(Salary {
        min,
        max,
        currency: country.currency.to_owned(),
        period,
    })
}

/// Rounds to two significant digits, the way pay ranges are advertised.
fn round(value: f64) -> u32 {
    let value = value.max(1.0).min(f64::from(MAX_SALARY));
    // Truncation is intended: `value` is within u32 range and positive.
    let whole = value as u32;
    let step = step(whole);
    ((whole + step / 2) / step * step).max(1)
}

/// The rounding step for a figure of this size: a tenth of its leading power of ten.
fn step(value: u32) -> u32 {
    let digits = value.checked_ilog10().unwrap_or(0);
    10u32.pow(digits.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_two_significant_digits() {
        assert_eq!(round(85_432.0), 85_000);
        assert_eq!(round(123_456.0), 120_000);
        assert_eq!(round(96.4), 96);
        assert_eq!(round(7.2), 7);
        assert_eq!(round(0.2), 1);
        assert_eq!(round(1e12), MAX_SALARY);
    }
}
