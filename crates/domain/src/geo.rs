//! Places the board knows by name, with their coordinates: the cities postings are generated
//! in and a search's `near` is resolved against. A posting's office is placed on the map when
//! its city and country are one of these; other offices are listed but never "near" anything.

/// A city with its coordinates (degrees, WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct City {
    pub name: &'static str,
    pub region: Option<&'static str>,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub latitude: f64,
    pub longitude: f64,
}

/// A point on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

impl City {
    pub fn point(&self) -> Point {
        Point {
            latitude: self.latitude,
            longitude: self.longitude,
        }
    }
}

const EARTH_RADIUS_KM: f64 = 6_371.0;

impl Point {
    /// Great-circle distance (haversine), in kilometres.
    pub fn distance_km(self, other: Point) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.longitude - self.longitude).to_radians();
        let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
    }
}

/// `name` without case or accents, so "sao paulo" finds "São Paulo".
fn folded(name: &str) -> String {
    name.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The city called `name` (case and accents do not matter).
pub fn city_named(name: &str) -> Option<&'static City> {
    let wanted = folded(name);
    CITIES.iter().find(|city| folded(city.name) == wanted)
}

/// The city called `name` in `country` (an office of a posting).
pub fn city_in(name: &str, country: &str) -> Option<&'static City> {
    city_named(name).filter(|city| city.country.eq_ignore_ascii_case(country))
}

const fn city(
    name: &'static str,
    region: Option<&'static str>,
    country: &'static str,
    latitude: f64,
    longitude: f64,
) -> City {
    City {
        name,
        region,
        country,
        latitude,
        longitude,
    }
}

