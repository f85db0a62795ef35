//! Companies and their members: created by a recruiter who becomes the owner, joined by
//! single-use expiring invitations, left or removed, and never without an owner.

use hireboard_domain::account::Role;
use hireboard_domain::company::{Company, MemberRole};
use hireboard_domain::cursor::PageParams;
use hireboard_service::{ErrorCode, IssuedInvitation, RoleInput};
use serde_json::json;

use crate::support::{company_named, input, invitation, refused, token, Board, Caller};

async fn members(board: &Board, caller: &Caller, company: &Company) -> Vec<(i64, MemberRole)> {
    board
        .service
        .members(
            &board.ctx(caller).await,
            &company.slug,
            &PageParams::default(),
        )
        .await
        .unwrap()
        .items
        .iter()
        .map(|member| (member.account_id.0, member.role))
        .collect()
}

async fn invite(board: &Board, owner: &Caller, company: &Company, email: &str) -> IssuedInvitation {
    board
        .service
        .invite(
            &board.ctx(owner).await,
            &company.slug,
            invitation(email, "recruiter"),
        )
        .await
        .unwrap()
}

pub async fn the_creator_owns_the_company_and_belongs_to_one_only() {
    let board = Board::new().await;
    let (owner, company) = board.company("Acme Hiring").await;
    let account = board.reload(&owner).await;
    assert_eq!(account.company_id, Some(company.id));
    assert_eq!(account.company_role, Some(MemberRole::Owner));
    assert_eq!(
        members(&board, &owner, &company).await,
        [(owner.id.0, MemberRole::Owner)]
    );
    refused(
        board
            .service
            .create_company(&board.ctx(&owner).await, company_named("Second Venture"))
            .await,
        ErrorCode::AlreadyInCompany,
    );
    let other = board.account(Role::Recruiter).await;
    refused(
        board
            .service
            .create_company(&board.ctx(&other).await, company_named("Acme Hiring"))
            .await,
        ErrorCode::CompanyExists,
    );
    assert_eq!(board.reload(&other).await.company_id, None);
}

pub async fn an_invitation_is_accepted_once_by_its_addressee() {
    let board = Board::new().await;
    let (owner, company) = board.company("Inviting Co").await;
    let invitee = board.account(Role::Recruiter).await;
    let stranger = board.account(Role::Recruiter).await;
    let issued = invite(&board, &owner, &company, &invitee.email).await;
    let service = &board.service;

    refused(
        service
            .accept_invitation(&board.ctx(&stranger).await, token(&issued.token))
            .await,
        ErrorCode::NotFound,
    );
    let candidate = board.account(Role::Candidate).await;
    refused(
        service
            .accept_invitation(&board.ctx(&candidate).await, token(&issued.token))
            .await,
        ErrorCode::Forbidden,
    );
    let joined = service
        .accept_invitation(&board.ctx(&invitee).await, token(&issued.token))
        .await
        .unwrap();
    assert_eq!(joined.resource.company.id, company.id);
    assert_eq!(joined.resource.role, MemberRole::Recruiter);
    assert_eq!(board.reload(&invitee).await.company_id, Some(company.id));

    // Used: nobody accepts it again, the invitee (now a member) included.
    refused(
        service
            .accept_invitation(&board.ctx(&stranger).await, token(&issued.token))
            .await,
        ErrorCode::NotFound,
    );
    refused(
        service
            .accept_invitation(&board.ctx(&invitee).await, token(&issued.token))
            .await,
        ErrorCode::AlreadyInCompany,
    );
    assert_eq!(members(&board, &owner, &company).await.len(), 2);
    assert_eq!(board.reload(&stranger).await.company_id, None);
}

