//! The one table of error codes. Every error any API answers has a code from here, and each
//! row says what the code means in each protocol: the HTTP status of the REST problem
//! document, the gRPC status code, and the GraphQL `extensions.code`. Adapters map from this
//! table and never invent codes; `docs/errors.md` is written from it (a test keeps it so).

/// gRPC status codes (grpc/status.proto), named here so the table needs no gRPC library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrpcCode {
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
}

impl GrpcCode {
    /// The name grpc/status.proto gives the code, e.g. `INVALID_ARGUMENT`.
    pub fn name(self) -> &'static str {
        match self {
            GrpcCode::InvalidArgument => "INVALID_ARGUMENT",
            GrpcCode::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcCode::NotFound => "NOT_FOUND",
            GrpcCode::AlreadyExists => "ALREADY_EXISTS",
            GrpcCode::PermissionDenied => "PERMISSION_DENIED",
            GrpcCode::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcCode::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcCode::Aborted => "ABORTED",
            GrpcCode::Unimplemented => "UNIMPLEMENTED",
            GrpcCode::Internal => "INTERNAL",
            GrpcCode::Unavailable => "UNAVAILABLE",
            GrpcCode::Unauthenticated => "UNAUTHENTICATED",
        }
    }
}

/// Declares [`ErrorCode`]: one row per code with its wire name, HTTP status, gRPC code,
/// GraphQL `extensions.code` and what it means.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $http:literal, $grpc:ident, $graphql:literal, $description:literal;)+) => {
        /// A stable, machine-readable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)+
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The code as every protocol spells it, e.g. `already_applied`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)+ }
            }

            /// The HTTP status of the REST problem document.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $http,)+ }
            }

            pub fn grpc(self) -> GrpcCode {
                match self { $(ErrorCode::$variant => GrpcCode::$grpc,)+ }
            }

            /// The GraphQL error's `extensions.code`.
            pub fn graphql(self) -> &'static str {
                match self { $(ErrorCode::$variant => $graphql,)+ }
            }

            /// What the code means, in one line.
            pub fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $description,)+ }
            }
        }
    };
}

