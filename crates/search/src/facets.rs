//! The facets a search counts, and the bands some of them group values into.

/// A facet: a field whose values a search counts over the whole match set, and that a search
/// can be narrowed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    FunctionalArea,
    Skills,
    City,
    Country,
    WorkplaceType,
    EmploymentType,
    Experience,
    Salary,
    Company,
    PostedWithin,
}

impl Facet {
    pub const ALL: [Facet; 10] = [
        Facet::FunctionalArea,
        Facet::Skills,
        Facet::City,
        Facet::Country,
        Facet::WorkplaceType,
        Facet::EmploymentType,
        Facet::Experience,
        Facet::Salary,
        Facet::Company,
        Facet::PostedWithin,
    ];

    /// Its name in requests and responses.
    pub fn name(self) -> &'static str {
        match self {
            Facet::FunctionalArea => "functional_area",
            Facet::Skills => "skills",
            Facet::City => "city",
            Facet::Country => "country",
            Facet::WorkplaceType => "workplace_type",
            Facet::EmploymentType => "employment_type",
            Facet::Experience => "experience",
            Facet::Salary => "salary",
            Facet::Company => "company",
            Facet::PostedWithin => "posted_within",
        }
    }

    pub fn from_name(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|facet| facet.name() == name)
    }

    /// Whether a filter on it compares without regard to case (free text values; the others
    /// are codes, slugs and enum values).
    pub fn ignores_case(self) -> bool {
        matches!(self, Facet::FunctionalArea | Facet::Skills | Facet::City)
    }

    pub(crate) fn index(self) -> usize {
        Facet::ALL
            .iter()
            .position(|facet| *facet == self)
            .expect("listed")
    }
}

/// The experience band of a posting that asks for at least `min_years`.
pub fn experience_band(min_years: u8) -> &'static str {
    match min_years {
        0..=1 => "0-1",
        2..=4 => "2-4",
        5..=9 => "5-9",
        _ => "10+",
    }
}

pub const EXPERIENCE_BANDS: [&str; 4] = ["0-1", "2-4", "5-9", "10+"];

/// The salary bands, after a currency code and a space.
pub const SALARY_BANDS: [&str; 5] = ["0-50k", "50k-100k", "100k-150k", "150k-200k", "200k+"];

/// The salary band of a posting paying up to `yearly` a year in `currency`, such as
/// `EUR 50k-100k`: bands are per currency, since nothing converts between them.
pub fn salary_band(currency: &str, yearly: u64) -> String {
    let band = match yearly {
        0..=49_999 => SALARY_BANDS[0],
        50_000..=99_999 => SALARY_BANDS[1],
        100_000..=149_999 => SALARY_BANDS[2],
        150_000..=199_999 => SALARY_BANDS[3],
        _ => SALARY_BANDS[4],
    };
    format!("{currency} {band}")
}

/// How recently a posting was published, as windows that contain each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostedWithin {
    pub days: u32,
}

impl PostedWithin {
    pub const ALL: [PostedWithin; 4] = [
        PostedWithin { days: 1 },
        PostedWithin { days: 7 },
        PostedWithin { days: 30 },
        PostedWithin { days: 90 },
    ];

    pub fn name(self) -> String {
        format!("{}d", self.days)
    }

    pub fn from_name(name: &str) -> Option<PostedWithin> {
        PostedWithin::ALL
            .into_iter()
            .find(|window| window.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_both_ways() {
        for facet in Facet::ALL {
            assert_eq!(Facet::from_name(facet.name()), Some(facet));
        }
        assert_eq!(Facet::from_name("title"), None);
        for window in PostedWithin::ALL {
            assert_eq!(PostedWithin::from_name(&window.name()), Some(window));
        }
        assert_eq!(PostedWithin::from_name("2d"), None);
    }

    #[test]
    fn bands_cover_every_value() {
        assert_eq!(experience_band(0), "0-1");
        assert_eq!(experience_band(4), "2-4");
        assert_eq!(experience_band(50), "10+");
        assert_eq!(salary_band("EUR", 49_999), "EUR 0-50k");
        assert_eq!(salary_band("USD", 150_000), "USD 150k-200k");
        assert_eq!(salary_band("JPY", 9_000_000), "JPY 200k+");
    }
}
