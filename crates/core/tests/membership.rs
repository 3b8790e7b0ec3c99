//! Alliance membership by invitation: the leader invites with roles, the
//! invitee accepts (only then a member) or declines; every member has a role.

use concord_core::Engine;
use concord_core::alliance::MemberStatus;
use concord_core::command::CommandBody;
use concord_core::error::EngineError;
use concord_core::kernel::{InvitationRef, InviteMember};
use concord_core::problem::Problem;
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::AllianceId;

use crate::common::{admin, dev};

fn alliance() -> AllianceId {
    "gov-play-pool".parse().unwrap()
}

fn invite(account: usize, roles: &[&str], voucher: Option<&str>) -> CommandBody {
    let mut member = sample_charter().alliance.members[0].clone();
    member.account = dev(account);
    member.name = format!("Dev {account}");
    member.kind = concord_core::alliance::MemberKind::Individual;
    member.community = None;
    member.roles = roles.iter().map(|r| (*r).to_owned()).collect();
    member.voucher = voucher.map(str::to_owned);
    CommandBody::InviteMember(Box::new(InviteMember { alliance: alliance(), member }))
}

fn answer(accept: bool) -> CommandBody {
    let r = InvitationRef { alliance: alliance() };
    if accept { CommandBody::AcceptInvitation(r) } else { CommandBody::DeclineInvitation(r) }
}

fn status(e: &Engine, i: usize) -> Option<MemberStatus> {
    e.state().alliances[&alliance()].spec.member(dev(i)).map(|m| m.status)
}

fn refused(field: &str, rule: &str) -> EngineError {
    EngineError::InvalidAlliance { problems: vec![Problem::new(field.to_owned(), rule.to_owned())] }
}

#[test]
fn an_invitee_counts_only_after_accepting_and_may_decline() {
    let leader = sample_charter().alliance.leader;
    assert_eq!(leader, admin());
    let mut e = Engine::genesis(&sample_charter());
    e.apply(&cmd(leader, 10, invite(7, &["developer"], None))).unwrap();
    assert_eq!(status(&e, 7), Some(MemberStatus::Invited));
    e.apply(&cmd(dev(7), 11, answer(true))).unwrap();
    assert_eq!(status(&e, 7), Some(MemberStatus::Member));
    e.apply(&cmd(leader, 12, invite(8, &["voucher"], Some("vouches for the team's audits")))).unwrap();
    e.apply(&cmd(dev(8), 13, answer(false))).unwrap();
    assert_eq!(status(&e, 8), None);
    let m = e.state().alliances[&alliance()].spec.members.len();
    assert_eq!(m, sample_charter().alliance.members.len() + 1);
}

#[test]
fn bad_invitations_name_the_field_and_change_nothing() {
    let leader = admin();
    let s = || Scenario::from_engine(Engine::genesis(&sample_charter()));
    s().when(&cmd(dev(5), 10, invite(7, &["developer"], None)))
        .then_error(&EngineError::LeaderNotActor { actor: dev(5), leader });
    s().when(&cmd(leader, 10, invite(7, &[], None)))
        .then_error(&refused("body.member.roles", "every member must have a role"));
    s().when(&cmd(leader, 10, invite(7, &["voucher"], Some(" "))))
        .then_error(&refused("body.member.voucher", "a voucher's role must be described (1 to 1000 bytes)"));
    let existing = sample_charter().alliance.members[1].account;
    let already = format!("{existing} is already listed in `gov-play-pool`");
    let mut again = invite(7, &["developer"], None);
    if let CommandBody::InviteMember(i) = &mut again {
        i.member.account = existing;
    }
    s().when(&cmd(leader, 10, again)).then_error(&refused("body.member.account", &already));
    // Accepting without an invitation (a member who was never invited).
    s().when(&cmd(dev(7), 10, answer(true)))
        .then_error(&refused("actor", &format!("{} has no open invitation to `gov-play-pool`", dev(7))));
}
