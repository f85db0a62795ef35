//! Cities, their countries, currencies and local pay levels.

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

pub(crate) struct City {
    pub name: &'static str,
    pub region: Option<&'static str>,
    /// Index into [`COUNTRIES`].
    pub country: usize,
}

use SalaryPeriod::{Month as M, Year as Y};

macro_rules! countries {
    ($($id:ident = ($code:literal, $name:literal, $cur:literal, $pay:literal, $period:ident, $legal:literal)),+ $(,)?) => {
        pub(crate) const COUNTRIES: &[Country] = &[
            $(Country { code: $code, name: $name, currency: $cur, base_pay: $pay, period: $period, legal_form: $legal }),+
        ];
        enum C { $($id),+ }
    };
}

countries! {
    US = ("US", "the United States", "USD", 140_000, Y, "Inc."),
    CA = ("CA", "Canada", "CAD", 105_000, Y, "Inc."),
    MX = ("MX", "Mexico", "MXN", 55_000, M, "S.A. de C.V."),
    BR = ("BR", "Brazil", "BRL", 14_000, M, "Ltda."),
    AR = ("AR", "Argentina", "ARS", 2_200_000, M, "S.A."),
    CL = ("CL", "Chile", "CLP", 2_800_000, M, "SpA"),
    CO = ("CO", "Colombia", "COP", 9_000_000, M, "S.A.S."),
    GB = ("GB", "the United Kingdom", "GBP", 65_000, Y, "Ltd"),
    IE = ("IE", "Ireland", "EUR", 70_000, Y, "Ltd"),
    DE = ("DE", "Germany", "EUR", 70_000, Y, "GmbH"),
    FR = ("FR", "France", "EUR", 55_000, Y, "SAS"),
    NL = ("NL", "the Netherlands", "EUR", 65_000, Y, "B.V."),
    ES = ("ES", "Spain", "EUR", 45_000, Y, "S.L."),
    PT = ("PT", "Portugal", "EUR", 36_000, Y, "Lda."),
    IT = ("IT", "Italy", "EUR", 42_000, Y, "S.r.l."),
    AT = ("AT", "Austria", "EUR", 60_000, Y, "GmbH"),
    CH = ("CH", "Switzerland", "CHF", 120_000, Y, "AG"),
    SE = ("SE", "Sweden", "SEK", 52_000, M, "AB"),
    NO = ("NO", "Norway", "NOK", 750_000, Y, "AS"),
    DK = ("DK", "Denmark", "DKK", 50_000, M, "ApS"),
    FI = ("FI", "Finland", "EUR", 58_000, Y, "Oy"),
    EE = ("EE", "Estonia", "EUR", 45_000, Y, "OÜ"),
    PL = ("PL", "Poland", "PLN", 18_000, M, "sp. z o.o."),
    CZ = ("CZ", "the Czech Republic", "CZK", 90_000, M, "s.r.o."),
    HU = ("HU", "Hungary", "HUF", 1_000_000, M, "Kft."),
    RO = ("RO", "Romania", "RON", 15_000, M, "S.R.L."),
    UA = ("UA", "Ukraine", "UAH", 150_000, M, "LLC"),
    TR = ("TR", "Türkiye", "TRY", 120_000, M, "A.Ş."),
    IL = ("IL", "Israel", "ILS", 30_000, M, "Ltd"),
    AE = ("AE", "the United Arab Emirates", "AED", 25_000, M, "FZ-LLC"),
    SA = ("SA", "Saudi Arabia", "SAR", 25_000, M, "LLC"),
    EG = ("EG", "Egypt", "EGP", 60_000, M, "S.A.E."),
    NG = ("NG", "Nigeria", "NGN", 1_200_000, M, "Ltd"),
    KE = ("KE", "Kenya", "KES", 300_000, M, "Ltd"),
    ZA = ("ZA", "South Africa", "ZAR", 700_000, Y, "(Pty) Ltd"),
    IN = ("IN", "India", "INR", 1_800_000, Y, "Pvt. Ltd."),
    PK = ("PK", "Pakistan", "PKR", 400_000, M, "(Pvt) Ltd"),
    SG = ("SG", "Singapore", "SGD", 100_000, Y, "Pte. Ltd."),
    MY = ("MY", "Malaysia", "MYR", 9_000, M, "Sdn. Bhd."),
    ID = ("ID", "Indonesia", "IDR", 20_000_000, M, "PT"),
    VN = ("VN", "Vietnam", "VND", 30_000_000, M, "JSC"),
    TH = ("TH", "Thailand", "THB", 80_000, M, "Co., Ltd."),
    PH = ("PH", "the Philippines", "PHP", 100_000, M, "Inc."),
    HK = ("HK", "Hong Kong", "HKD", 600_000, Y, "Limited"),
    TW = ("TW", "Taiwan", "TWD", 1_400_000, Y, "Co., Ltd."),
    CN = ("CN", "China", "CNY", 400_000, Y, "Co., Ltd."),
    KR = ("KR", "South Korea", "KRW", 5_500_000, M, "Co., Ltd."),
    JP = ("JP", "Japan", "JPY", 7_500_000, Y, "K.K."),
    AU = ("AU", "Australia", "AUD", 140_000, Y, "Pty Ltd"),
    NZ = ("NZ", "New Zealand", "NZD", 115_000, Y, "Limited"),
}

