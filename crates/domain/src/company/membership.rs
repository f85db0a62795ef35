//! Who belongs to a company, and with what role.
//!
//! Membership is one role per member, kept on the member's account beside the company it
//! names: an account belongs to at most one company, so the pair (company, role) on the
//! account says everything, and every request already reads the account to authenticate.
//! A company may have several owners, all equal: each may invite and remove members. The
//! one rule that spans members is that a company that has owners keeps at least one.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::account::Email;
use crate::ids::AccountId;
use crate::string_enum;

string_enum!(
    /// What a member may do in their company: both roles post and hire; owners also invite
    /// and remove members and see the company's invitations.
    MemberRole { Owner = "owner", Recruiter = "recruiter" }
);

/// A company's member, as its members and admins see them.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub account_id: AccountId,
    pub display_name: String,
    pub email: Email,
    pub role: MemberRole,
    pub joined_at: DateTime<Utc>,
}