error_codes! {
    // Input that could not be read or broke a rule.
    MalformedRequest = "malformed_request", 400, InvalidArgument, "BAD_REQUEST",
        "The input is not well-formed (not JSON, not UTF-8, or a malformed parameter); `errors` names where.";
    UnsupportedMediaType = "unsupported_media_type", 415, InvalidArgument, "BAD_REQUEST",
        "The input is not in a format the operation reads (REST: send `application/json`).";
    BodyTooLarge = "body_too_large", 413, ResourceExhausted, "BAD_REQUEST",
        "The input is larger than the most that is read (1 MiB).";
    ValidationFailed = "validation_failed", 422, InvalidArgument, "BAD_USER_INPUT",
        "The input broke a rule: a field missing, unknown, of the wrong type or value; `errors` names each.";
    // Who is asking.
    Unauthenticated = "unauthenticated", 401, Unauthenticated, "UNAUTHENTICATED",
        "No valid credentials: log in and send the bearer token; an expired or revoked one is refused too.";
    InvalidCredentials = "invalid_credentials", 401, Unauthenticated, "UNAUTHENTICATED",
        "The email and password do not match an active account (the same answer for every reason).";
    Forbidden = "forbidden", 403, PermissionDenied, "FORBIDDEN",
        "The caller is known but may not do this.";
    NotFound = "not_found", 404, NotFound, "NOT_FOUND",
        "No such resource, or the caller may not know it exists.";
    MethodNotAllowed = "method_not_allowed", 405, Unimplemented, "BAD_REQUEST",
        "The operation does not exist for this resource (REST: the method is not allowed here).";
    // The state of the board.
    EmailTaken = "email_taken", 409, AlreadyExists, "CONFLICT",
        "An account with this email already exists.";
    CompanyExists = "company_exists", 409, AlreadyExists, "CONFLICT",
        "A company with this name already exists.";
    AlreadyInCompany = "already_in_company", 409, FailedPrecondition, "CONFLICT",
        "The recruiter already belongs to a company.";
    NoCompany = "no_company", 409, FailedPrecondition, "CONFLICT",
        "The recruiter must create or join a company first.";
    LastOwner = "last_owner", 409, FailedPrecondition, "CONFLICT",
        "A company keeps at least one owner.";
    InvitationNotPending = "invitation_not_pending", 409, FailedPrecondition, "CONFLICT",
        "The invitation was already accepted or revoked.";
    NotOpen = "not_open", 409, FailedPrecondition, "CONFLICT",
        "The posting is not listed, so it takes no applications or reports.";
    NotEditable = "not_editable", 409, FailedPrecondition, "CONFLICT",
        "The posting's state does not allow edits.";
    InvalidTransition = "invalid_transition", 409, FailedPrecondition, "CONFLICT",
        "The resource cannot move from its current state to the one asked for.";
    AlreadyApplied = "already_applied", 409, AlreadyExists, "CONFLICT",
        "The candidate has already applied to this posting.";
    AlreadyReported = "already_reported", 409, AlreadyExists, "CONFLICT",
        "The account has already reported this posting.";
    AlreadyResolved = "already_resolved", 409, FailedPrecondition, "CONFLICT",
        "The report is already resolved.";
    StateChanged = "state_changed", 409, Aborted, "CONFLICT",
        "The resource changed meanwhile; reload it and retry.";
    // Retries.
    IdempotencyInProgress = "idempotency_in_progress", 409, Aborted, "CONFLICT",
        "A request with this idempotency key is still running; retry later.";
    IdempotencyKeyReused = "idempotency_key_reused", 409, FailedPrecondition, "CONFLICT",
        "This idempotency key was used for a different request.";
    RateLimited = "rate_limited", 429, ResourceExhausted, "RATE_LIMITED",
        "Too many attempts; retry after the time given (REST: `Retry-After`).";
    // The service itself.
    RequestTimeout = "request_timeout", 408, DeadlineExceeded, "TIMEOUT",
        "The request took longer than the time allowed.";
    Unavailable = "unavailable", 503, Unavailable, "UNAVAILABLE",
        "A dependency (the database) does not answer; retry shortly.";
    Internal = "internal", 500, Internal, "INTERNAL_SERVER_ERROR",
        "An unexpected error; it has been logged with the request id.";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/errors.md`, written from the table.
    fn reference() -> String {
        let mut page = String::from(
            "# Error codes\n\n\
             Every error hireboard answers carries one of these codes. Over REST it is the problem\n\
             document's `code` (and its `type`, `urn:hireboard:problem:{code}`), with the HTTP status\n\
             of its row; each row also fixes the gRPC status and the GraphQL `extensions.code` the\n\
             code maps to, so every API answers the same error the same way. This page is written\n\
             from the table in `crates/service/src/codes.rs`; a test fails when they differ\n\
             (`UPDATE_DOCS=1 cargo test -p hireboard-service` rewrites it).\n\n\
             | code | HTTP | gRPC | GraphQL | meaning |\n|---|---|---|---|---|\n",
        );
        for code in ErrorCode::ALL {
            page.push_str(&format!(
                "| `{}` | {} | `{}` | `{}` | {} |\n",
                code.as_str(),
                code.http_status(),
                code.grpc().name(),
                code.graphql(),
                code.description()
            ));
        }
        page
    }

    #[test]
    fn the_error_reference_is_written_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/errors.md");
        let expected = reference();
        if std::env::var("UPDATE_DOCS").as_deref() == Ok("1") {
            std::fs::write(path, &expected).expect("docs/errors.md written");
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == expected,
            "docs/errors.md differs from the code table; run UPDATE_DOCS=1 cargo test -p hireboard-service"
        );
    }

    #[test]
    fn codes_are_unique_and_statuses_are_errors() {
        let mut names = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(names.insert(code.as_str()), "{code:?} twice");
            assert!((400..600).contains(&code.http_status()), "{code:?}");
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }
}
