//! Company members and invitations: an invitation is used once, by its address, while
//! pending; a company keeps its last owner; both hold when requests race.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use hireboard_domain::account::{Account, Email, Role};
use hireboard_domain::company::{Invitation, MemberRole};
use hireboard_domain::ids::*;
use hireboard_store::*;
use serde_json::json;

use crate::fixtures::*;
use hireboard_domain::event::{AccountRoleChanged, Event, InvitationAccepted, InvitationRevoked};

const WEEK: Duration = Duration::days(7);

/// Invites `email` to `company`; the token's hash is `[token; 32]`.
async fn invite(
    store: &dyn Store,
    company: CompanyId,
    by: &Account,
    email: &str,
    role: MemberRole,
    token: u8,
    at: DateTime<Utc>,
) -> Invitation {
    let new = NewInvitation {
        company_id: company,
        email_as_typed: email.trim().to_owned(),
        email: Email::parse("email", email).unwrap(),
        role,
        token_hash: vec![token; 32],
        invited_by: by.id,
        now: at,
        expires_at: at + WEEK,
    };
    store.create_invitation(new, None).await.unwrap()
}

async fn accept(
    store: &dyn Store,
    invitation: &Invitation,
    who: &Account,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let acceptance = Acceptance {
        invitation: invitation.id,
        account: who.id,
        email: who.email.clone(),
        now: at,
    };
    store
        .accept_invitation(
            acceptance,
            Event::CompanyInvitationAccepted(InvitationAccepted {
                company: invitation.company_id,
                invitation: invitation.id,
                account: who.id,
                role: invitation.role,
            }),
        )
        .await
}

async fn membership(store: &dyn Store, who: &Account) -> (Option<CompanyId>, Option<MemberRole>) {
    let account = store.account(who.id).await.unwrap().unwrap();
    (account.company_id, account.company_role)
}

async fn remove(store: &dyn Store, company: CompanyId, who: &Account) -> StoreResult<()> {
    store
        .remove_member(company, who.id, now(), None, AccountId(1))
        .await
}

fn first_page(limit: u32) -> IdPage {
    IdPage { limit, after: None }
}

