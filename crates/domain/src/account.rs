//! Accounts: email, password policy, roles.

use serde::{Deserialize, Serialize};

use crate::company::MemberRole;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::{AccountId, CompanyId};
use crate::text::{bounded, lower_case, Lines};

/// A normalized (trimmed, lower-cased) email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

/// Deserializing checks the address as [`Email::parse`] does.
impl TryFrom<String> for Email {
    type Error = String;

    fn try_from(value: String) -> Result<Email, String> {
        Email::parse("email", &value).map_err(|error| error.reason)
    }
}

impl Email {
    /// Lengths count characters as sent, as the API states them; lower-casing keeps one
    /// character for each (see [`lower_case`]), so a stored address passes this check again.
    pub fn parse(field: &str, value: &str) -> Result<Email, FieldError> {
        let invalid = || FieldError::new(field, "must be a valid email address");
        if value.chars().count() > 254 {
            return Err(FieldError::new(field, "must be at most 254 characters"));
        }
        let value = value.trim();
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.chars().count() <= 64
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if domain_ok && local_ok {
            Ok(Email(lower_case(value)))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds an email read back from the store, where it was already checked.
    pub fn from_trusted(value: String) -> Email {
        Email(value)
    }
}

/// A password that passed the policy: 8 to 128 characters, not a common or easily guessed one.
/// It never implements `Debug` output of its content nor `Serialize`.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_CHARS: usize = 128;

    /// Checks a new password. `context` holds user data (email, name) that must not make up
    /// the password.
    pub fn parse_new(field: &str, value: &str, context: &[&str]) -> Result<Password, FieldError> {
        let count = value.chars().count();
        if count < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if count > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        // zxcvbn's dictionaries hold the most common leaked passwords; a score below 2 means
        // the password falls to an online guessing attack in well under a million tries.
        let estimate = zxcvbn::zxcvbn(value, context);
        if (estimate.score() as u8) < 2 {
            return Err(FieldError::new(
                field,
                "is too common or easy to guess; use a longer passphrase",
            ));
        }
        Ok(Password(value.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What an account may do (see the permission table in docs/architecture.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Candidate,
    Recruiter,
    Moderator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Recruiter => "recruiter",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn from_db(value: &str) -> Option<Role> {
        Some(match value {
            "candidate" => Role::Candidate,
            "recruiter" => Role::Recruiter,
            "moderator" => Role::Moderator,
            "admin" => Role::Admin,
            _ => return None,
        })
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

/// Whether an account may log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Active,
    Suspended,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
        }
    }

    pub fn from_db(value: &str) -> Option<AccountStatus> {
        match value {
            "active" => Some(AccountStatus::Active),
            "suspended" => Some(AccountStatus::Suspended),
            _ => None,
        }
    }
}

/// A registration request as the client sends it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationInput {
    pub email: String,
    /// Not a common or easily guessed password, nor one made of the email or display name.
    pub password: String,
    pub display_name: String,
    /// `candidate` or `recruiter`; staff roles are granted by an admin.
    pub role: Role,
}

/// A checked registration.
#[derive(Debug)]
pub struct Registration {
    pub email: Email,
    pub password: Password,
    pub display_name: String,
    pub role: Role,
}

impl RegistrationInput {
    pub fn parse(&self) -> Result<Registration, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let email = errors.check(Email::parse("email", &self.email));
        let display_name = errors.check(bounded(
            "display_name",
            &self.display_name,
            1,
            100,
            Lines::Single,
        ));
        let password = errors.check(Password::parse_new(
            "password",
            &self.password,
            &[&self.email, &self.display_name, "hireboard"],
        ));
        if !matches!(self.role, Role::Candidate | Role::Recruiter) {
            errors.push(FieldError::new(
                "role",
                "must be candidate or recruiter; staff roles are granted by an admin",
            ));
        }
        match (email, display_name, password) {
            (Some(email), Some(display_name), Some(password)) if errors.is_empty() => {
                Ok(Registration {
                    email,
                    password,
                    display_name,
                    role: self.role,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An account as its owner (and staff) see it. Never carries the password hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    /// The company this account belongs to, if any.
    pub company_id: Option<CompanyId>,
    /// Its role in that company (set exactly when `company_id` is).
    pub company_role: Option<MemberRole>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized() {
        let e = Email::parse("email", "  Ada@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "ada@exa..mple.com",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// A stored address is checked again when it is read back (a cached account, a
        /// replayed answer): whatever is accepted must pass unchanged.
        #[test]
        fn accepted_addresses_read_back_unchanged(
            local in "[a-zA-ZİIßΣǅ0-9.+_-]{1,66}",
            domain in "[a-zA-ZİΣ-]{1,10}\\.[a-zİ]{2,4}",
        ) {
            if let Ok(email) = Email::parse("email", &format!("{local}@{domain}")) {
                let stored = serde_json::to_string(&email).unwrap();
                let read: Email = serde_json::from_str(&stored)
                    .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{stored}: {e}")))?;
                proptest::prop_assert_eq!(read, email);
            }
        }
    }

    #[test]
    fn common_and_short_passwords_are_refused() {
        for bad in [
            "short",
            "password",
            "password1",
            "12345678",
            "qwertyuiop",
            "iloveyou123",
        ] {
            assert!(Password::parse_new("password", bad, &[]).is_err(), "{bad}");
        }
        assert!(Password::parse_new("password", "correct horse battery staple", &[]).is_ok());
        assert!(Password::parse_new("password", &"x9!".repeat(50), &[]).is_err());
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let p = Password::parse_new("password", "correct horse battery staple", &[]).unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn registration_refuses_staff_roles() {
        let input = RegistrationInput {
            email: "mod@example.com".into(),
            password: "correct horse battery staple".into(),
            display_name: "Mod".into(),
            role: Role::Moderator,
        };
        let err = input.parse().unwrap_err();
        assert_eq!(err.0[0].field, "role");
    }
}
