//! Live sessions by token hash, in this process: every authenticated request needs its session
//! and account, which change only when the session is used after a minute, ends, or its
//! account changes. Each of those writes an outbox event, so other instances drop what they
//! hold within one poll of the outbox ([`super::feed`]); this instance drops it at once.
//!
//! A value is used only while the outbox feed keeps up (the caller checks), and lives at most
//! [`TIME_TO_LIVE`] in any case, for changes made behind the application's back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hireboard_domain::account::Account;
use hireboard_domain::event::Event;
use hireboard_domain::ids::AccountId;
use hireboard_store::SessionRecord;
use moka::sync::Cache;

pub const TIME_TO_LIVE: Duration = Duration::from_secs(60);

pub struct SessionCache {
    sessions: Cache<Vec<u8>, (SessionRecord, Account)>,
    /// Counts invalidations, so that a value read from the database before one is not
    /// cached after it.
    invalidations: AtomicU64,
}

impl SessionCache {
    pub fn new(capacity: u64) -> SessionCache {
        SessionCache {
            sessions: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(TIME_TO_LIVE)
                .support_invalidation_closures()
                .build(),
            invalidations: AtomicU64::new(0),
        }
    }

    pub fn get(&self, token_hash: &[u8]) -> Option<(SessionRecord, Account)> {
        self.sessions.get(token_hash)
    }

    /// Where invalidations stand; pass it to [`SessionCache::fill`] with what is read after.
    pub fn mark(&self) -> u64 {
        self.invalidations.load(Ordering::Acquire)
    }

    /// Caches a session read from the database after `mark`, unless an invalidation came in
    /// between (inserting first and checking after leaves no gap for one to slip through).
    pub fn fill(&self, token_hash: Vec<u8>, value: (SessionRecord, Account), mark: u64) {
        self.sessions.insert(token_hash.clone(), value);
        if self.mark() != mark {
            self.sessions.invalidate(&token_hash);
        }
    }

    pub fn forget_session(&self, token_hash: &[u8]) {
        self.invalidations.fetch_add(1, Ordering::AcqRel);
        self.sessions.invalidate(token_hash);
    }

    pub fn forget_account(&self, account: AccountId) {
        self.invalidations.fetch_add(1, Ordering::AcqRel);
        // Only fails when closures are not enabled, which `new` does.
        let _ = self
            .sessions
            .invalidate_entries_if(move |_, (_, cached)| cached.id == account);
    }

    /// Drops every session, after an event this build cannot read: it may have changed any.
    pub fn forget_all(&self) {
        self.invalidations.fetch_add(1, Ordering::AcqRel);
        self.sessions.invalidate_all();
    }
}

/// The account whose sessions or authorizations an event changed, if any: a session ended,
/// a suspension or role change, or a recruiter joining or leaving a company.
pub(super) fn changed_account(event: &Event) -> Option<AccountId> {
    match event {
        Event::SessionRevoked(e) => Some(e.account),
        Event::AccountSuspended(e) => Some(e.account),
        Event::AccountRoleChanged(e) => Some(e.account),
        Event::CompanyCreated(e) => Some(e.owner),
        Event::CompanyInvitationAccepted(e) => Some(e.account),
        Event::CompanyMemberRemoved(e) => Some(e.account),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use hireboard_domain::account::{AccountStatus, Email, Role};
    use hireboard_domain::company::MemberRole;
    use hireboard_domain::event::*;
    use hireboard_domain::ids::{ApplicationId, CompanyId, InvitationId, JobCode};

    fn cached(id: i64) -> (SessionRecord, Account) {
        let now = Utc::now();
        let session = SessionRecord {
            created_at: now,
            last_used_at: now,
            expires_at: now,
        };
        let account = Account {
            id: AccountId(id),
            email: Email::from_trusted(format!("user{id}@example.com")),
            display_name: format!("user {id}"),
            role: Role::Recruiter,
            status: AccountStatus::Active,
            company_id: None,
            company_role: None,
            created_at: now,
        };
        (session, account)
    }

    #[test]
    fn a_fill_racing_an_invalidation_is_not_kept() {
        let cache = SessionCache::new(100);
        let mark = cache.mark();
        cache.forget_account(AccountId(1));
        cache.fill(vec![1], cached(1), mark);
        assert!(cache.get(&[1]).is_none());
        cache.fill(vec![1], cached(1), cache.mark());
        assert!(cache.get(&[1]).is_some());
    }

    #[test]
    fn events_drop_only_the_accounts_they_change() {
        let cache = SessionCache::new(100);
        for id in 1..=7 {
            cache.fill(vec![id as u8], cached(id), cache.mark());
        }
        let (company, invitation) = (CompanyId(1), InvitationId(1));
        let events = [
            Event::SessionRevoked(SessionRevoked {
                account: AccountId(1),
            }),
            Event::AccountSuspended(AccountSuspended {
                account: AccountId(2),
                status: AccountStatus::Suspended,
                by: AccountId(9),
            }),
            Event::CompanyCreated(CompanyCreated {
                company,
                slug: "acme".into(),
                name: "Acme".into(),
                owner: AccountId(3),
            }),
            Event::CompanyInvitationAccepted(InvitationAccepted {
                company,
                invitation,
                account: AccountId(4),
                role: MemberRole::Recruiter,
            }),
            Event::CompanyMemberRemoved(MemberRemoved {
                company,
                account: AccountId(5),
                by: AccountId(3),
                invitations_revoked: vec![],
            }),
            Event::CompanyInvitationCreated(InvitationCreated {
                company,
                invitation,
                role: MemberRole::Recruiter,
                by: AccountId(6),
            }),
            Event::ApplicationSubmitted(ApplicationSubmitted {
                application: ApplicationId(1),
                job_code: JobCode::new(1_234_567).unwrap(),
                candidate: AccountId(7),
            }),
        ];
        for account in events.iter().filter_map(changed_account) {
            cache.forget_account(account);
        }
        let kept: Vec<_> = (1..=7u8).filter(|id| cache.get(&[*id]).is_some()).collect();
        assert_eq!(kept, [6, 7]);
    }
}
