//! Leaving an alliance, by its model (the seed's comparison table):
//!
//! | model | exit |
//! |---|---|
//! | liquidity pool | `exiting` for `notice_days + unbonding_days`: the member's shares in every joint (share) vault are locked in tranches that unlock evenly over the unbonding period, so liquidity leaves gradually; `complete-exit` then marks it `exited` |
//! | governance syndicate | `exited` at once; its delegation is withdrawn at once (its power returns to itself) |
//! | revenue sharing | `exited` at once; its joint-vault shares are redeemed at once, `⌈assets · penalty_bps / 10000⌉` of them left in the vault for the remaining members |
//! | mission | `exited` at once |
//!
//! Whatever the model, the member's unvested reward vestings in the team's
//! mission grants are revoked (the first seed's rule: what vested stays
//! theirs, what did not goes to the team's treasury). Everything is checked
//! before the first write.

use serde::{Deserialize, Serialize};

use crate::alliance::exit::{ExitRecord, Tranche, tranches};
use crate::alliance::{AllianceError, AllianceModel, MemberStatus};
use crate::command::Event;
use crate::error::EngineResult;
use crate::governance::Governments;
use crate::kernel::{Kernel, Lockup, MAX_ACTIVE_LOCKUPS, VePower};
use crate::mission::{LeaveAlliance, Missions};
use crate::share_vault::{ShareVaults, max_redeem, pay_out};
use crate::types::{Address, AllianceId, Amount, Timestamp, VaultId};
use crate::vesting::GrantBook;

const DAY: u64 = 86_400;

/// Mark an exiting member `exited` once its unbonding has ended (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteExit {
    /// The alliance.
    pub alliance: AllianceId,
    /// The exiting member.
    pub member: Address,
}

/// A member began or completed its exit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberExit {
    /// The alliance.
    pub alliance: AllianceId,
    /// The member.
    pub account: Address,
    /// Its status now (`exiting` or `exited`).
    pub status: MemberStatus,
    /// When the exit completes.
    pub ends: Timestamp,
    /// Its unbonding tranches (liquidity pool).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tranches: Vec<Tranche>,
    /// Assets left in joint vaults as the penalty (revenue sharing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<(VaultId, Amount)>,
}

/// What the model's mechanics will do, computed before any write.
enum Mechanics {
    /// Lock-ups per share token.
    Unbond(Vec<(crate::types::TokenId, Tranche)>),
    /// Redemptions: (vault, shares, assets paid, penalty kept).
    Redeem(Vec<(VaultId, Amount, Amount, Amount)>),
    Undelegate,
    None,
}

