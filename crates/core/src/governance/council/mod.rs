//! The council: M-of-N signers, council transactions with nonces, pause and
//! emergency cancel by supermajority, treasury outflows within limits.
//!
//! Signer and threshold changes happen only through the council itself.

mod config;
mod error;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use config::{CouncilSpec, TreasuryLimit};
pub use error::{CouncilError, CouncilResult};

use crate::command::Event;
use crate::error::EngineResult;
use crate::governance::{Governments, ProposalChanged, Status};
use crate::kernel::{Kernel, Plan};
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId, mul_div};

/// Seconds per weekly epoch (the limits' window).
pub const WEEK: u64 = 7 * 86_400;

/// What a council transaction does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum CouncilAction {
    /// Pay from the alliance treasury, within the weekly limit.
    TreasuryTransfer {
        /// Token.
        token: TokenId,
        /// Recipient.
        to: Address,
        /// Amount in base units.
        amount: Amount,
    },
    /// Add a signer.
    AddSigner {
        /// The new signer.
        account: Address,
    },
    /// Remove a signer (the threshold must still be reachable).
    RemoveSigner {
        /// The signer.
        account: Address,
    },
    /// Change the approvals needed.
    SetThreshold {
        /// The new threshold.
        threshold: u16,
    },
    /// Pause governance (no proposals, sponsoring, votes, queueing or execution).
    Pause,
    /// Resume governance.
    Unpause,
    /// Cancel a proposal that has not executed (needs the emergency supermajority).
    EmergencyCancel {
        /// The proposal id.
        proposal: u64,
    },
}

/// A council transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilTx {
    /// Sequential nonce, from 1.
    pub nonce: u64,
    /// The signer who proposed it (their approval is counted).
    pub proposer: Address,
    /// What it does.
    pub action: CouncilAction,
    /// Signers who approved it.
    pub approvals: BTreeSet<Address>,
    /// When it executed.
    pub executed_at: Option<Timestamp>,
}

/// A council's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Council {
    /// Current signers.
    pub signers: BTreeSet<Address>,
    /// Approvals needed for ordinary transactions.
    pub threshold: u16,
    /// Share of signers needed for an emergency cancel (ceil).
    pub emergency_bps: Bps,
    /// Weekly limits per token.
    pub limits: BTreeMap<TokenId, Amount>,
    /// Spent per token in its current week: `(week, amount)`.
    pub spent: BTreeMap<TokenId, (u64, Amount)>,
    /// Transactions by nonce.
    pub txs: BTreeMap<u64, CouncilTx>,
    /// The next nonce.
    pub next_nonce: u64,
}

impl Council {
    /// A council from its charter settings.
    pub fn from_spec(spec: &CouncilSpec) -> Self {
        Self {
            signers: spec.signers.iter().copied().collect(),
            threshold: spec.threshold,
            emergency_bps: spec.emergency_bps,
            limits: spec.limits.iter().map(|l| (l.token, l.per_week)).collect(),
            spent: BTreeMap::new(),
            txs: BTreeMap::new(),
            next_nonce: 1,
        }
    }

    /// Approvals a transaction needs: the threshold, or for an emergency
    /// cancel `ceil(emergency_bps · signers / 10000)`.
    pub fn required(&self, action: &CouncilAction) -> u64 {
        match action {
            CouncilAction::EmergencyCancel { .. } => {
                mul_div(self.signers.len() as u128, u128::from(self.emergency_bps.0), 10_000, true)
                    .map_or(u64::MAX, |n| n as u64)
            }
            _ => u64::from(self.threshold),
        }
    }

    /// Approvals that count: those of current signers.
    pub fn counted(&self, tx: &CouncilTx) -> u64 {
        tx.approvals.intersection(&self.signers).count() as u64
    }
}

/// Propose a council transaction (a signer; counts as their approval).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilPropose {
    /// The alliance.
    pub alliance: AllianceId,
    /// What it does.
    pub action: CouncilAction,
}

/// Approve or execute a council transaction (a signer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilTxRef {
    /// The alliance.
    pub alliance: AllianceId,
    /// The transaction's nonce.
    pub nonce: u64,
}

/// A council transaction was proposed, approved or executed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilTxChanged {
    /// The alliance.
    pub alliance: AllianceId,
    /// The nonce.
    pub nonce: u64,
    /// The signer acting.
    pub signer: Address,
    /// Approvals counted now.
    pub approvals: u64,
    /// Approvals needed.
    pub required: u64,
}

