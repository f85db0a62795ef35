//! Handlers, one module per resource.

pub mod accounts;
pub mod applications;
pub mod companies;
pub mod invitations;
pub mod jobs;
pub mod moderation;
pub mod questions;
pub mod search;