/// `leave-alliance`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn leave(
    missions: &mut Missions,
    vesting: &mut GrantBook,
    share_vaults: &ShareVaults,
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    ve: &dyn VePower,
    actor: Address,
    at: Timestamp,
    cmd: &LeaveAlliance,
) -> EngineResult<Vec<Event>> {
    let a = k.alliances().get(&cmd.alliance).ok_or_else(|| AllianceError::Invalid {
        field: "body.alliance",
        rule: format!("unknown alliance `{}`", cmd.alliance),
    })?;
    if a.spec.leader == actor {
        return Err(AllianceError::LeaderCannotLeave { alliance: cmd.alliance.clone() }.into());
    }
    let not_member = || AllianceError::NotMember { account: actor, alliance: cmd.alliance.clone() };
    match a.spec.member(actor).map(|m| m.status) {
        Some(MemberStatus::Member) => {}
        Some(MemberStatus::Exiting) => {
            let r = &a.exits[&actor];
            return Err(AllianceError::AlreadyExiting {
                account: actor,
                alliance: cmd.alliance.clone(),
                started: r.started,
                ends: r.ends,
            }
            .into());
        }
        Some(MemberStatus::Exited) => {
            return Err(
                AllianceError::AlreadyExited { account: actor, alliance: cmd.alliance.clone() }.into()
            );
        }
        _ => return Err(not_member().into()),
    }
    let terms = a.spec.agreement.exit.clone();
    let model = a.spec.model;
    let vaults: Vec<_> = share_vaults.of_alliance(&cmd.alliance).collect();
    let (mechanics, ends) = match model {
        AllianceModel::LiquidityPool => {
            let start = Timestamp(at.0.saturating_add(u64::from(terms.notice_days) * DAY));
            let span = u64::from(terms.unbonding_days) * DAY;
            let mut locks = Vec::new();
            for v in &vaults {
                let free = max_redeem(k.ledger(), k.lockups(), v, actor, at);
                let split = tranches(free, terms.tranche_count(), start, span);
                if k.lockups().active_count(actor, v.share_token, at) + split.len() > MAX_ACTIVE_LOCKUPS {
                    return Err(AllianceError::Invalid {
                        field: "actor",
                        rule: format!(
                            "{actor} holds too many lock-ups on `{}` to unbond in tranches",
                            v.share_token
                        ),
                    }
                    .into());
                }
                locks.extend(split.into_iter().map(|(shares, unlock_at)| {
                    (v.share_token, Tranche { vault: v.id.clone(), shares, unlock_at })
                }));
            }
            (Mechanics::Unbond(locks), Timestamp(start.0.saturating_add(span)))
        }
        AllianceModel::RevenueSharing => {
            let mut redeem = Vec::new();
            for v in &vaults {
                let shares = max_redeem(k.ledger(), k.lockups(), v, actor, at);
                if shares.is_zero() {
                    continue;
                }
                let assets = v.totals(k.ledger()).preview_redeem(shares).unwrap_or(Amount::ZERO);
                // Rounded up: the penalty is owed to the vault's remaining holders.
                let penalty = assets.mul_div_ceil(u128::from(terms.penalty_bps.0), 10_000).unwrap_or(assets);
                let paid = assets.checked_sub(penalty).unwrap_or(Amount::ZERO);
                redeem.push((v.id.clone(), shares, paid, penalty));
            }
            (Mechanics::Redeem(redeem), at)
        }
        AllianceModel::GovernanceSyndicate => (Mechanics::Undelegate, at),
        AllianceModel::Mission => (Mechanics::None, at),
    };
    // Writes: forfeits first (they check their own moves), then the model's.
    let mut events = Vec::new();
    events.extend(crate::mission::forfeit_unvested(missions, vesting, k, actor, at, cmd)?);
    let mut record = ExitRecord { started: at, ends, tranches: Vec::new(), penalties: Vec::new() };
    match mechanics {
        Mechanics::Unbond(locks) => {
            for (token, t) in locks {
                k.add_lockup(actor, token, Lockup { amount: t.shares, unlock_at: t.unlock_at }, at);
                record.tranches.push(t);
            }
        }
        Mechanics::Redeem(list) => {
            for (id, shares, paid, penalty) in list {
                let v = &share_vaults.vaults[&id];
                events.extend(pay_out(k, v, actor, actor, paid, shares, at)?);
                record.penalties.push((id, penalty));
            }
        }
        Mechanics::Undelegate => {
            events.extend(crate::governance::withdraw_delegation(govs, k, ve, &cmd.alliance, actor, at));
        }
        Mechanics::None => {}
    }
    let status =
        if model == AllianceModel::LiquidityPool { MemberStatus::Exiting } else { MemberStatus::Exited };
    let a = k.alliance_mut(&cmd.alliance).expect("checked");
    if let Some(m) = a.spec.members.iter_mut().find(|m| m.account == actor) {
        m.status = status;
    }
    events.push(Event::MemberExit(MemberExit {
        alliance: cmd.alliance.clone(),
        account: actor,
        status,
        ends,
        tranches: record.tranches.clone(),
        penalties: record.penalties.clone(),
    }));
    a.exits.insert(actor, record);
    if status == MemberStatus::Exited {
        events.push(Event::MemberRemoved(crate::governance::MemberRemoved {
            alliance: cmd.alliance.clone(),
            account: actor,
        }));
    }
    Ok(events)
}

/// `complete-exit`.
pub(crate) fn complete(k: &mut Kernel<'_>, at: Timestamp, cmd: &CompleteExit) -> EngineResult<Vec<Event>> {
    let a = k.alliances().get(&cmd.alliance).ok_or_else(|| AllianceError::Invalid {
        field: "body.alliance",
        rule: format!("unknown alliance `{}`", cmd.alliance),
    })?;
    let not_exiting = || AllianceError::NotExiting { account: cmd.member, alliance: cmd.alliance.clone() };
    if a.spec.member(cmd.member).map(|m| m.status) != Some(MemberStatus::Exiting) {
        return Err(not_exiting().into());
    }
    let ends = a.exits.get(&cmd.member).ok_or_else(not_exiting)?.ends;
    if at < ends {
        return Err(AllianceError::StillUnbonding { ends, now: at }.into());
    }
    let a = k.alliance_mut(&cmd.alliance).expect("checked");
    if let Some(m) = a.spec.members.iter_mut().find(|m| m.account == cmd.member) {
        m.status = MemberStatus::Exited;
    }
    Ok(vec![
        Event::MemberExit(MemberExit {
            alliance: cmd.alliance.clone(),
            account: cmd.member,
            status: MemberStatus::Exited,
            ends,
            tranches: Vec::new(),
            penalties: Vec::new(),
        }),
        Event::MemberRemoved(crate::governance::MemberRemoved {
            alliance: cmd.alliance.clone(),
            account: cmd.member,
        }),
    ])
}