pub async fn invitations_are_used_once_by_the_invited_address(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let acme = company(&*store, &owner, "acme").await;
    let ada = account(&*store, "ada", Role::Recruiter).await;
    let bob = account(&*store, "bob", Role::Recruiter).await;
    let at = now();

    let invitation = invite(
        &*store,
        acme,
        &owner,
        " Ada@Example.com ",
        MemberRole::Recruiter,
        1,
        at,
    )
    .await;
    assert_eq!(invitation.email, "Ada@Example.com", "kept as typed");
    assert_eq!(invitation.email_normalized, ada.email);
    assert_eq!(
        (invitation.created_at, invitation.expires_at),
        (at, at + WEEK)
    );
    assert!(invitation.is_pending(at));
    assert_eq!(
        store.invitation_by_token(&[1; 32]).await.unwrap().as_ref(),
        Some(&invitation)
    );
    assert_eq!(
        store.invitation(invitation.id).await.unwrap().as_ref(),
        Some(&invitation)
    );
    assert!(store.invitation_by_token(&[9; 32]).await.unwrap().is_none());

    // Only the invited address may use it, and only a recruiter without a company.
    assert!(matches!(
        accept(&*store, &invitation, &bob, at).await,
        Err(StoreError::NotFound)
    ));
    let candidate = account(&*store, "cand", Role::Candidate).await;
    let to_candidate = invite(
        &*store,
        acme,
        &owner,
        "cand@example.com",
        MemberRole::Recruiter,
        2,
        at,
    )
    .await;
    assert!(matches!(
        accept(&*store, &to_candidate, &candidate, at).await,
        Err(StoreError::StateChanged)
    ));
    let member = account(&*store, "member", Role::Recruiter).await;
    company(&*store, &member, "globex").await;
    let to_member = invite(
        &*store,
        acme,
        &owner,
        "member@example.com",
        MemberRole::Recruiter,
        3,
        at,
    )
    .await;
    assert!(matches!(
        accept(&*store, &to_member, &member, at).await,
        Err(StoreError::StateChanged)
    ));
    for untouched in [&to_candidate, &to_member] {
        let stored = store.invitation(untouched.id).await.unwrap().unwrap();
        assert!(
            stored.is_pending(at),
            "a refused acceptance leaves it pending"
        );
    }
    assert_eq!(membership(&*store, &candidate).await, (None, None));

    // Not past its expiry.
    assert!(matches!(
        accept(&*store, &invitation, &ada, at + WEEK).await,
        Err(StoreError::NotFound)
    ));
    accept(
        &*store,
        &invitation,
        &ada,
        at + WEEK - Duration::microseconds(1),
    )
    .await
    .unwrap();
    assert_eq!(
        membership(&*store, &ada).await,
        (Some(acme), Some(MemberRole::Recruiter))
    );
    let used = store.invitation(invitation.id).await.unwrap().unwrap();
    assert!(used.accepted_at.is_some() && !used.is_pending(at));
    // Once used, never again, even by the same address after leaving.
    remove(&*store, acme, &ada).await.unwrap();
    assert!(matches!(
        accept(&*store, &invitation, &ada, at).await,
        Err(StoreError::NotFound)
    ));

    // Revoked: only once, and then unusable.
    let revocable = invite(
        &*store,
        acme,
        &owner,
        "ada@example.com",
        MemberRole::Owner,
        4,
        at,
    )
    .await;
    let revoke = |id| {
        let store = store.clone();
        async move {
            store
                .revoke_invitation(
                    id,
                    at,
                    None,
                    Event::CompanyInvitationRevoked(InvitationRevoked {
                        company: acme,
                        invitation: id,
                        by: owner.id,
                    }),
                )
                .await
        }
    };
    revoke(revocable.id).await.unwrap();
    assert!(matches!(
        revoke(revocable.id).await,
        Err(StoreError::StateChanged)
    ));
    assert!(matches!(
        revoke(used.id).await,
        Err(StoreError::StateChanged)
    ));
    assert!(matches!(
        accept(&*store, &revocable, &ada, at).await,
        Err(StoreError::NotFound)
    ));
    let expired = invite(
        &*store,
        acme,
        &owner,
        "late@example.com",
        MemberRole::Recruiter,
        5,
        at - WEEK,
    )
    .await;
    assert!(matches!(
        revoke(expired.id).await,
        Err(StoreError::StateChanged)
    ));

    // Pending: neither used, revoked nor expired; newest first, a page at a time.
    let (pending, more) = store
        .pending_invitations(acme, at, &first_page(1))
        .await
        .unwrap();
    assert_eq!((pending[0].id, more), (to_member.id, true));
    let next = IdPage {
        limit: 5,
        after: Some(pending[0].id.0),
    };
    let (rest, more) = store.pending_invitations(acme, at, &next).await.unwrap();
    assert_eq!(
        rest.iter().map(|i| i.id).collect::<Vec<_>>(),
        [to_candidate.id]
    );
    assert!(!more);
    let (later, _) = store
        .pending_invitations(acme, at + WEEK, &first_page(10))
        .await
        .unwrap();
    assert!(later.is_empty(), "all expired a week on");

    let events = outbox(&*store, 0).await;
    let created: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "company.invitation_created")
        .map(|e| InvitationId(e.payload["invitation"].as_i64().unwrap()))
        .collect();
    let ids = [&invitation, &to_candidate, &to_member, &revocable, &expired].map(|i| i.id);
    assert_eq!(created, ids, "the store names each new invitation");
    let count = |kind: &str| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(count("company.invitation_accepted"), 1);
    assert_eq!(count("company.invitation_revoked"), 1);
}