/// Every city the board knows; names are unique once folded.
pub const CITIES: &[City] = &[
    city("San Francisco", Some("California"), "US", 37.77, -122.42),
    city("New York", Some("New York"), "US", 40.71, -74.01),
    city("Seattle", Some("Washington"), "US", 47.61, -122.33),
    city("Austin", Some("Texas"), "US", 30.27, -97.74),
    city("Boston", Some("Massachusetts"), "US", 42.36, -71.06),
    city("Chicago", Some("Illinois"), "US", 41.88, -87.63),
    city("Denver", Some("Colorado"), "US", 39.74, -104.99),
    city("Toronto", Some("Ontario"), "CA", 43.65, -79.38),
    city("Vancouver", Some("British Columbia"), "CA", 49.28, -123.12),
    city("Montreal", Some("Quebec"), "CA", 45.50, -73.57),
    city("Mexico City", None, "MX", 19.43, -99.13),
    city("Guadalajara", Some("Jalisco"), "MX", 20.67, -103.35),
    city("São Paulo", Some("São Paulo"), "BR", -23.55, -46.63),
    city(
        "Rio de Janeiro",
        Some("Rio de Janeiro"),
        "BR",
        -22.91,
        -43.17,
    ),
    city("Buenos Aires", None, "AR", -34.60, -58.38),
    city("Santiago", None, "CL", -33.45, -70.67),
    city("Bogotá", None, "CO", 4.71, -74.07),
    city("Medellín", Some("Antioquia"), "CO", 6.24, -75.58),
    city("London", Some("England"), "GB", 51.51, -0.13),
    city("Manchester", Some("England"), "GB", 53.48, -2.24),
    city("Edinburgh", Some("Scotland"), "GB", 55.95, -3.19),
    city("Dublin", None, "IE", 53.35, -6.26),
    city("Berlin", None, "DE", 52.52, 13.40),
    city("Munich", Some("Bavaria"), "DE", 48.14, 11.58),
    city("Hamburg", None, "DE", 53.55, 9.99),
    city("Frankfurt", Some("Hesse"), "DE", 50.11, 8.68),
    city("Paris", Some("Île-de-France"), "FR", 48.86, 2.35),
    city("Lyon", Some("Auvergne-Rhône-Alpes"), "FR", 45.76, 4.84),
    city("Amsterdam", Some("North Holland"), "NL", 52.37, 4.90),
    city("Rotterdam", Some("South Holland"), "NL", 51.92, 4.48),
    city("Madrid", None, "ES", 40.42, -3.70),
    city("Barcelona", Some("Catalonia"), "ES", 41.39, 2.17),
    city("Lisbon", None, "PT", 38.72, -9.14),
    city("Porto", None, "PT", 41.15, -8.61),
    city("Milan", Some("Lombardy"), "IT", 45.46, 9.19),
    city("Vienna", None, "AT", 48.21, 16.37),
    city("Zurich", None, "CH", 47.38, 8.54),
    city("Geneva", None, "CH", 46.20, 6.14),
    city("Stockholm", None, "SE", 59.33, 18.07),
    city("Oslo", None, "NO", 59.91, 10.75),
    city("Copenhagen", None, "DK", 55.68, 12.57),
    city("Helsinki", None, "FI", 60.17, 24.94),
    city("Tallinn", None, "EE", 59.44, 24.75),
    city("Warsaw", Some("Masovia"), "PL", 52.23, 21.01),
    city("Kraków", Some("Lesser Poland"), "PL", 50.06, 19.94),
    city("Prague", None, "CZ", 50.08, 14.44),
    city("Budapest", None, "HU", 47.50, 19.04),
    city("Bucharest", None, "RO", 44.43, 26.10),
    city("Kyiv", None, "UA", 50.45, 30.52),
    city("Istanbul", None, "TR", 41.01, 28.98),
    city("Tel Aviv", None, "IL", 32.09, 34.78),
    city("Dubai", None, "AE", 25.20, 55.27),
    city("Riyadh", None, "SA", 24.71, 46.68),
    city("Cairo", None, "EG", 30.04, 31.24),
    city("Lagos", None, "NG", 6.52, 3.38),
    city("Nairobi", None, "KE", -1.29, 36.82),
    city("Cape Town", Some("Western Cape"), "ZA", -33.92, 18.42),
    city("Johannesburg", Some("Gauteng"), "ZA", -26.20, 28.05),
    city("Bengaluru", Some("Karnataka"), "IN", 12.97, 77.59),
    city("Hyderabad", Some("Telangana"), "IN", 17.39, 78.49),
    city("Pune", Some("Maharashtra"), "IN", 18.52, 73.86),
    city("Karachi", Some("Sindh"), "PK", 24.86, 67.01),
    city("Singapore", None, "SG", 1.35, 103.82),
    city("Kuala Lumpur", None, "MY", 3.139, 101.687),
    city("Jakarta", None, "ID", -6.21, 106.85),
    city("Ho Chi Minh City", None, "VN", 10.82, 106.63),
    city("Bangkok", None, "TH", 13.76, 100.50),
    city("Manila", None, "PH", 14.60, 120.98),
    city("Hong Kong", None, "HK", 22.32, 114.17),
    city("Taipei", None, "TW", 25.03, 121.57),
    city("Shanghai", None, "CN", 31.23, 121.47),
    city("Seoul", None, "KR", 37.57, 126.98),
    city("Tokyo", None, "JP", 35.68, 139.69),
    city("Sydney", Some("New South Wales"), "AU", -33.87, 151.21),
    city("Melbourne", Some("Victoria"), "AU", -37.81, 144.96),
    city("Auckland", None, "NZ", -36.85, 174.76),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_without_case_or_accents_and_are_unique() {
        assert_eq!(city_named("sao paulo").map(|c| c.name), Some("São Paulo"));
        assert_eq!(city_named("  BERLIN ").map(|c| c.country), Some("DE"));
        assert!(city_named("Atlantis").is_none());
        assert!(city_in("Berlin", "US").is_none());
        for city in CITIES {
            assert_eq!(city_named(city.name), Some(city), "{}", city.name);
            assert!(
                crate::country::is_country_code(city.country),
                "{}",
                city.country
            );
        }
    }

    #[test]
    fn distances_are_great_circle_kilometres() {
        let berlin = city_named("Berlin").unwrap().point();
        let hamburg = city_named("Hamburg").unwrap().point();
        let sydney = city_named("Sydney").unwrap().point();
        let km = berlin.distance_km(hamburg);
        assert!((250.0..260.0).contains(&km), "{km}");
        assert!(berlin.distance_km(berlin) < 1e-9);
        let far = berlin.distance_km(sydney);
        assert!((16_000.0..16_200.0).contains(&far), "{far}");
    }
}