fn council_mut<'s>(govs: &'s mut Governments, alliance: &AllianceId) -> CouncilResult<&'s mut Council> {
    govs.get_mut(alliance)
        .ok_or_else(|| CouncilError::UnknownAlliance { alliance: alliance.clone() })?
        .council
        .as_mut()
        .ok_or_else(|| CouncilError::NoCouncil { alliance: alliance.clone() })
}

fn signer(council: &Council, actor: Address) -> CouncilResult<()> {
    if council.signers.contains(&actor) { Ok(()) } else { Err(CouncilError::NotSigner { actor }) }
}

/// `council-propose`.
pub(crate) fn propose(
    govs: &mut Governments,
    actor: Address,
    cmd: &CouncilPropose,
) -> EngineResult<Vec<Event>> {
    let council = council_mut(govs, &cmd.alliance)?;
    signer(council, actor)?;
    let nonce = council.next_nonce;
    let tx = CouncilTx {
        nonce,
        proposer: actor,
        action: cmd.action.clone(),
        approvals: BTreeSet::from([actor]),
        executed_at: None,
    };
    let required = council.required(&tx.action);
    council.next_nonce += 1;
    council.txs.insert(nonce, tx);
    Ok(vec![Event::CouncilTxProposed(CouncilTxChanged {
        alliance: cmd.alliance.clone(),
        nonce,
        signer: actor,
        approvals: 1,
        required,
    })])
}

/// `council-approve`.
pub(crate) fn approve(
    govs: &mut Governments,
    actor: Address,
    cmd: &CouncilTxRef,
) -> EngineResult<Vec<Event>> {
    Ok(vec![approve_tx(govs, actor, cmd)?])
}

fn approve_tx(govs: &mut Governments, actor: Address, cmd: &CouncilTxRef) -> CouncilResult<Event> {
    let council = council_mut(govs, &cmd.alliance)?;
    signer(council, actor)?;
    let tx = council.txs.get(&cmd.nonce).ok_or(CouncilError::UnknownTx { nonce: cmd.nonce })?;
    if tx.executed_at.is_some() {
        return Err(CouncilError::AlreadyExecuted { nonce: cmd.nonce });
    }
    if tx.approvals.contains(&actor) {
        return Err(CouncilError::AlreadyApproved { nonce: cmd.nonce, signer: actor });
    }
    let required = council.required(&tx.action);
    let tx = council.txs.get_mut(&cmd.nonce).expect("checked above");
    tx.approvals.insert(actor);
    let tx = &council.txs[&cmd.nonce];
    let approvals = council.counted(tx);
    Ok(Event::CouncilTxApproved(CouncilTxChanged {
        alliance: cmd.alliance.clone(),
        nonce: cmd.nonce,
        signer: actor,
        approvals,
        required,
    }))
}

/// `council-execute`: run an approved council transaction.
pub(crate) fn execute(
    govs: &mut Governments,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    cmd: &CouncilTxRef,
) -> EngineResult<Vec<Event>> {
    let council = council_mut(govs, &cmd.alliance)?;
    signer(council, actor)?;
    let tx = council.txs.get(&cmd.nonce).ok_or(CouncilError::UnknownTx { nonce: cmd.nonce })?;
    if tx.executed_at.is_some() {
        return Err(CouncilError::AlreadyExecuted { nonce: cmd.nonce }.into());
    }
    let (have, need) = (council.counted(tx), council.required(&tx.action));
    if have < need {
        return Err(CouncilError::NotEnoughApprovals { nonce: cmd.nonce, have, need }.into());
    }
    let action = tx.action.clone();
    let mut events = match &action {
        CouncilAction::TreasuryTransfer { token, to, amount } => {
            pay(council, k, &cmd.alliance, (*token, *to, *amount), at)?
        }
        other => vec![run(govs, &cmd.alliance, other, at)?],
    };
    let council = council_mut(govs, &cmd.alliance)?;
    council.txs.get_mut(&cmd.nonce).expect("checked above").executed_at = Some(at);
    events.push(Event::CouncilTxExecuted(CouncilTxChanged {
        alliance: cmd.alliance.clone(),
        nonce: cmd.nonce,
        signer: actor,
        approvals: have,
        required: need,
    }));
    Ok(events)
}

