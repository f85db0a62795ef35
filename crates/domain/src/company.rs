//! Companies that post jobs, their members and invitations to join them.

mod invitation;
mod membership;

pub use invitation::*;
pub use membership::*;

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, ValidationErrors};
use crate::ids::CompanyId;
use crate::text::{bounded, optional, Lines};

/// A company as the client sends it on creation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyInput {
    /// Holds at least two ASCII letters or digits, from which its URL slug is made.
    pub name: String,
    pub description: Option<String>,
    /// `https://` or `http://` URL of the company's site.
    pub website: Option<String>,
    pub headquarters: Option<String>,
}

/// A checked company.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyProfile {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub headquarters: Option<String>,
}

impl CompanyInput {
    pub fn parse(&self) -> Result<CompanyProfile, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check(bounded("name", &self.name, 2, 120, Lines::Single));
        let slug = name
            .as_deref()
            .and_then(|n| errors.check(slugify("name", n)));
        let description = errors.check(optional(
            "description",
            self.description.as_deref(),
            5000,
            Lines::Multi,
        ));
        let website = errors.check(parse_website(self.website.as_deref()));
        let headquarters = errors.check(optional(
            "headquarters",
            self.headquarters.as_deref(),
            120,
            Lines::Single,
        ));
        errors.into_result(|| CompanyProfile {
            slug: slug.unwrap_or_default(),
            name: name.unwrap_or_default(),
            description: description.flatten(),
            website: website.flatten(),
            headquarters: headquarters.flatten(),
        })
    }
}

fn parse_website(value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(url) = optional("website", value, 300, Lines::Single)? else {
        return Ok(None);
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['<', '>', '"', '\'', ' ', '\\']) => {
            Ok(Some(url))
        }
        _ => Err(FieldError::new("website", "must be an http(s) URL")),
    }
}

/// URL-safe identifier derived from a name: lowercase ASCII letters, digits and dashes.
pub fn slugify(field: &str, name: &str) -> Result<String, FieldError> {
    let mut slug = String::with_capacity(name.len());
    // ASCII is tested before lower-casing: some non-ASCII letters lower-case to ASCII ones
    // (the Kelvin sign to `k`), which the API's description of the name could not state.
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.len() < 2 {
        return Err(FieldError::new(
            field,
            "must contain at least two ASCII letters or digits",
        ));
    }
    Ok(slug
        .chars()
        .take(80)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned())
}

/// A company's public page data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Company {
    pub id: CompanyId,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub headquarters: Option<String>,
    /// Published postings currently listed.
    pub open_postings: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("n", "Acme, Inc.").unwrap(), "acme-inc");
        assert_eq!(slugify("n", "  Zürich Data AG ").unwrap(), "z-rich-data-ag");
        assert!(slugify("n", "!!").is_err());
    }

    #[test]
    fn websites_must_be_http() {
        assert!(parse_website(Some("javascript:alert(1)")).is_err());
        assert!(parse_website(Some("https://acme.example")).is_ok());
        assert_eq!(parse_website(Some("  ")).unwrap(), None);
    }
}
