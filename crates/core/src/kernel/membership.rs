//! Alliance membership by invitation: the leader invites an account with its
//! roles and responsibilities; it counts as a member only once it accepts by
//! a signed command of its own. Every member has a role; a voucher's role is
//! described.

use serde::{Deserialize, Serialize};

use super::Kernel;
use crate::alliance::{Member, MemberStatus};
use crate::command::Event;
use crate::error::{EngineError, EngineResult};
use crate::problem::Problems;
use crate::types::{Address, AllianceId};

/// Most members an alliance lists (invitations included).
const MAX_MEMBERS: usize = 256;

/// Invite an account into an alliance (its leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteMember {
    /// The alliance.
    pub alliance: AllianceId,
    /// The invitee, with roles, responsibilities, skills and timezone (`status` is ignored).
    pub member: Member,
}

/// Accept or decline one's invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitationRef {
    /// The alliance.
    pub alliance: AllianceId,
}

/// An invitation was made, accepted or declined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationChanged {
    /// The alliance.
    pub alliance: AllianceId,
    /// The invitee.
    pub account: Address,
    /// `invited`, `accepted` or `declined`.
    pub change: String,
    /// The roles the invitation names.
    pub roles: Vec<String>,
}

fn invalid(field: &str, rule: impl Into<String>) -> EngineError {
    EngineError::InvalidAlliance {
        problems: vec![crate::problem::Problem::new(field.to_owned(), rule.into())],
    }
}

impl Kernel<'_> {
    /// `invite-member`.
    pub(crate) fn invite_member(&mut self, actor: Address, cmd: &InviteMember) -> EngineResult<Vec<Event>> {
        let alliance = self.alliance(&cmd.alliance)?;
        if alliance.spec.leader != actor {
            return Err(EngineError::LeaderNotActor { actor, leader: alliance.spec.leader });
        }
        let m = &cmd.member;
        if alliance.spec.member(m.account).is_some() {
            return Err(invalid(
                "body.member.account",
                format!("{} is already listed in `{}`", m.account, cmd.alliance),
            ));
        }
        if m.kind == crate::alliance::MemberKind::Community {
            return Err(invalid(
                "body.member.kind",
                "a community joins only through a passed member-admission proposal naming its vetted candidate id",
            ));
        }
        if alliance.spec.members.len() >= MAX_MEMBERS {
            return Err(invalid("body.member", format!("an alliance lists at most {MAX_MEMBERS} members")));
        }
        if m.roles.is_empty() || m.roles.iter().any(|r| r.trim().is_empty()) {
            return Err(invalid("body.member.roles", "every member must have a role"));
        }
        if m.voucher.as_deref().is_some_and(|v| v.trim().is_empty() || v.len() > 1_000) {
            return Err(invalid(
                "body.member.voucher",
                "a voucher's role must be described (1 to 1000 bytes)",
            ));
        }
        let tokens = &self.ledger().tokens;
        let mut problems = Problems::default();
        m.check("body.member", &|id| tokens.get(&id).map(|e| Some(e.token.chain_id)), &mut problems);
        if !problems.is_empty() {
            return Err(EngineError::InvalidAlliance { problems: problems.into_vec() });
        }
        let mut member = m.clone();
        member.status = MemberStatus::Invited;
        let roles = member.roles.clone();
        self.alliance_mut(&cmd.alliance).expect("checked").spec.members.push(member);
        Ok(vec![Event::InvitationChanged(InvitationChanged {
            alliance: cmd.alliance.clone(),
            account: m.account,
            change: "invited".into(),
            roles,
        })])
    }

    /// `accept-invitation` (`accept = true`) or `decline-invitation`.
    pub(crate) fn answer_invitation(
        &mut self,
        actor: Address,
        cmd: &InvitationRef,
        accept: bool,
    ) -> EngineResult<Vec<Event>> {
        let alliance = self.alliance(&cmd.alliance)?;
        let Some(index) = alliance
            .spec
            .members
            .iter()
            .position(|m| m.account == actor && m.status == MemberStatus::Invited)
        else {
            return Err(invalid("actor", format!("{actor} has no open invitation to `{}`", cmd.alliance)));
        };
        let spec = &mut self.alliance_mut(&cmd.alliance).expect("checked").spec;
        let roles = spec.members[index].roles.clone();
        if accept {
            spec.members[index].status = MemberStatus::Member;
        } else {
            spec.members.remove(index);
        }
        Ok(vec![Event::InvitationChanged(InvitationChanged {
            alliance: cmd.alliance.clone(),
            account: actor,
            change: if accept { "accepted" } else { "declined" }.into(),
            roles,
        })])
    }
}
