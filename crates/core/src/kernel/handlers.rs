//! The kernel's own commands: tokens, roles, balances, home-chain deposits and
//! withdrawals, and forming an alliance.

use std::collections::BTreeMap;

use crate::alliance::{Alliance, AllianceSpec, treasury_address};
use crate::charter::AlliancePolicy;
use crate::command::{AllianceCreated, Event};
use crate::error::{EngineError, EngineResult};
use crate::ledger::{Burn, LedgerError, Mint, RecordDeposit, Transfer, Withdraw};
use crate::problem::Problems;
use crate::roles::{GrantRole, RevokeRole, Role, RoleGranted, RoleRevoked};
use crate::types::{Address, Timestamp};

use super::{Kernel, Plan};

impl Kernel<'_> {
    /// `register-token` (admin).
    pub(crate) fn register_token(
        &mut self,
        actor: Address,
        c: &crate::ledger::RegisterToken,
    ) -> EngineResult<Vec<Event>> {
        self.require(Role::Admin, actor)?;
        Ok(vec![Event::TokenRegistered(self.ledger.register_token(c)?)])
    }

    /// Registers a token a mechanism issues itself (a share vault's shares),
    /// authorised by that mechanism's own rule.
    pub(crate) fn register_issued_token(&mut self, token: crate::ledger::Token) -> EngineResult<Event> {
        Ok(Event::TokenRegistered(self.ledger.register_token(&crate::ledger::RegisterToken { token })?))
    }

    /// `set-minter` (admin).
    pub(crate) fn set_minter(
        &mut self,
        actor: Address,
        c: &crate::ledger::SetMinter,
    ) -> EngineResult<Vec<Event>> {
        self.require(Role::Admin, actor)?;
        Ok(vec![Event::MinterSet(self.ledger.set_minter(c)?)])
    }

    /// `grant-role` (admin).
    pub(crate) fn grant_role(&mut self, actor: Address, c: &GrantRole) -> EngineResult<Vec<Event>> {
        self.require(Role::Admin, actor)?;
        if c.account.is_zero() {
            return Err(LedgerError::ZeroAddress { field: "body.account" }.into());
        }
        if !self.roles.holders_mut(c.role).insert(c.account) {
            return Err(EngineError::RoleUnchanged { account: c.account, role: c.role, held: true });
        }
        Ok(vec![Event::RoleGranted(RoleGranted { role: c.role, account: c.account })])
    }

    /// `revoke-role` (admin; the last admin stays).
    pub(crate) fn revoke_role(&mut self, actor: Address, c: &RevokeRole) -> EngineResult<Vec<Event>> {
        self.require(Role::Admin, actor)?;
        let holders = self.roles.holders(c.role);
        if !holders.contains(&c.account) {
            return Err(EngineError::RoleUnchanged { account: c.account, role: c.role, held: false });
        }
        if c.role == Role::Admin && holders.len() == 1 {
            return Err(EngineError::LastAdmin { account: c.account });
        }
        self.roles.holders_mut(c.role).remove(&c.account);
        Ok(vec![Event::RoleRevoked(RoleRevoked { role: c.role, account: c.account })])
    }

    /// `transfer`: a payment into an alliance's treasury counts as the sender's contribution.
    pub(crate) fn transfer(
        &mut self,
        actor: Address,
        at: Timestamp,
        c: &Transfer,
    ) -> EngineResult<Vec<Event>> {
        self.ledger.token(c.token, "body.token")?;
        if c.amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" }.into());
        }
        let events = self.transact(Plan::transfer_one(c.token, actor, c.to, c.amount), at)?;
        if let Some(alliance) = self.alliances.values_mut().find(|a| a.treasury == c.to) {
            alliance.record_contribution(actor, c.token, c.amount, at);
        }
        Ok(events)
    }

    /// `mint` (the token's minter).
    pub(crate) fn mint(&mut self, actor: Address, at: Timestamp, c: &Mint) -> EngineResult<Vec<Event>> {
        self.ledger.require_minter(c.token, actor)?;
        if c.amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" }.into());
        }
        let mut plan = Plan::default();
        plan.mint(c.token, actor, c.to, c.amount);
        self.transact(plan, at)
    }

    /// `burn` (the token's minter, from its own balance).
    pub(crate) fn burn(&mut self, actor: Address, at: Timestamp, c: &Burn) -> EngineResult<Vec<Event>> {
        self.ledger.require_minter(c.token, actor)?;
        if c.amount.is_zero() {
            return Err(LedgerError::ZeroAmount { field: "body.amount" }.into());
        }
        let mut plan = Plan::default();
        plan.burn(c.token, actor, c.amount);
        self.transact(plan, at)
    }

    /// `record-deposit` (relayer).
    pub(crate) fn record_deposit(
        &mut self,
        actor: Address,
        at: Timestamp,
        c: &RecordDeposit,
    ) -> EngineResult<Vec<Event>> {
        self.require(Role::Relayer, actor)?;
        Ok(vec![Event::DepositRecorded(self.ledger.record_deposit(at, c)?)])
    }

    /// `withdraw`: the debit respects lock-ups like every other.
    pub(crate) fn withdraw(
        &mut self,
        actor: Address,
        at: Timestamp,
        c: &Withdraw,
    ) -> EngineResult<Vec<Event>> {
        let balance = self.ledger.balance(actor, c.token);
        if let Some(after) = balance.checked_sub(c.amount) {
            // An insufficient balance is the ledger's to report.
            self.lockups.check(actor, c.token, balance, after, at)?;
        }
        Ok(vec![Event::WithdrawalQueued(self.ledger.withdraw(actor, at, c)?)])
    }

    /// `create-alliance`, led by the actor. The engine adds its governance.
    pub(crate) fn create_alliance(
        &mut self,
        actor: Address,
        at: Timestamp,
        spec: &AllianceSpec,
    ) -> EngineResult<Vec<Event>> {
        if self.alliances.contains_key(&spec.id) {
            return Err(EngineError::DuplicateAlliance { id: spec.id.clone() });
        }
        if spec.leader != actor {
            return Err(EngineError::LeaderNotActor { actor, leader: spec.leader });
        }
        self.may_create_alliance(actor)?;
        let mut problems = Problems::default();
        let tokens = &self.ledger.tokens;
        spec.check("body", &|id| tokens.get(&id).map(|e| Some(e.token.chain_id)), &mut problems);
        if !problems.is_empty() {
            return Err(EngineError::InvalidAlliance { problems: problems.into_vec() });
        }
        let treasury = treasury_address(&spec.id);
        self.alliances.insert(
            spec.id.clone(),
            Alliance {
                spec: spec.clone(),
                treasury,
                formed_at: at,
                contributions: BTreeMap::new(),
                met_at: BTreeMap::new(),
                exits: BTreeMap::new(),
                progress: Default::default(),
            },
        );
        Ok(vec![Event::AllianceCreated(AllianceCreated { id: spec.id.clone(), leader: actor, treasury })])
    }

    /// The charter's creation policy: admins always; an allowlist; or anyone
    /// leading fewer than the quota of alliances created after genesis.
    fn may_create_alliance(&self, actor: Address) -> EngineResult<()> {
        let admin = self.roles.has(Role::Admin, actor);
        match &self.hub.alliance_creation {
            _ if admin => Ok(()),
            AlliancePolicy::Admin => {
                Err(EngineError::CreationRefused { actor, rule: "only admins create alliances on this hub" })
            }
            AlliancePolicy::Allowlist { accounts } if !accounts.contains(&actor) => {
                Err(EngineError::CreationRefused {
                    actor,
                    rule: "only admins and the charter's alliance_creators do",
                })
            }
            AlliancePolicy::Allowlist { .. } => Ok(()),
            AlliancePolicy::Open { per_address } => {
                let genesis = &self.hub.genesis_alliance;
                let led = self
                    .alliances
                    .values()
                    .filter(|a| a.spec.leader == actor && &a.spec.id != genesis)
                    .count();
                if led >= *per_address as usize {
                    Err(EngineError::AllianceQuota { actor, max: *per_address })
                } else {
                    Ok(())
                }
            }
        }
    }
}
