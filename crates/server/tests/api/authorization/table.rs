//! Who may do what, as data: each row is a use case and what each caller gets from it, in no
//! protocol's terms. Rows run in order against one world, so a row may find what an earlier
//! one left (a posting already published, a member already removed).
//!
//! The world: a company with its owner, a member who is not an owner and a newcomer to remove;
//! another company's recruiter; two candidates; a moderator; an admin; an account suspended
//! after logging in. The owner's company has a published posting (the candidate applied to
//! it), a draft, a published posting to report and moderate and one to close; the owner wrote
//! an interview question; invitations are pending for an outsider and two addresses to revoke.

use hireboard_service::ErrorCode::{self, *};

use super::actions::Action::*;
use super::actions::Caller::*;
use super::actions::{Action, Caller, Colleague, Invitation, Posting, Stage};

/// What a use case comes to: done, or refused with a code from the service's table.
pub type Outcome = Result<(), ErrorCode>;

pub const DONE: Outcome = Ok(());

/// An action and what each listed caller gets, in the order they try it.
pub struct Row {
    pub action: Action,
    pub expected: &'static [(Caller, Outcome)],
}

const fn row(action: Action, expected: &'static [(Caller, Outcome)]) -> Row {
    Row { action, expected }
}

/// Anyone may, signed in or not; credentials that no longer work are refused all the same,
/// never taken for anonymous.
const ANYONE: &[(Caller, Outcome)] = &[
    (Anonymous, DONE),
    (Candidate, DONE),
    (OtherCandidate, DONE),
    (Owner, DONE),
    (Member, DONE),
    (OtherRecruiter, DONE),
    (Moderator, DONE),
    (Admin, DONE),
    (Suspended, Err(Unauthenticated)),
];

/// The company's recruiters and admins only.
const COMPANY_RECRUITERS: &[(Caller, Outcome)] = &[
    (Anonymous, Err(Unauthenticated)),
    (Candidate, Err(Forbidden)),
    (OtherRecruiter, Err(Forbidden)),
    (Moderator, Err(Forbidden)),
    (Owner, DONE),
    (Member, DONE),
    (Admin, DONE),
];

