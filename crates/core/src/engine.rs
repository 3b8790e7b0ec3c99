//! The `Engine`: one state (one ledger, one or more alliances), one `apply`
//! that routes each command to its module.
//!
//! Atomicity: every handler validates everything before its first write and
//! its writes cannot fail, so a rejected command leaves the state untouched
//! (property-tested by comparing state hashes).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alliance::{Alliance, AllianceSpec, treasury_address};
use crate::charter::Charter;
use crate::command::{AllianceCreated, Command, CommandBody, Event};
use crate::council;
use crate::error::{EngineError, EngineResult};
use crate::governance::{self, Governance};
use crate::hash::{canonical_hash, keccak};
use crate::ledger::{Ledger, RegisterToken};
use crate::problem::Problems;
use crate::roles::{GrantRole, RevokeRole, Role, RoleGranted, RoleRevoked, Roles};
use crate::types::{Address, AllianceId, Amount, B256, ChainId, Timestamp, TokenId};
use crate::{emission, split, vault, vesting};

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
}

/// The whole engine state. Every map is ordered, so the canonical encoding
/// and the state hash are the same on every machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Genesis constants.
    pub hub: Hub,
    /// Time of the last applied command.
    pub clock: Timestamp,
    /// Next nonce per signing account.
    pub nonces: BTreeMap<Address, u64>,
    /// Role holders.
    pub roles: Roles,
    /// Tokens and balances.
    pub ledger: Ledger,
    /// Alliances by id.
    pub alliances: BTreeMap<AllianceId, Alliance>,
    /// Governance (power, proposals, council) per alliance.
    pub governance: BTreeMap<AllianceId, Governance>,
    /// Staking vaults.
    pub vaults: crate::vault::VaultState,
    /// Emission schedules.
    pub emissions: crate::emission::EmissionState,
    /// Vesting grants and lock-ups.
    pub vesting: crate::vesting::VestingState,
    /// Fee splits.
    pub splits: crate::split::SplitState,
    /// Vote-escrow locks and power.
    pub escrow: crate::escrow::Escrow,
    /// Gauges, votes and vote incentives.
    pub gauges: crate::gauge::Gauges,
    /// Published Merkle reward roots and claims.
    pub merkle: crate::merkle::MerkleRoots,
}

impl State {
    /// Whether `actor` is a hub admin or the leader of `alliance`; `None` when
    /// the alliance does not exist. The one place this rule is written.
    pub fn is_admin_or_leader(&self, actor: Address, alliance: &AllianceId) -> Option<bool> {
        let a = self.alliances.get(alliance)?;
        Some(self.roles.has(Role::Admin, actor) || a.spec.leader == actor)
    }
}

/// The deterministic engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engine {
    state: State,
}

/// The EIP-712 `verifyingContract` for a hub whose genesis alliance is `id`.
pub fn verifying_contract(id: &AllianceId) -> Address {
    Address::derived(&format!("alliance:{id}:verifying-contract"))
}

/// The genesis hash: keccak256(`concord:genesis:v1` ‖ canonical charter).
pub fn genesis_hash(charter: &Charter) -> B256 {
    keccak(&[b"concord:genesis:v1", &crate::hash::canonical_bytes(charter)])
}