/// A treasury payment within the weekly limit.
fn pay(
    council: &mut Council,
    k: &mut Kernel<'_>,
    alliance: &AllianceId,
    (token, to, amount): (TokenId, Address, Amount),
    at: Timestamp,
) -> EngineResult<Vec<Event>> {
    let limit = *council.limits.get(&token).ok_or(CouncilError::NoLimit { token })?;
    let week = at.0 / WEEK;
    let spent = match council.spent.get(&token) {
        Some((w, s)) if *w == week => *s,
        _ => Amount::ZERO,
    };
    let after = spent.checked_add(amount).filter(|a| *a <= limit).ok_or(CouncilError::OverLimit {
        token,
        limit,
        spent,
        amount,
    })?;
    let treasury = k.alliance(alliance)?.treasury;
    k.ledger().token(token, "body.token")?;
    if amount.is_zero() {
        return Err(crate::ledger::LedgerError::ZeroAmount { field: "body.amount" }.into());
    }
    let events = k.transact(Plan::transfer_one(token, treasury, to, amount), at)?;
    council.spent.insert(token, (week, after));
    Ok(events)
}

/// Validates then applies one council action other than a treasury payment.
fn run(
    govs: &mut Governments,
    alliance: &AllianceId,
    action: &CouncilAction,
    at: Timestamp,
) -> CouncilResult<Event> {
    let council = council_mut(govs, alliance)?;
    match action {
        CouncilAction::TreasuryTransfer { .. } => unreachable!("payments are made by `pay`"),
        CouncilAction::AddSigner { account } => {
            if account.is_zero() || council.signers.contains(account) {
                return Err(CouncilError::BadSignerChange {
                    rule: format!("{account} is already a signer or the zero address"),
                });
            }
            council.signers.insert(*account);
            Ok(Event::CouncilChanged(council_view(alliance, council)))
        }
        CouncilAction::RemoveSigner { account } => {
            if !council.signers.contains(account) {
                return Err(CouncilError::BadSignerChange { rule: format!("{account} is not a signer") });
            }
            if council.signers.len() - 1 < usize::from(council.threshold) {
                return Err(CouncilError::BadSignerChange {
                    rule: format!(
                        "removing a signer would leave fewer signers than the threshold {}",
                        council.threshold
                    ),
                });
            }
            council.signers.remove(account);
            // A removed signer's approvals of pending transactions are withdrawn,
            // so re-adding the signer later does not bring them back.
            for tx in council.txs.values_mut().filter(|tx| tx.executed_at.is_none()) {
                tx.approvals.remove(account);
            }
            Ok(Event::CouncilChanged(council_view(alliance, council)))
        }
        CouncilAction::SetThreshold { threshold } => {
            if *threshold == 0 || usize::from(*threshold) > council.signers.len() {
                return Err(CouncilError::BadSignerChange {
                    rule: format!(
                        "the threshold must be between 1 and {} signers, got {threshold}",
                        council.signers.len()
                    ),
                });
            }
            council.threshold = *threshold;
            Ok(Event::CouncilChanged(council_view(alliance, council)))
        }
        CouncilAction::Pause | CouncilAction::Unpause => {
            let pause = matches!(action, CouncilAction::Pause);
            let gov = govs.get_mut(alliance).expect("council exists");
            if gov.paused == pause {
                return Err(CouncilError::BadSignerChange {
                    rule: format!("governance is already {}", if pause { "paused" } else { "running" }),
                });
            }
            gov.paused = pause;
            Ok(if pause {
                Event::GovernancePaused(GovernanceToggled { alliance: alliance.clone() })
            } else {
                Event::GovernanceResumed(GovernanceToggled { alliance: alliance.clone() })
            })
        }
        CouncilAction::EmergencyCancel { proposal } => {
            let gov = govs.get_mut(alliance).expect("council exists");
            let p = gov
                .proposals
                .get_mut(proposal)
                .ok_or(CouncilError::UnknownProposal { proposal: *proposal })?;
            if matches!(p.status, Status::Executed { .. } | Status::Canceled { .. }) {
                return Err(CouncilError::CannotCancel { proposal: *proposal });
            }
            p.status = Status::Canceled {
                at,
                by: Address::derived(&format!("alliance:{alliance}:council")),
                emergency: true,
            };
            Ok(Event::ProposalCanceled(ProposalChanged {
                alliance: alliance.clone(),
                id: *proposal,
                eta: None,
            }))
        }
    }
}

/// The council's signers and threshold after a change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilView {
    /// The alliance.
    pub alliance: AllianceId,
    /// Signers.
    pub signers: BTreeSet<Address>,
    /// Threshold.
    pub threshold: u16,
}

fn council_view(alliance: &AllianceId, council: &Council) -> CouncilView {
    CouncilView { alliance: alliance.clone(), signers: council.signers.clone(), threshold: council.threshold }
}

/// Governance of an alliance was paused or resumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GovernanceToggled {
    /// The alliance.
    pub alliance: AllianceId,
}
