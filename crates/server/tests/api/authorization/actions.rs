//! The table's vocabulary: who calls, and the use cases they try, with what each acts on in
//! the table's world (described in [`super::table`]).

/// Who performs an action.
#[derive(Debug, Clone, Copy)]
pub enum Caller {
    Anonymous,
    Candidate,
    /// A candidate who did not apply to the published posting.
    OtherCandidate,
    /// The recruiter who founded the company, its owner.
    Owner,
    /// A recruiter of the company who is not an owner.
    Member,
    /// A recruiter of another company.
    OtherRecruiter,
    Moderator,
    Admin,
    /// An account suspended after it logged in, presenting the credentials it had.
    Suspended,
}

/// One of the company's postings.
#[derive(Debug, Clone, Copy)]
pub enum Posting {
    /// Listed; the candidate applied to it.
    Published,
    Draft,
    /// Listed, for reports and moderators' decisions.
    Reported,
    /// Listed, to be closed.
    Closing,
}

/// One of the two invitations to revoke.
#[derive(Debug, Clone, Copy)]
pub enum Invitation {
    First,
    Second,
}

/// A member of the company, to remove.
#[derive(Debug, Clone, Copy)]
pub enum Colleague {
    Newcomer,
    Owner,
}

/// A hiring stage to move the candidate's application to.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    Viewed,
    Shortlisted,
}

/// A use case, with what it acts on.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Register,
    LogIn,
    LogOut,
    ReadOwnAccount,
    GrantModeratorRole,
    SuspendAccount,
    ReinstateAccount,
    CreateCompany,
    ReadCompany,
    ListMembers,
    RemoveMember(Colleague),
    Invite,
    ListInvitations,
    RevokeInvitation(Invitation),
    /// The outsider's invitation.
    AcceptInvitation,
    ListPostings,
    SuggestSearch,
    ReadPosting(Posting),
    DraftPosting,
    EditPosting(Posting),
    PublishPosting(Posting),
    ClosePosting(Posting),
    ReconfirmPosting(Posting),
    /// The interview questions that fit a posting, `limit` at a time.
    QuestionsForPosting {
        posting: Posting,
        limit: Option<u32>,
    },
    Apply(Posting),
    ListOwnApplications,
    ListApplicants(Posting),
    ReadPipeline(Posting),
    /// The candidate's application.
    ReadApplication,
    MoveApplication(Stage),
    WithdrawApplication,
    ReportPosting(Posting),
    ListReports,
    HidePosting(Posting),
    RestorePosting(Posting),
    RemovePosting(Posting),
    /// The first report ever made.
    DismissReport,
    ListQuestions,
    WriteQuestion,
    /// The owner's question.
    EditQuestion,
    DeleteQuestion,
}
