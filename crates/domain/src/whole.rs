//! Whole numbers as JSON has them: JSON has one number type, so `20.0` is the same value as
//! `20` (and JSON Schema's `integer` accepts both), while serde's integers refuse a fraction
//! part even when it is zero.

use serde::{Deserialize, Deserializer};
use serde_json::Number;

/// For `#[serde(deserialize_with = "...")]` on an unsigned integer field.
pub fn whole<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    let number = Number::deserialize(deserializer)?;
    to_whole(&number).ok_or_else(|| out_of_range::<D::Error>(&number))
}

/// [`whole`] for an optional field (which also needs `#[serde(default)]`).
pub fn whole_or_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    match Option::<Number>::deserialize(deserializer)? {
        None => Ok(None),
        Some(number) => to_whole(&number)
            .map(Some)
            .ok_or_else(|| out_of_range::<D::Error>(&number)),
    }
}

fn to_whole<T: TryFrom<u64>>(number: &Number) -> Option<T> {
    let value = number.as_u64().or_else(|| {
        number
            .as_f64()
            .filter(|f| f.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(f))
            .map(|f| f as u64)
    })?;
    T::try_from(value).ok()
}

fn out_of_range<E: serde::de::Error>(number: &Number) -> E {
    E::custom(format!(
        "invalid value: {number}, expected a whole number in range"
    ))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Years {
        #[serde(deserialize_with = "super::whole")]
        years: u8,
        #[serde(default, deserialize_with = "super::whole_or_null")]
        days: Option<u32>,
    }

    fn parse(json: &str) -> Result<(u8, Option<u32>), serde_json::Error> {
        serde_json::from_str::<Years>(json).map(|y| (y.years, y.days))
    }

    #[test]
    fn integral_numbers_are_accepted_in_either_spelling() {
        assert_eq!(parse(r#"{"years": 20}"#).unwrap(), (20, None));
        assert_eq!(
            parse(r#"{"years": 20.0, "days": 3e1}"#).unwrap(),
            (20, Some(30))
        );
        assert_eq!(parse(r#"{"years": 1, "days": null}"#).unwrap(), (1, None));
    }

    #[test]
    fn fractions_negatives_and_overflow_are_refused() {
        for bad in [
            r#"{"years": 2.5}"#,
            r#"{"years": -1}"#,
            r#"{"years": 256}"#,
            r#"{"years": -0.5}"#,
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.is_data(), "{bad}: {error}");
        }
    }
}