/// Reads first, then writes in the order the world allows them.
pub const ROWS: &[Row] = &[
    row(ListPostings, ANYONE),
    row(SuggestSearch, ANYONE),
    row(ReadPosting(Posting::Published), ANYONE),
    row(
        QuestionsForPosting {
            posting: Posting::Published,
            limit: None,
        },
        ANYONE,
    ),
    row(ListQuestions, ANYONE),
    row(ReadCompany, ANYONE),
    // Accounts and sessions: anyone may register and log in.
    row(
        Register,
        &[
            (Suspended, Err(Unauthenticated)),
            (Anonymous, DONE),
            (Candidate, Err(EmailTaken)),
        ],
    ),
    row(
        LogIn,
        &[
            (Suspended, Err(Unauthenticated)),
            (Anonymous, DONE),
            (Candidate, DONE),
        ],
    ),
    // Drafts: only the company's recruiters and staff see them.
    row(
        ReadPosting(Posting::Draft),
        &[
            (Anonymous, Err(NotFound)),
            (Candidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Owner, DONE),
            (Member, DONE),
            (Moderator, DONE),
            (Admin, DONE),
        ],
    ),
    // An unlisted posting's questions are not found before a bad limit is looked at.
    row(
        QuestionsForPosting {
            posting: Posting::Draft,
            limit: Some(0),
        },
        &[
            (Anonymous, Err(NotFound)),
            (Candidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Owner, Err(ValidationFailed)),
        ],
    ),
    // Writing postings: the company's recruiters, and admins.
    row(
        DraftPosting,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Suspended, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (Owner, DONE),
            (OtherRecruiter, DONE),
        ],
    ),
    row(
        EditPosting(Posting::Draft),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Member, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        EditPosting(Posting::Published),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        ReconfirmPosting(Posting::Published),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        PublishPosting(Posting::Draft),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Moderator, Err(Forbidden)),
            (Admin, DONE),
            (Owner, Err(InvalidTransition)),
        ],
    ),
    row(
        ClosePosting(Posting::Closing),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, Err(InvalidTransition)),
        ],
    ),
    // Applications.
    row(
        Apply(Posting::Published),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Suspended, Err(Unauthenticated)),
            (Owner, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (OtherCandidate, DONE),
            (Candidate, Err(AlreadyApplied)),
        ],
    ),
    row(
        ListOwnApplications,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Owner, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (Candidate, DONE),
            (OtherCandidate, DONE),
        ],
    ),
    row(ListApplicants(Posting::Published), COMPANY_RECRUITERS),
    row(ReadPipeline(Posting::Published), COMPANY_RECRUITERS),
    row(
        ReadApplication,
        &[
            (Anonymous, Err(Unauthenticated)),
            (OtherCandidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Moderator, Err(NotFound)),
            (Candidate, DONE),
            (Owner, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        MoveApplication(Stage::Viewed),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(NotFound)),
            (OtherRecruiter, Err(NotFound)),
            (Moderator, Err(NotFound)),
            (Owner, DONE),
        ],
    ),
    row(MoveApplication(Stage::Shortlisted), &[(Admin, DONE)]),
    row(
        WithdrawApplication,
        &[
            (Anonymous, Err(Unauthenticated)),
            (OtherCandidate, Err(NotFound)),
            (Owner, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (Candidate, DONE),
        ],
    ),
    // Reports and moderation.
    row(
        ReportPosting(Posting::Reported),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Suspended, Err(Unauthenticated)),
            (Candidate, DONE),
            (Owner, DONE),
            (OtherRecruiter, DONE),
        ],
    ),
    row(
        ListReports,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        RestorePosting(Posting::Reported),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, DONE),
        ],
    ),
    row(
        HidePosting(Posting::Reported),
        &[
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (Admin, DONE),
        ],
    ),
    row(
        RemovePosting(Posting::Reported),
        &[
            (Owner, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Moderator, DONE),
        ],
    ),
    row(
        DismissReport,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (Moderator, Err(AlreadyResolved)),
        ],
    ),
    // Companies: owners (and admins) invite, list and revoke invitations and remove members;
    // members see who the members are; recruiters without a company accept.
    row(
        Invite,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Member, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        ListInvitations,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Member, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        RevokeInvitation(Invitation::First),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Member, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, Err(InvitationNotPending)),
        ],
    ),
    row(RevokeInvitation(Invitation::Second), &[(Admin, DONE)]),
    row(
        AcceptInvitation,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (Owner, Err(AlreadyInCompany)),
            (Member, Err(AlreadyInCompany)),
            (OtherRecruiter, Err(AlreadyInCompany)),
        ],
    ),
    row(
        ListMembers,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Member, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        RemoveMember(Colleague::Newcomer),
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherCandidate, Err(Forbidden)),
            (Member, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Owner, DONE),
            (Admin, Err(NotFound)),
        ],
    ),
    row(
        RemoveMember(Colleague::Owner),
        &[
            (OtherRecruiter, Err(Forbidden)),
            (Member, Err(Forbidden)),
            (Admin, Err(LastOwner)),
            (Owner, Err(LastOwner)),
        ],
    ),
    row(
        CreateCompany,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, Err(Forbidden)),
            (Owner, Err(AlreadyInCompany)),
            (Member, Err(AlreadyInCompany)),
        ],
    ),
    // Interview questions.
    row(
        WriteQuestion,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, DONE),
            (Moderator, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        EditQuestion,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Owner, DONE),
            (Moderator, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        DeleteQuestion,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (OtherRecruiter, Err(Forbidden)),
            (Owner, DONE),
            (Admin, Err(NotFound)),
        ],
    ),
    // Administration.
    row(
        GrantModeratorRole,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, DONE),
        ],
    ),
    row(
        SuspendAccount,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, DONE),
        ],
    ),
    row(
        ReinstateAccount,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Candidate, Err(Forbidden)),
            (Owner, Err(Forbidden)),
            (Moderator, Err(Forbidden)),
            (Admin, DONE),
        ],
    ),
    row(
        ReadOwnAccount,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Suspended, Err(Unauthenticated)),
            (Candidate, DONE),
            (Admin, DONE),
        ],
    ),
    row(
        LogOut,
        &[
            (Anonymous, Err(Unauthenticated)),
            (Suspended, Err(Unauthenticated)),
            (OtherCandidate, DONE),
        ],
    ),
];
