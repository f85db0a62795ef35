//! Companies and their members.

use chrono::{DateTime, Utc};
use hireboard_domain::company as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::AccountId;
use super::{wire_enum, wire_id};

wire_id!(
    /// A company that posts jobs.
    CompanyId
);

wire_enum!(
    hireboard_domain::company::MemberRole,
    /// What a member may do in their company: both roles post and hire; owners also invite
    /// and remove members and see the company's invitations.
    MemberRole { Owner = "owner", Recruiter = "recruiter" }
);

/// A company as the client sends it on creation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyInput {
    /// Holds at least two ASCII letters or digits, from which its URL slug is made.
    #[schema(
        min_length = 2,
        max_length = 120,
        pattern = "^<ws>*(?:<visible><char>*)?[A-Za-z0-9]<char>*[A-Za-z0-9](?:<char>*<visible>)?<ws>*$"
    )]
    name: String,
    #[schema(max_length = 5000, pattern = "<text>")]
    description: Option<String>,
    /// `https://` or `http://` URL of the company's site.
    #[schema(max_length = 300, pattern = "<website>")]
    website: Option<String>,
    #[schema(max_length = 120, pattern = "<line>")]
    headquarters: Option<String>,
}

/// A company's public page data.
#[derive(Debug, Serialize, ToSchema)]
pub struct Company {
    slug: String,
    name: String,
    description: Option<String>,
    website: Option<String>,
    headquarters: Option<String>,
    /// Published postings currently listed.
    open_postings: i64,
    created_at: DateTime<Utc>,
}

/// A company's member, as its members and admins see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    account_id: AccountId,
    display_name: String,
    email: String,
    role: MemberRole,
    joined_at: DateTime<Utc>,
}

impl From<CompanyInput> for domain::CompanyInput {
    fn from(input: CompanyInput) -> Self {
        let CompanyInput {
            name,
            description,
            website,
            headquarters,
        } = input;
        domain::CompanyInput {
            name,
            description,
            website,
            headquarters,
        }
    }
}

/// The internal id stays inside the system: the public API names a company by its slug.
impl From<domain::Company> for Company {
    fn from(company: domain::Company) -> Self {
        let domain::Company {
            id: _,
            slug,
            name,
            description,
            website,
            headquarters,
            open_postings,
            created_at,
        } = company;
        Company {
            slug,
            name,
            description,
            website,
            headquarters,
            open_postings,
            created_at,
        }
    }
}

impl From<domain::Member> for Member {
    fn from(member: domain::Member) -> Self {
        let domain::Member {
            account_id,
            display_name,
            email,
            role,
            joined_at,
        } = member;
        Member {
            account_id: account_id.into(),
            display_name,
            email: email.as_str().to_owned(),
            role: role.into(),
            joined_at,
        }
    }
}
