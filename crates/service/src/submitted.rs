//! Input as an adapter received it, read only once the caller may act.

use crate::error::ServiceResult;

/// The input of a use case as it arrived, not yet known to be readable.
///
/// A use case takes it only after it has authenticated the caller and decided that they may
/// act (the resource exists and is theirs to see and change), and before it validates
/// anything: a caller who may not act is told so whatever they sent, and never learns from a
/// body's problems what the endpoint would take.
///
/// An adapter that reads its request lazily (REST) passes its body, which turns into the
/// value or the error the body deserves here. Adapters whose frameworks parse input up front
/// (GraphQL, gRPC) and trusted callers pass plain values, which are `Submitted` as they are.
pub trait Submitted<T>: Send {
    /// The value, or why it could not be read ([`crate::ServiceError::Malformed`] and its
    /// neighbours).
    fn take(self) -> ServiceResult<T>;
}

impl<T: Send> Submitted<T> for T {
    fn take(self) -> ServiceResult<T> {
        Ok(self)
    }
}
