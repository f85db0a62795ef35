//! Countries, their currencies and local pay levels, and the cities jobs are in.

use hireboard_domain::posting::SalaryPeriod;

/// A country with the pay of a mid-level software engineer, in the local currency and for the
/// period salaries are usually quoted for there (monthly where yearly figures run into the
/// hundreds of millions or where monthly quotes are the norm).
pub(crate) struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    /// As it reads after "in": "the Netherlands".
    pub name: &'static str,
    /// ISO 4217; every one is in the domain's `CURRENCIES`.
    pub currency: &'static str,
    pub base_pay: u32,
    pub period: SalaryPeriod,
    /// Legal form some companies based here add to their name.
    pub legal_form: &'static str,
}

use SalaryPeriod::{Month as M, Year as Y};

macro_rules! countries {
    ($(($code:literal, $name:literal, $cur:literal, $pay:literal, $period:ident, $legal:literal)),+ $(,)?) => {
        pub(crate) const COUNTRIES: &[Country] = &[
            $(Country { code: $code, name: $name, currency: $cur, base_pay: $pay, period: $period, legal_form: $legal }),+
        ];
    };
}

countries! {
    ("US", "the United States", "USD", 140_000, Y, "Inc."),
    ("CA", "Canada", "CAD", 105_000, Y, "Inc."),
    ("MX", "Mexico", "MXN", 55_000, M, "S.A. de C.V."),
    ("BR", "Brazil", "BRL", 14_000, M, "Ltda."),
    ("AR", "Argentina", "ARS", 2_200_000, M, "S.A."),
    ("CL", "Chile", "CLP", 2_800_000, M, "SpA"),
    ("CO", "Colombia", "COP", 9_000_000, M, "S.A.S."),
    ("GB", "the United Kingdom", "GBP", 65_000, Y, "Ltd"),
    ("IE", "Ireland", "EUR", 70_000, Y, "Ltd"),
    ("DE", "Germany", "EUR", 70_000, Y, "GmbH"),
    ("FR", "France", "EUR", 55_000, Y, "SAS"),
    ("NL", "the Netherlands", "EUR", 65_000, Y, "B.V."),
    ("ES", "Spain", "EUR", 45_000, Y, "S.L."),
    ("PT", "Portugal", "EUR", 36_000, Y, "Lda."),
    ("IT", "Italy", "EUR", 42_000, Y, "S.r.l."),
    ("AT", "Austria", "EUR", 60_000, Y, "GmbH"),
    ("CH", "Switzerland", "CHF", 120_000, Y, "AG"),
    ("SE", "Sweden", "SEK", 52_000, M, "AB"),
    ("NO", "Norway", "NOK", 750_000, Y, "AS"),
    ("DK", "Denmark", "DKK", 50_000, M, "ApS"),
    ("FI", "Finland", "EUR", 58_000, Y, "Oy"),
    ("EE", "Estonia", "EUR", 45_000, Y, "OÜ"),
    ("PL", "Poland", "PLN", 18_000, M, "sp. z o.o."),
    ("CZ", "the Czech Republic", "CZK", 90_000, M, "s.r.o."),
    ("HU", "Hungary", "HUF", 1_000_000, M, "Kft."),
    ("RO", "Romania", "RON", 15_000, M, "S.R.L."),
    ("UA", "Ukraine", "UAH", 150_000, M, "LLC"),
    ("TR", "Türkiye", "TRY", 120_000, M, "A.Ş."),
    ("IL", "Israel", "ILS", 30_000, M, "Ltd"),
    ("AE", "the United Arab Emirates", "AED", 25_000, M, "FZ-LLC"),
    ("SA", "Saudi Arabia", "SAR", 25_000, M, "LLC"),
    ("EG", "Egypt", "EGP", 60_000, M, "S.A.E."),
    ("NG", "Nigeria", "NGN", 1_200_000, M, "Ltd"),
    ("KE", "Kenya", "KES", 300_000, M, "Ltd"),
    ("ZA", "South Africa", "ZAR", 700_000, Y, "(Pty) Ltd"),
    ("IN", "India", "INR", 1_800_000, Y, "Pvt. Ltd."),
    ("PK", "Pakistan", "PKR", 400_000, M, "(Pvt) Ltd"),
    ("SG", "Singapore", "SGD", 100_000, Y, "Pte. Ltd."),
    ("MY", "Malaysia", "MYR", 9_000, M, "Sdn. Bhd."),
    ("ID", "Indonesia", "IDR", 20_000_000, M, "PT"),
    ("VN", "Vietnam", "VND", 30_000_000, M, "JSC"),
    ("TH", "Thailand", "THB", 80_000, M, "Co., Ltd."),
    ("PH", "the Philippines", "PHP", 100_000, M, "Inc."),
    ("HK", "Hong Kong", "HKD", 600_000, Y, "Limited"),
    ("TW", "Taiwan", "TWD", 1_400_000, Y, "Co., Ltd."),
    ("CN", "China", "CNY", 400_000, Y, "Co., Ltd."),
    ("KR", "South Korea", "KRW", 5_500_000, M, "Co., Ltd."),
    ("JP", "Japan", "JPY", 7_500_000, Y, "K.K."),
    ("AU", "Australia", "AUD", 140_000, Y, "Pty Ltd"),
    ("NZ", "New Zealand", "NZD", 115_000, Y, "Limited"),
}

pub(crate) use hireboard_domain::geo::{City, CITIES};

/// Index into [`COUNTRIES`] of the country `city` is in.
pub(crate) fn country_of(city: &City) -> usize {
    COUNTRIES
        .iter()
        .position(|country| country.code == city.country)
        .expect("every city's country has pay data")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hireboard_domain::posting::CURRENCIES;

    #[test]
    fn currencies_are_accepted_and_every_country_has_a_city() {
        for (i, country) in COUNTRIES.iter().enumerate() {
            assert!(
                CURRENCIES.contains(&country.currency),
                "{}",
                country.currency
            );
            assert!(
                CITIES.iter().any(|c| country_of(c) == i),
                "{}",
                country.code
            );
        }
    }
}