impl Engine {
    /// The state at genesis: the charter's roles, tokens and alliance.
    pub fn genesis(charter: &Charter) -> Self {
        let alliance_id = charter.alliance.id.clone();
        let mut ledger = Ledger::default();
        for token in &charter.tokens {
            ledger
                .register_token(&RegisterToken { token: token.clone() })
                .expect("a parsed charter has valid, unique tokens");
        }
        let roles = Roles {
            admins: charter.hub.admins.iter().copied().collect(),
            relayers: charter.hub.relayers.iter().copied().collect(),
        };
        let mut governance = BTreeMap::new();
        governance.insert(alliance_id.clone(), Governance::new(&charter.alliance));
        let mut alliances = BTreeMap::new();
        alliances.insert(
            alliance_id.clone(),
            Alliance {
                treasury: treasury_address(&alliance_id),
                spec: charter.alliance.clone(),
                formed_at: Timestamp(0),
                contributions: BTreeMap::new(),
            },
        );
        let mut state = State {
            hub: Hub {
                chain_id: charter.hub.chain_id,
                verifying_contract: verifying_contract(&alliance_id),
                genesis_alliance: alliance_id,
                genesis_hash: genesis_hash(charter),
            },
            clock: Timestamp(0),
            nonces: BTreeMap::new(),
            roles,
            ledger,
            alliances,
            governance,
            vaults: Default::default(),
            emissions: Default::default(),
            vesting: Default::default(),
            splits: Default::default(),
            escrow: Default::default(),
            gauges: Default::default(),
            merkle: Default::default(),
        };
        // Genesis vaults are created by the alliance's leader at time 0.
        for v in &charter.vaults {
            vault::create(&mut state, charter.alliance.leader, Timestamp(0), v)
                .expect("a parsed charter has valid vaults");
        }
        Self { state }
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// keccak256 over the canonical encoding of the whole state.
    pub fn state_hash(&self) -> B256 {
        canonical_hash(&self.state)
    }

    /// The next nonce a signer must use.
    pub fn next_nonce(&self, account: Address) -> u64 {
        self.state.nonces.get(&account).copied().unwrap_or(0)
    }

    /// Applies one command: its events, or an error and no change at all.
    pub fn apply(&mut self, cmd: &Command) -> EngineResult<Vec<Event>> {
        if cmd.actor.is_zero() {
            return Err(EngineError::ZeroActor);
        }
        if cmd.at < self.state.clock {
            return Err(EngineError::ClockWentBack { last: self.state.clock, got: cmd.at });
        }
        let next_nonce = match cmd.nonce {
            None => None,
            Some(got) => {
                let expected = self.next_nonce(cmd.actor);
                if got != expected {
                    return Err(EngineError::BadNonce { account: cmd.actor, expected, got });
                }
                // u64 nonces cannot run out in practice; refuse rather than wrap.
                Some(expected.checked_add(1).ok_or(EngineError::BadNonce {
                    account: cmd.actor,
                    expected,
                    got,
                })?)
            }
        };
        self.state.ledger.changes.clear();
        let events = self.route(cmd.actor, cmd.at, &cmd.body)?;
        governance::follow_balances(&mut self.state, cmd.at);
        self.state.clock = cmd.at;
        if let Some(next) = next_nonce {
            self.state.nonces.insert(cmd.actor, next);
        }
        Ok(events)
    }

    fn require(&self, role: Role, actor: Address) -> EngineResult<()> {
        self.state.roles.require(role, actor)
    }

    fn route(&mut self, actor: Address, at: Timestamp, body: &CommandBody) -> EngineResult<Vec<Event>> {
        let event = match body {
            CommandBody::RegisterToken(c) => {
                self.require(Role::Admin, actor)?;
                Event::TokenRegistered(self.state.ledger.register_token(c)?)
            }
            CommandBody::SetMinter(c) => {
                self.require(Role::Admin, actor)?;
                Event::MinterSet(self.state.ledger.set_minter(c)?)
            }
            CommandBody::GrantRole(c) => self.grant_role(actor, c)?,
            CommandBody::RevokeRole(c) => self.revoke_role(actor, c)?,
            CommandBody::Transfer(c) => {
                self.check_unlocked(actor, c.token, c.amount, at)?;
                let moved = self.state.ledger.move_tokens(c.token, actor, c.to, c.amount, at)?;
                if let Some(alliance) = self.state.alliances.values_mut().find(|a| a.treasury == c.to) {
                    alliance.record_contribution(actor, c.token, c.amount);
                }
                Event::Transferred(moved)
            }
            CommandBody::Mint(c) => Event::Minted(self.state.ledger.mint(actor, at, c)?),
            CommandBody::Burn(c) => {
                self.check_unlocked(actor, c.token, c.amount, at)?;
                Event::Burned(self.state.ledger.burn(actor, at, c)?)
            }
            CommandBody::RecordDeposit(c) => {
                self.require(Role::Relayer, actor)?;
                Event::DepositRecorded(self.state.ledger.record_deposit(at, c)?)
            }
            CommandBody::Withdraw(c) => {
                self.check_unlocked(actor, c.token, c.amount, at)?;
                Event::WithdrawalQueued(self.state.ledger.withdraw(actor, at, c)?)
            }
            CommandBody::CreateAlliance(spec) => self.create_alliance(actor, at, spec)?,
            CommandBody::Delegate(c) => governance::delegate(&mut self.state, actor, at, c)?,
            CommandBody::CreateProposal(c) => governance::create(&mut self.state, actor, at, c)?,
            CommandBody::ApproveProposal(c) => governance::approve(&mut self.state, actor, at, c)?,
            CommandBody::CastVote(c) => return Ok(governance::vote(&mut self.state, actor, at, c)?),
            CommandBody::QueueProposal(c) => governance::queue(&mut self.state, at, c)?,
            CommandBody::ExecuteProposal(c) => return Ok(governance::execute(&mut self.state, at, c)?),
            CommandBody::CancelProposal(c) => governance::cancel(&mut self.state, actor, at, c)?,
            CommandBody::CouncilPropose(c) => council::propose(&mut self.state, actor, c)?,
            CommandBody::CouncilApprove(c) => council::approve(&mut self.state, actor, c)?,
            CommandBody::CouncilExecute(c) => return Ok(council::execute(&mut self.state, actor, at, c)?),
            // vault
            CommandBody::CreateVault(c) => return vault::create(&mut self.state, actor, at, c),
            CommandBody::FundVault(c) => return vault::fund(&mut self.state, actor, at, c),
            CommandBody::Stake(c) => return vault::stake(&mut self.state, actor, at, c),
            CommandBody::Unstake(c) => return vault::unstake(&mut self.state, actor, at, c),
            CommandBody::WithdrawUnbonded(c) => {
                return vault::withdraw_unbonded(&mut self.state, actor, at, c);
            }
            CommandBody::Claim(c) => return vault::claim(&mut self.state, actor, at, c),
            CommandBody::ExitInstant(c) => return vault::exit_instant(&mut self.state, actor, at, c),
            CommandBody::PauseVault(c) => return vault::set_paused(&mut self.state, actor, c),
            CommandBody::EmergencyWithdraw(c) => {
                return vault::emergency_withdraw(&mut self.state, actor, at, c);
            }
            CommandBody::Kick(c) => return vault::kick(&mut self.state, at, c),
            // emission
            CommandBody::CreateEmission(c) => return emission::create(&mut self.state, actor, at, c),
            CommandBody::Emit(c) => return emission::emit(&mut self.state, at, c),
            // vesting
            CommandBody::CreateVesting(c) => return vesting::create(&mut self.state, actor, at, c),
            CommandBody::ReleaseVesting(c) => return vesting::release(&mut self.state, at, c),
            CommandBody::RevokeVesting(c) => return vesting::revoke(&mut self.state, actor, at, c),
            CommandBody::TransferLocked(c) => return vesting::transfer_locked(&mut self.state, actor, at, c),
            // split
            CommandBody::CreateSplit(c) => return split::create(&mut self.state, actor, c),
            CommandBody::DistributeFees(c) => return split::distribute(&mut self.state, actor, at, c),
            // escrow, gauge, merkle: handlers return their events.
            CommandBody::CreateEscrow(c) => return crate::escrow::create_escrow(&mut self.state, actor, c),
            CommandBody::CreateLock(c) => return crate::escrow::create_lock(&mut self.state, actor, at, c),
            CommandBody::IncreaseLockAmount(c) => {
                return crate::escrow::increase_lock_amount(&mut self.state, actor, at, c);
            }
            CommandBody::ExtendLock(c) => return crate::escrow::extend_lock(&mut self.state, actor, at, c),
            CommandBody::WithdrawLock(_) => return crate::escrow::withdraw_lock(&mut self.state, actor, at),
            CommandBody::CreateGauge(c) => return crate::gauge::create_gauge(&mut self.state, actor, at, c),
            CommandBody::SetGaugeParams(c) => {
                return crate::gauge::set_gauge_params(&mut self.state, actor, c);
            }
            CommandBody::VoteGauge(c) => return crate::gauge::vote_gauge(&mut self.state, actor, at, c),
            CommandBody::DepositBribe(c) => {
                return crate::gauge::deposit_bribe(&mut self.state, actor, at, c);
            }
            CommandBody::ClaimBribe(c) => return crate::gauge::claim_bribe(&mut self.state, actor, at, c),
            CommandBody::ReclaimBribe(c) => {
                return crate::gauge::reclaim_bribe(&mut self.state, actor, at, c);
            }
            CommandBody::PublishVaultRewards(c) => {
                return crate::merkle::publish_vault_rewards(&mut self.state, actor, at, c);
            }
            CommandBody::PublishMerkleRoot(c) => {
                return crate::merkle::publish_root(&mut self.state, actor, at, c);
            }
            CommandBody::ClaimMerkleReward(c) => return crate::merkle::claim(&mut self.state, actor, at, c),
        };
        Ok(vec![event])
    }

    /// Lock-ups (`vesting`): refuse moving locked tokens out of the actor's balance.
    fn check_unlocked(
        &self,
        actor: Address,
        token: TokenId,
        amount: Amount,
        at: Timestamp,
    ) -> EngineResult<()> {
        let balance = self.state.ledger.balance(actor, token);
        let Some(after) = balance.checked_sub(amount) else {
            return Ok(()); // the ledger reports the insufficient balance itself
        };
        Ok(vesting::check_unlocked(&self.state.vesting, actor, token, balance, after, at)?)
    }

    fn grant_role(&mut self, actor: Address, c: &GrantRole) -> EngineResult<Event> {
        self.require(Role::Admin, actor)?;
        if c.account.is_zero() {
            return Err(crate::ledger::LedgerError::ZeroAddress { field: "body.account" }.into());
        }
        if !self.state.roles.holders_mut(c.role).insert(c.account) {
            return Err(EngineError::RoleUnchanged { account: c.account, role: c.role, held: true });
        }
        Ok(Event::RoleGranted(RoleGranted { role: c.role, account: c.account }))
    }

    fn revoke_role(&mut self, actor: Address, c: &RevokeRole) -> EngineResult<Event> {
        self.require(Role::Admin, actor)?;
        let holders = self.state.roles.holders(c.role);
        if !holders.contains(&c.account) {
            return Err(EngineError::RoleUnchanged { account: c.account, role: c.role, held: false });
        }
        if c.role == Role::Admin && holders.len() == 1 {
            return Err(EngineError::LastAdmin { account: c.account });
        }
        self.state.roles.holders_mut(c.role).remove(&c.account);
        Ok(Event::RoleRevoked(RoleRevoked { role: c.role, account: c.account }))
    }

    fn create_alliance(&mut self, actor: Address, at: Timestamp, spec: &AllianceSpec) -> EngineResult<Event> {
        if self.state.alliances.contains_key(&spec.id) {
            return Err(EngineError::DuplicateAlliance { id: spec.id.clone() });
        }
        if spec.leader != actor {
            return Err(EngineError::LeaderNotActor { actor, leader: spec.leader });
        }
        let mut problems = Problems::default();
        let tokens = &self.state.ledger.tokens;
        spec.check("body", &|id| tokens.get(&id).map(|e| Some(e.token.chain_id)), &mut problems);
        if !problems.is_empty() {
            return Err(EngineError::InvalidAlliance { problems: problems.into_vec() });
        }
        let treasury = treasury_address(&spec.id);
        self.state.governance.insert(spec.id.clone(), Governance::new(spec));
        self.state.alliances.insert(
            spec.id.clone(),
            Alliance { spec: spec.clone(), treasury, formed_at: at, contributions: BTreeMap::new() },
        );
        Ok(Event::AllianceCreated(AllianceCreated { id: spec.id.clone(), leader: actor, treasury }))
    }
}