pub async fn invitations_expire_and_can_be_revoked() {
    let board = Board::new().await;
    let (owner, company) = board.company("Expiring Invitations").await;
    let late = board.account(Role::Recruiter).await;
    let revoked = board.account(Role::Recruiter).await;
    let expiring = invite(&board, &owner, &company, &late.email).await;
    let withdrawn = invite(&board, &owner, &company, &revoked.email).await;
    let service = &board.service;

    service
        .revoke_invitation(
            &board.ctx(&owner).await,
            &company.slug,
            withdrawn.invitation.id,
        )
        .await
        .unwrap();
    refused(
        service
            .revoke_invitation(
                &board.ctx(&owner).await,
                &company.slug,
                withdrawn.invitation.id,
            )
            .await,
        ErrorCode::InvitationNotPending,
    );
    refused(
        service
            .accept_invitation(&board.ctx(&revoked).await, token(&withdrawn.token))
            .await,
        ErrorCode::NotFound,
    );

    let ttl = hireboard_service::ServiceConfig::default().invitation_ttl;
    board.clock.advance(ttl + chrono::Duration::seconds(1));
    // Sessions idle that long have ended too: both log in again.
    let (owner, late) = (
        board.login(&owner.email).await,
        board.login(&late.email).await,
    );
    refused(
        service
            .accept_invitation(&board.ctx(&late).await, token(&expiring.token))
            .await,
        ErrorCode::NotFound,
    );
    let pending = service
        .invitations(
            &board.ctx(&owner).await,
            &company.slug,
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert!(pending.items.is_empty());
    assert_eq!(members(&board, &owner, &company).await.len(), 1);
}

pub async fn only_owners_invite_and_remove_and_members_may_leave() {
    let board = Board::new().await;
    let (owner, company) = board.company("Members Co").await;
    let member = board.account(Role::Recruiter).await;
    let colleague = board.account(Role::Recruiter).await;
    board.join(&owner, &company, &member, "recruiter").await;
    board.join(&owner, &company, &colleague, "recruiter").await;
    let service = &board.service;
    let member_ctx = board.ctx(&member).await;

    refused(
        service
            .invite(
                &member_ctx,
                &company.slug,
                invitation("x@example.com", "recruiter"),
            )
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .remove_member(&member_ctx, &company.slug, colleague.id)
            .await,
        ErrorCode::Forbidden,
    );
    let outsider = board.account(Role::Recruiter).await;
    refused(
        service
            .members(
                &board.ctx(&outsider).await,
                &company.slug,
                &PageParams::default(),
            )
            .await,
        ErrorCode::Forbidden,
    );

    service
        .remove_member(&member_ctx, &company.slug, member.id)
        .await
        .unwrap();
    service
        .remove_member(&board.ctx(&owner).await, &company.slug, colleague.id)
        .await
        .unwrap();
    assert_eq!(
        members(&board, &owner, &company).await,
        [(owner.id.0, MemberRole::Owner)]
    );
    // Out of the company, a recruiter may start another.
    let account = board.reload(&member).await;
    assert_eq!((account.company_id, account.company_role), (None, None));
    service
        .create_company(&board.ctx(&member).await, company_named("Fresh Start"))
        .await
        .unwrap();
}

pub async fn the_last_owner_stays() {
    let board = Board::new().await;
    let (owner, company) = board.company("Owned Co").await;
    let member = board.account(Role::Recruiter).await;
    board.join(&owner, &company, &member, "recruiter").await;
    let admin = board.account(Role::Admin).await;
    let service = &board.service;

    refused(
        service
            .remove_member(&board.ctx(&owner).await, &company.slug, owner.id)
            .await,
        ErrorCode::LastOwner,
    );
    refused(
        service
            .remove_member(&board.ctx(&admin).await, &company.slug, owner.id)
            .await,
        ErrorCode::LastOwner,
    );
    assert_eq!(
        members(&board, &owner, &company).await,
        [
            (owner.id.0, MemberRole::Owner),
            (member.id.0, MemberRole::Recruiter)
        ]
    );

    // With a second owner, either may go.
    let co_owner = board.account(Role::Recruiter).await;
    board.join(&owner, &company, &co_owner, "owner").await;
    service
        .remove_member(&board.ctx(&owner).await, &company.slug, owner.id)
        .await
        .unwrap();
    assert_eq!(board.reload(&owner).await.company_id, None);
    refused(
        service
            .remove_member(&board.ctx(&co_owner).await, &company.slug, co_owner.id)
            .await,
        ErrorCode::LastOwner,
    );
}

pub async fn two_owners_leaving_at_once_leave_one_behind() {
    let board = Board::new().await;
    let (owner, company) = board.company("Racing Owners").await;
    let co_owner = board.account(Role::Recruiter).await;
    board.join(&owner, &company, &co_owner, "owner").await;
    let (first, second) = (board.ctx(&owner).await, board.ctx(&co_owner).await);
    let service = &board.service;

    let (left, also_left) = tokio::join!(
        service.remove_member(&first, &company.slug, owner.id),
        service.remove_member(&second, &company.slug, co_owner.id),
    );
    let outcomes = [left.map_err(|e| e.code()), also_left.map_err(|e| e.code())];
    assert_eq!(
        outcomes.iter().filter(|outcome| outcome.is_ok()).count(),
        1,
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&Err(ErrorCode::LastOwner)),
        "{outcomes:?}"
    );
    let admin = board.account(Role::Admin).await;
    let remaining = members(&board, &admin, &company).await;
    assert_eq!(remaining.len(), 1);
    assert_eq!(remaining[0].1, MemberRole::Owner);
}