const fn city(name: &'static str, region: Option<&'static str>, country: C) -> City {
    City {
        name,
        region,
        country: country as usize,
    }
}

pub(crate) const CITIES: &[City] = &[
    city("San Francisco", Some("California"), C::US),
    city("New York", Some("New York"), C::US),
    city("Seattle", Some("Washington"), C::US),
    city("Austin", Some("Texas"), C::US),
    city("Boston", Some("Massachusetts"), C::US),
    city("Chicago", Some("Illinois"), C::US),
    city("Denver", Some("Colorado"), C::US),
    city("Toronto", Some("Ontario"), C::CA),
    city("Vancouver", Some("British Columbia"), C::CA),
    city("Montreal", Some("Quebec"), C::CA),
    city("Mexico City", None, C::MX),
    city("Guadalajara", Some("Jalisco"), C::MX),
    city("São Paulo", Some("São Paulo"), C::BR),
    city("Rio de Janeiro", Some("Rio de Janeiro"), C::BR),
    city("Buenos Aires", None, C::AR),
    city("Santiago", None, C::CL),
    city("Bogotá", None, C::CO),
    city("Medellín", Some("Antioquia"), C::CO),
    city("London", Some("England"), C::GB),
    city("Manchester", Some("England"), C::GB),
    city("Edinburgh", Some("Scotland"), C::GB),
    city("Dublin", None, C::IE),
    city("Berlin", None, C::DE),
    city("Munich", Some("Bavaria"), C::DE),
    city("Hamburg", None, C::DE),
    city("Frankfurt", Some("Hesse"), C::DE),
    city("Paris", Some("Île-de-France"), C::FR),
    city("Lyon", Some("Auvergne-Rhône-Alpes"), C::FR),
    city("Amsterdam", Some("North Holland"), C::NL),
    city("Rotterdam", Some("South Holland"), C::NL),
    city("Madrid", None, C::ES),
    city("Barcelona", Some("Catalonia"), C::ES),
    city("Lisbon", None, C::PT),
    city("Porto", None, C::PT),
    city("Milan", Some("Lombardy"), C::IT),
    city("Vienna", None, C::AT),
    city("Zurich", None, C::CH),
    city("Geneva", None, C::CH),
    city("Stockholm", None, C::SE),
    city("Oslo", None, C::NO),
    city("Copenhagen", None, C::DK),
    city("Helsinki", None, C::FI),
    city("Tallinn", None, C::EE),
    city("Warsaw", Some("Masovia"), C::PL),
    city("Kraków", Some("Lesser Poland"), C::PL),
    city("Prague", None, C::CZ),
    city("Budapest", None, C::HU),
    city("Bucharest", None, C::RO),
    city("Kyiv", None, C::UA),
    city("Istanbul", None, C::TR),
    city("Tel Aviv", None, C::IL),
    city("Dubai", None, C::AE),
    city("Riyadh", None, C::SA),
    city("Cairo", None, C::EG),
    city("Lagos", None, C::NG),
    city("Nairobi", None, C::KE),
    city("Cape Town", Some("Western Cape"), C::ZA),
    city("Johannesburg", Some("Gauteng"), C::ZA),
    city("Bengaluru", Some("Karnataka"), C::IN),
    city("Hyderabad", Some("Telangana"), C::IN),
    city("Pune", Some("Maharashtra"), C::IN),
    city("Karachi", Some("Sindh"), C::PK),
    city("Singapore", None, C::SG),
    city("Kuala Lumpur", None, C::MY),
    city("Jakarta", None, C::ID),
    city("Ho Chi Minh City", None, C::VN),
    city("Bangkok", None, C::TH),
    city("Manila", None, C::PH),
    city("Hong Kong", None, C::HK),
    city("Taipei", None, C::TW),
    city("Shanghai", None, C::CN),
    city("Seoul", None, C::KR),
    city("Tokyo", None, C::JP),
    city("Sydney", Some("New South Wales"), C::AU),
    city("Melbourne", Some("Victoria"), C::AU),
    city("Auckland", None, C::NZ),
];

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
            assert!(CITIES.iter().any(|c| c.country == i), "{}", country.code);
        }
    }
}