/// However many acceptances of one invitation race, the account joins once; an account
/// accepting two companies' invitations at the same moment joins one of them.
pub async fn concurrent_acceptances_join_exactly_once(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let acme = company(&*store, &owner, "acme").await;
    let rival = account(&*store, "rival", Role::Recruiter).await;
    let globex = company(&*store, &rival, "globex").await;
    for round in 0..10u8 {
        let at = now();
        let recruiter = account(&*store, &format!("r{round}"), Role::Recruiter).await;
        let address = recruiter.email.as_str().to_owned();
        let invitation = invite(
            &*store,
            acme,
            &owner,
            &address,
            MemberRole::Recruiter,
            round,
            at,
        )
        .await;
        let tries: Vec<_> = (0..4)
            .map(|_| {
                let (store, invitation, recruiter) =
                    (store.clone(), invitation.clone(), recruiter.clone());
                tokio::spawn(async move { accept(&*store, &invitation, &recruiter, at).await })
            })
            .collect();
        let mut joined = 0;
        for attempt in tries {
            match attempt.await.unwrap() {
                Ok(()) => joined += 1,
                Err(StoreError::NotFound | StoreError::StateChanged) => {}
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
        assert_eq!(joined, 1, "round {round}");
        assert_eq!(
            membership(&*store, &recruiter).await,
            (Some(acme), Some(MemberRole::Recruiter))
        );

        let torn = account(&*store, &format!("t{round}"), Role::Recruiter).await;
        let address = torn.email.as_str().to_owned();
        let offers = [
            invite(
                &*store,
                acme,
                &owner,
                &address,
                MemberRole::Recruiter,
                100 + round,
                at,
            )
            .await,
            invite(
                &*store,
                globex,
                &rival,
                &address,
                MemberRole::Owner,
                200 + round,
                at,
            )
            .await,
        ];
        let tries: Vec<_> = offers
            .iter()
            .map(|offer| {
                let (store, offer, torn) = (store.clone(), offer.clone(), torn.clone());
                tokio::spawn(async move { accept(&*store, &offer, &torn, at).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for attempt in tries {
            outcomes.push(attempt.await.unwrap());
        }
        let won: Vec<_> = outcomes.iter().map(Result::is_ok).collect();
        assert_eq!(
            won.iter().filter(|ok| **ok).count(),
            1,
            "round {round}: {outcomes:?}"
        );
        let (winner, loser) = if won[0] { (0, 1) } else { (1, 0) };
        assert_eq!(
            membership(&*store, &torn).await.0,
            Some(offers[winner].company_id)
        );
        let left = store.invitation(offers[loser].id).await.unwrap().unwrap();
        assert!(
            left.is_pending(at),
            "round {round}: the other offer stays open"
        );
    }
    let events = outbox(&*store, 0).await;
    let accepted = events
        .iter()
        .filter(|e| e.kind == "company.invitation_accepted")
        .count();
    assert_eq!(accepted, 20, "one event per join");
}

pub async fn members_leave_and_a_company_keeps_an_owner(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let acme = company(&*store, &owner, "acme").await;
    let co_owner = account(&*store, "co", Role::Recruiter).await;
    let recruiter = account(&*store, "rec", Role::Recruiter).await;
    let at = now();
    for (who, role, token) in [
        (&co_owner, MemberRole::Owner, 1),
        (&recruiter, MemberRole::Recruiter, 2),
    ] {
        let offer = invite(&*store, acme, &owner, who.email.as_str(), role, token, at).await;
        accept(&*store, &offer, who, at).await.unwrap();
    }
    // A second invitation to a member, sent before they leave, dies with their membership.
    let spare = invite(
        &*store,
        acme,
        &owner,
        "rec@example.com",
        MemberRole::Owner,
        3,
        at,
    )
    .await;
    let (posting, code) = draft(&*store, acme, &recruiter, content(json!({}))).await;

    let (page, more) = store.members(acme, &first_page(2)).await.unwrap();
    let seen: Vec<_> = page.iter().map(|m| (m.account_id, m.role)).collect();
    assert_eq!(
        seen,
        [
            (owner.id, MemberRole::Owner),
            (co_owner.id, MemberRole::Owner)
        ]
    );
    assert!(more);
    assert_eq!(page[1].email, co_owner.email);
    assert_eq!(page[1].joined_at, at);
    let next = IdPage {
        limit: 2,
        after: Some(page[1].account_id.0),
    };
    let (page, more) = store.members(acme, &next).await.unwrap();
    assert_eq!(
        page.iter()
            .map(|m| (m.account_id, m.role))
            .collect::<Vec<_>>(),
        [(recruiter.id, MemberRole::Recruiter)]
    );
    assert!(!more);

    remove(&*store, acme, &recruiter).await.unwrap();
    assert_eq!(membership(&*store, &recruiter).await, (None, None));
    assert!(matches!(
        remove(&*store, acme, &recruiter).await,
        Err(StoreError::NotFound)
    ));
    let stranger = account(&*store, "stranger", Role::Recruiter).await;
    assert!(matches!(
        remove(&*store, acme, &stranger).await,
        Err(StoreError::NotFound)
    ));
    let spare = store.invitation(spare.id).await.unwrap().unwrap();
    assert!(
        spare.revoked_at.is_some(),
        "pending invitations to a removed member are revoked"
    );
    assert!(matches!(
        accept(&*store, &spare, &recruiter, at).await,
        Err(StoreError::NotFound)
    ));
    let removed = outbox(&*store, 0).await;
    let removed = removed
        .iter()
        .rfind(|e| e.kind == "company.member_removed")
        .unwrap();
    assert_eq!(removed.payload["invitations_revoked"], json!([spare.id]));
    // What they posted stays with the company; they are free to found another.
    let kept = store.posting(code).await.unwrap().unwrap();
    assert_eq!((kept.id, kept.company_id), (posting, acme));
    let own = company(&*store, &recruiter, "rec-co").await;
    assert_eq!(
        membership(&*store, &recruiter).await,
        (Some(own), Some(MemberRole::Owner))
    );

    // Owners go until one is left.
    remove(&*store, acme, &owner).await.unwrap();
    assert!(matches!(
        remove(&*store, acme, &co_owner).await,
        Err(StoreError::Conflict(Rule::LastOwner))
    ));
    assert_eq!(
        membership(&*store, &co_owner).await,
        (Some(acme), Some(MemberRole::Owner))
    );
}

/// Two owners removed at the same moment (each leaving, or each removing the other): one
/// of them stays, every time.
pub async fn concurrent_removals_leave_one_owner(store: Arc<dyn Store>) {
    for round in 0..12u8 {
        let first = account(&*store, &format!("a{round}"), Role::Recruiter).await;
        let second = account(&*store, &format!("b{round}"), Role::Recruiter).await;
        let company = company(&*store, &first, &format!("co-{round}")).await;
        let at = now();
        let offer = invite(
            &*store,
            company,
            &first,
            second.email.as_str(),
            MemberRole::Owner,
            round,
            at,
        )
        .await;
        accept(&*store, &offer, &second, at).await.unwrap();
        let removals: Vec<_> = [first.clone(), second.clone()]
            .into_iter()
            .map(|owner| {
                let store = store.clone();
                tokio::spawn(async move { remove(&*store, company, &owner).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for removal in removals {
            outcomes.push(removal.await.unwrap());
        }
        let removed = outcomes.iter().filter(|o| o.is_ok()).count();
        let refused = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::Conflict(Rule::LastOwner))))
            .count();
        assert_eq!((removed, refused), (1, 1), "round {round}: {outcomes:?}");
        let (members, _) = store.members(company, &first_page(10)).await.unwrap();
        assert_eq!(members.len(), 1, "round {round}");
        assert_eq!(members[0].role, MemberRole::Owner);
    }
}

/// Only recruiters act for a company, so a member keeps the role until they leave.
pub async fn members_keep_the_recruiter_role(store: Arc<dyn Store>) {
    let owner = account(&*store, "owner", Role::Recruiter).await;
    let admin = account(&*store, "admin", Role::Admin).await;
    let acme = company(&*store, &owner, "acme").await;
    let grant = |role| {
        let audit = Audit {
            actor: admin.id,
            action: "grant_role",
            reason: None,
            now: now(),
        };
        store.set_account_role(
            owner.id,
            role,
            audit,
            Event::AccountRoleChanged(AccountRoleChanged {
                account: owner.id,
                role,
                by: None,
            }),
        )
    };
    for role in [Role::Candidate, Role::Moderator, Role::Admin] {
        assert!(matches!(grant(role).await, Err(StoreError::StateChanged)));
    }
    assert_eq!(grant(Role::Recruiter).await.unwrap().role, Role::Recruiter);
    assert_eq!(
        membership(&*store, &owner).await,
        (Some(acme), Some(MemberRole::Owner))
    );
    let changes = outbox(&*store, 0).await;
    assert_eq!(
        changes
            .iter()
            .filter(|change| change.kind == "account.role_changed")
            .count(),
        1,
        "refused changes record no event"
    );
}