/// Invited by two companies, a recruiter accepting both at once joins exactly one.
pub async fn accepting_two_invitations_at_once_joins_one_company() {
    let board = Board::new().await;
    let (first_owner, first) = board.company("First Offer").await;
    let (second_owner, second) = board.company("Second Offer").await;
    let recruiter = board.account(Role::Recruiter).await;
    let from_first = invite(&board, &first_owner, &first, &recruiter.email).await;
    let from_second = invite(&board, &second_owner, &second, &recruiter.email).await;
    let ctx = board.ctx(&recruiter).await;
    let service = &board.service;

    let (one, other) = tokio::join!(
        service.accept_invitation(&ctx, token(&from_first.token)),
        service.accept_invitation(&ctx, token(&from_second.token)),
    );
    let joined = match (one, other) {
        (Ok(joined), Err(refused)) | (Err(refused), Ok(joined)) => {
            assert_eq!(refused.code(), ErrorCode::AlreadyInCompany, "{refused}");
            joined.resource.company
        }
        outcomes => panic!("expected exactly one to join: {outcomes:?}"),
    };
    assert_eq!(board.reload(&recruiter).await.company_id, Some(joined.id));
    let count = members(&board, &first_owner, &first).await.len()
        + members(&board, &second_owner, &second).await.len();
    assert_eq!(count, 3);
}

/// An owner's powers stop at their own company: its slug names whom they act on.
pub async fn owners_act_only_on_their_own_company() {
    let board = Board::new().await;
    let (owner, company) = board.company("Own Co").await;
    let (rival_owner, rival) = board.company("Other Co").await;
    let rival_member = board.account(Role::Recruiter).await;
    board
        .join(&rival_owner, &rival, &rival_member, "recruiter")
        .await;
    let rival_invitation = invite(&board, &rival_owner, &rival, "someone@example.com").await;
    let ctx = board.ctx(&owner).await;
    let service = &board.service;

    refused(
        service
            .remove_member(&ctx, &company.slug, rival_member.id)
            .await,
        ErrorCode::NotFound,
    );
    refused(
        service
            .remove_member(&ctx, &rival.slug, rival_member.id)
            .await,
        ErrorCode::Forbidden,
    );
    refused(
        service
            .revoke_invitation(&ctx, &company.slug, rival_invitation.invitation.id)
            .await,
        ErrorCode::NotFound,
    );
    refused(
        service
            .invitations(&ctx, &rival.slug, &PageParams::default())
            .await,
        ErrorCode::Forbidden,
    );
    assert_eq!(board.reload(&rival_member).await.company_id, Some(rival.id));
    let pending = service
        .invitations(
            &board.ctx(&rival_owner).await,
            &rival.slug,
            &PageParams::default(),
        )
        .await
        .unwrap();
    assert_eq!(pending.items.len(), 1);
}

/// The invited address matches its account whatever the case it was typed in.
pub async fn invitations_match_addresses_case_insensitively() {
    let board = Board::new().await;
    let (owner, company) = board.company("Casing Co").await;
    let invitee = board.account(Role::Recruiter).await;
    let shouted = invitee.email.to_uppercase();
    let issued = invite(&board, &owner, &company, &shouted).await;
    assert_eq!(issued.invitation.email, shouted);
    let joined = board
        .service
        .accept_invitation(&board.ctx(&invitee).await, token(&issued.token))
        .await
        .unwrap();
    assert_eq!(joined.resource.company.id, company.id);
}

/// Only recruiters act for a company, so a member keeps that role until they leave: taking
/// it away would leave the company an owner (or member) in name only, and could leave it
/// with no owner at all.
pub async fn members_keep_the_recruiter_role_until_they_leave() {
    let board = Board::new().await;
    let (owner, company) = board.company("Role Bound Co").await;
    let admin = board.ctx(&board.account(Role::Admin).await).await;
    let service = &board.service;

    for role in ["moderator", "candidate", "admin"] {
        refused(
            service
                .grant_role(
                    &admin,
                    owner.id,
                    input::<RoleInput>(json!({ "role": role })),
                )
                .await,
            ErrorCode::AlreadyInCompany,
        );
    }
    let account = board.reload(&owner).await;
    assert_eq!(account.role, Role::Recruiter);
    assert_eq!(account.company_role, Some(MemberRole::Owner));
    // The owner still acts for the company.
    invite(&board, &owner, &company, "next@example.com").await;

    let member = board.account(Role::Recruiter).await;
    board.join(&owner, &company, &member, "recruiter").await;
    service
        .remove_member(&board.ctx(&member).await, &company.slug, member.id)
        .await
        .unwrap();
    let promoted = service
        .grant_role(
            &admin,
            member.id,
            input::<RoleInput>(json!({"role": "moderator"})),
        )
        .await
        .unwrap();
    assert_eq!(
        (promoted.resource.role, promoted.resource.company_id),
        (Role::Moderator, None)
    );
}
