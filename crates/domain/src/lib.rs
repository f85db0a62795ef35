//! hireboard's domain: the types every other layer speaks, with their rules.
//!
//! Input arrives as the `*Input` structs (plain data, as an adapter received it; each adapter
//! owns its wire format) and becomes a domain value through `parse`, which returns every problem as a [`FieldError`]
//! naming the field. Past that point the core only sees checked values: a [`posting::PostingContent`]
//! cannot hold unsanitized HTML, an inverted salary range or an unknown skill format.
//!
//! Nothing here does I/O; the store, the service layer and the APIs build on these types.

pub mod account;
pub mod application;
pub mod company;
pub mod country;
pub mod cursor;
pub mod error;
pub mod event;
pub mod geo;
pub mod html;
pub mod ids;
pub mod interview;
pub mod posting;
pub mod report;
pub mod screening;
pub mod text;
pub mod whole;

pub use error::{FieldError, ValidationErrors};
