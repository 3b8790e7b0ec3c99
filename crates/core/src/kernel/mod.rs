//! The kernel: what every mechanism shares and nothing else — the ledger,
//! roles, alliances, lock-ups, the one commit through which tokens move, and
//! the authorisation rules. It never imports the engine or a mechanism.
//!
//! A mechanism's handler receives its own state and a [`Kernel`] (plus narrow
//! read traits for what it needs from another mechanism), never the whole
//! engine state. Through the kernel it may read balances, roles and alliances,
//! and it changes balances only by [`Kernel::check`] and [`Kernel::commit`] of
//! a [`Plan`]: lock-ups are checked for every debit, and every move, mint and
//! burn is recorded as an event.

mod auth;
mod handlers;
pub mod lockups;
mod membership;
mod plan;
mod reads;
mod roadmap;

use std::collections::BTreeMap;

pub use auth::AuthError;
pub use lockups::{Lockup, Lockups, MAX_ACTIVE_LOCKUPS};
pub use membership::{InvitationChanged, InvitationRef, InviteMember};
pub use plan::Plan;
pub use reads::VePower;
pub use roadmap::{CheckDeliverable, RecordRetrospective, RoadmapRecorded};

use crate::alliance::Alliance;
use crate::charter::AlliancePolicy;
use crate::command::Event;
use crate::error::EngineResult;
use crate::ledger::{BalanceChange, Ledger};
use crate::roles::Roles;
use serde::{Deserialize, Serialize};

use crate::types::{Address, AllianceId, B256, ChainId, Timestamp};

/// Hub-wide constants fixed at genesis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hub {
    /// EIP-712 domain chain id.
    pub chain_id: ChainId,
    /// The charter's alliance.
    pub genesis_alliance: AllianceId,
    /// EIP-712 `verifyingContract`, derived from the genesis alliance id.
    pub verifying_contract: Address,
    /// keccak256 of the charter's canonical encoding.
    pub genesis_hash: B256,
    /// Who may create alliances (from the charter). Left out of the state
    /// encoding when it is the default, so earlier logs keep their state hash.
    #[serde(default, skip_serializing_if = "AlliancePolicy::is_default")]
    pub alliance_creation: AlliancePolicy,
}

/// The shared parts of the state, borrowed for one command.
pub struct Kernel<'a> {
    hub: &'a Hub,
    roles: &'a mut Roles,
    ledger: &'a mut Ledger,
    alliances: &'a mut BTreeMap<AllianceId, Alliance>,
    lockups: &'a mut Lockups,
}

impl<'a> Kernel<'a> {
    /// Borrows the shared parts of a state.
    pub(crate) fn new(
        hub: &'a Hub,
        roles: &'a mut Roles,
        ledger: &'a mut Ledger,
        alliances: &'a mut BTreeMap<AllianceId, Alliance>,
        lockups: &'a mut Lockups,
    ) -> Self {
        Self { hub, roles, ledger, alliances, lockups }
    }

    /// Hub-wide constants fixed at genesis.
    pub fn hub(&self) -> &Hub {
        self.hub
    }

    /// Tokens and balances (read only: balances change by [`Kernel::commit`]).
    pub fn ledger(&self) -> &Ledger {
        self.ledger
    }

    /// Role holders.
    pub fn roles(&self) -> &Roles {
        self.roles
    }

    /// Alliances by id.
    pub fn alliances(&self) -> &BTreeMap<AllianceId, Alliance> {
        self.alliances
    }

    /// An alliance to change (members, decision model) by a passed proposal.
    pub(crate) fn alliance_mut(&mut self, id: &AllianceId) -> Option<&mut Alliance> {
        self.alliances.get_mut(id)
    }

    /// Active lock-ups.
    pub fn lockups(&self) -> &Lockups {
        self.lockups
    }

    /// Records a lock-up on tokens just credited by a committed plan.
    pub(crate) fn add_lockup(
        &mut self,
        account: Address,
        token: crate::types::TokenId,
        lockup: Lockup,
        at: Timestamp,
    ) {
        self.lockups.add(account, token, lockup, at);
    }

    /// Checks a plan against the state before the command (see [`Plan`]).
    pub fn check(&self, plan: &Plan, at: Timestamp) -> EngineResult<()> {
        Ok(plan.check(self.ledger, self.lockups, at)?)
    }

    /// Commits a checked plan: its journal events, in order.
    ///
    /// # Panics
    /// If the plan was not checked by [`Kernel::check`] on this state.
    pub fn commit(&mut self, plan: Plan, at: Timestamp) -> Vec<Event> {
        plan.commit(self.ledger, at)
    }

    /// Checks then commits a plan; the journal events, or an error and no change.
    pub fn transact(&mut self, plan: Plan, at: Timestamp) -> EngineResult<Vec<Event>> {
        self.check(&plan, at)?;
        Ok(self.commit(plan, at))
    }

    /// The balance changes of the command so far, drained.
    pub(crate) fn take_changes(&mut self) -> Vec<BalanceChange> {
        std::mem::take(&mut self.ledger.changes)
    }

    /// Gives back a drained buffer, emptied, so it keeps its capacity.
    pub(crate) fn return_changes(&mut self, mut buffer: Vec<BalanceChange>) {
        buffer.clear();
        if self.ledger.changes.is_empty() {
            self.ledger.changes = buffer;
        }
    }
}
