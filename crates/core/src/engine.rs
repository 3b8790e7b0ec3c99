//! The `Engine`: one state (one ledger, one or more alliances), one `apply`
//! that routes each command to its module.
//!
//! Atomicity: every handler validates everything before its first write and
//! its writes cannot fail, so a rejected command leaves the state untouched
//! (property-tested by comparing state hashes).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alliance::{Alliance, treasury_address};
use crate::charter::Charter;
use crate::command::{Command, CommandBody, Event};
use crate::error::{EngineError, EngineResult};
use crate::governance::{self, Governance, PowerSources};
use crate::hash::{canonical_hash, keccak};
use crate::kernel::Kernel;
use crate::ledger::{Ledger, RegisterToken};
use crate::roles::Roles;
use crate::types::{Address, AllianceId, B256, Timestamp};
use crate::{emission, escrow, gauge, merkle, mission, share_vault, split, vault, vesting};

pub use crate::kernel::Hub;

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
    /// Collectives and their missions (absent from the encoding while empty,
    /// so logs recorded before missions keep their state hash).
    #[serde(default, skip_serializing_if = "crate::mission::Missions::is_empty")]
    pub missions: crate::mission::Missions,
    /// The forming board's profiles (absent from the encoding while empty).
    #[serde(default, skip_serializing_if = "crate::board::Board::is_empty")]
    pub board: crate::board::Board,
    /// Partner vetting: scorecards and candidates' cards (left out while empty).
    #[serde(default, skip_serializing_if = "crate::partner::Partners::is_empty")]
    pub partners: crate::partner::Partners,
    /// ERC-4626 share vaults (left out while empty).
    #[serde(default, skip_serializing_if = "crate::share_vault::ShareVaults::is_empty")]
    pub share_vaults: crate::share_vault::ShareVaults,
}

impl State {
    /// Where governance reads voting power from: the ledger and the vote-escrow.
    pub fn power_sources(&self) -> PowerSources<'_> {
        PowerSources { ledger: &self.ledger, ve: &self.escrow }
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

/// Each admitted candidate must be scored and pass the red flags.
fn check_admissions(
    partners: &crate::partner::Partners,
    alliance: &AllianceId,
    admissions: &[(usize, String)],
) -> EngineResult<()> {
    let problems: Vec<crate::problem::Problem> = admissions
        .iter()
        .filter_map(|(i, c)| {
            partners
                .admissible(alliance, c)
                .err()
                .map(|rule| crate::problem::Problem::new(format!("body.actions[{i}].candidate"), rule))
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(governance::GovernanceError::InvalidAction { problems }.into())
    }
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
                met_at: BTreeMap::new(),
                exits: BTreeMap::new(),
                progress: Default::default(),
            },
        );
        let mut state = State {
            hub: Hub {
                chain_id: charter.hub.chain_id,
                verifying_contract: verifying_contract(&alliance_id),
                genesis_alliance: alliance_id,
                genesis_hash: genesis_hash(charter),
                alliance_creation: charter.hub.alliance_creation.clone(),
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
            missions: Default::default(),
            board: Default::default(),
            partners: Default::default(),
            share_vaults: Default::default(),
        };
        // Genesis vaults are created by the alliance's leader at time 0.
        let State { hub, roles, ledger, alliances, vaults, vesting, .. } = &mut state;
        let k = Kernel::new(hub, roles, ledger, alliances, &mut vesting.lockups);
        for v in &charter.vaults {
            vault::create(vaults, &k, charter.alliance.leader, Timestamp(0), v)
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
        // A command without a nonce (a trusted script) takes the actor's next
        // one, so a script and the hub reach the same state.
        let expected = self.next_nonce(cmd.actor);
        let got = cmd.nonce.unwrap_or(expected);
        if got != expected {
            return Err(EngineError::BadNonce { account: cmd.actor, expected, got });
        }
        // u64 nonces cannot run out in practice; refuse rather than wrap.
        let next =
            expected.checked_add(1).ok_or(EngineError::BadNonce { account: cmd.actor, expected, got })?;
        self.state.ledger.changes.clear();
        let events = self.route(cmd.actor, cmd.at, &cmd.body)?;
        self.state.clock = cmd.at;
        self.state.nonces.insert(cmd.actor, next);
        Ok(events)
    }

    fn route(&mut self, actor: Address, at: Timestamp, body: &CommandBody) -> EngineResult<Vec<Event>> {
        let State {
            hub,
            roles,
            ledger,
            alliances,
            governance: gov,
            vaults,
            emissions,
            vesting: vest,
            splits,
            escrow: ve,
            gauges: gauge_state,
            merkle: roots,
            missions,
            board,
            partners,
            share_vaults,
            ..
        } = &mut self.state;
        let mut k = Kernel::new(hub, roles, ledger, alliances, &mut vest.lockups);
        let events = match body {
            CommandBody::RegisterToken(c) => k.register_token(actor, c),
            CommandBody::SetMinter(c) => k.set_minter(actor, c),
            CommandBody::GrantRole(c) => k.grant_role(actor, c),
            CommandBody::RevokeRole(c) => k.revoke_role(actor, c),
            CommandBody::Transfer(c) => k.transfer(actor, at, c),
            CommandBody::Mint(c) => k.mint(actor, at, c),
            CommandBody::Burn(c) => k.burn(actor, at, c),
            CommandBody::RecordDeposit(c) => k.record_deposit(actor, at, c),
            CommandBody::Withdraw(c) => k.withdraw(actor, at, c),
            CommandBody::CreateAlliance(spec) => {
                let events = k.create_alliance(actor, at, spec)?;
                let mut g = Governance::new(spec);
                governance::seed_power(&mut g, &k, &spec.id, at);
                gov.insert(spec.id.clone(), g);
                Ok(events)
            }
            // governance
            CommandBody::Delegate(c) => governance::delegate(gov, &mut k, ve, actor, at, c),
            CommandBody::CreateProposal(c) => {
                let admissions = governance::admission_candidates(&c.actions);
                check_admissions(partners, &c.alliance, &admissions)?;
                governance::create(gov, &mut k, ve, actor, at, c)
            }
            CommandBody::ApproveProposal(c) => governance::approve(gov, &mut k, ve, actor, at, c),
            CommandBody::CastVote(c) => governance::vote(gov, &mut k, ve, actor, at, c),
            CommandBody::QueueProposal(c) => governance::queue(gov, &mut k, ve, at, c),
            CommandBody::ExecuteProposal(c) => {
                // A collective's proposal may claw back its grants: checked
                // before the proposal executes, applied after it commits.
                let claws: Vec<mission::ClawbackGrant> = governance::clawback_actions(gov, c)
                    .into_iter()
                    .map(|(mission, milestone, reason, dispute)| mission::ClawbackGrant {
                        collective: c.alliance.clone(),
                        mission,
                        milestone,
                        reason,
                        dispute,
                    })
                    .collect();
                for claw in &claws {
                    mission::check_clawback(missions, at, claw)?;
                }
                // A red flag raised since the proposal was made still vetoes.
                let admissions = governance::admission_candidates(governance::proposal_actions(gov, c));
                check_admissions(partners, &c.alliance, &admissions)?;
                let mut events = governance::execute(gov, &mut k, ve, at, c)?;
                for claw in &claws {
                    let applied = mission::apply_clawback(missions, &mut vest.grants, &mut k, at, claw);
                    events.extend(applied.expect("a clawback checked before its proposal executed applies"));
                }
                Ok(events)
            }
            CommandBody::CancelProposal(c) => governance::cancel(gov, &mut k, ve, actor, at, c),
            CommandBody::CouncilPropose(c) => governance::council::propose(gov, actor, c),
            CommandBody::CouncilApprove(c) => governance::council::approve(gov, actor, c),
            CommandBody::CouncilExecute(c) => governance::council::execute(gov, &mut k, actor, at, c),
            // vault
            CommandBody::CreateVault(c) => vault::create(vaults, &k, actor, at, c),
            CommandBody::FundVault(c) => vault::fund(vaults, &mut k, actor, at, c),
            CommandBody::Stake(c) => vault::stake(vaults, &mut k, actor, at, c),
            CommandBody::Unstake(c) => vault::unstake(vaults, &mut k, actor, at, c),
            CommandBody::WithdrawUnbonded(c) => vault::withdraw_unbonded(vaults, &mut k, actor, at, c),
            CommandBody::Claim(c) => vault::claim(vaults, &mut k, actor, at, c),
            CommandBody::ExitInstant(c) => vault::exit_instant(vaults, &mut k, actor, at, c),
            CommandBody::PauseVault(c) => vault::set_paused(vaults, &k, actor, c),
            CommandBody::EmergencyWithdraw(c) => vault::emergency_withdraw(vaults, &mut k, actor, at, c),
            CommandBody::Kick(c) => vault::kick(vaults, &mut k, at, c),
            // emission
            CommandBody::CreateEmission(c) => emission::create(emissions, &k, vaults, actor, at, c),
            CommandBody::Emit(c) => emission::emit(emissions, &mut k, vaults, gauge_state, at, c),
            // vesting
            CommandBody::CreateVesting(c) => vesting::create(&mut vest.grants, &mut k, actor, at, c),
            CommandBody::ReleaseVesting(c) => vesting::release(&mut vest.grants, &mut k, at, c),
            CommandBody::RevokeVesting(c) => vesting::revoke(&mut vest.grants, &mut k, actor, at, c),
            CommandBody::TransferLocked(c) => vesting::transfer_locked(&mut k, actor, at, c),
            // split
            CommandBody::CreateSplit(c) => split::create(splits, &k, actor, c),
            CommandBody::DistributeFees(c) => split::distribute(splits, &mut k, actor, at, c),
            // escrow
            CommandBody::CreateEscrow(c) => escrow::create_escrow(ve, &k, actor, c),
            CommandBody::CreateLock(c) => escrow::create_lock(ve, &mut k, actor, at, c),
            CommandBody::IncreaseLockAmount(c) => escrow::increase_lock_amount(ve, &mut k, actor, at, c),
            CommandBody::ExtendLock(c) => escrow::extend_lock(ve, actor, at, c),
            CommandBody::WithdrawLock(_) => escrow::withdraw_lock(ve, &mut k, actor, at),
            // gauge
            CommandBody::CreateGauge(c) => gauge::create_gauge(gauge_state, &k, actor, at, c),
            CommandBody::SetGaugeParams(c) => gauge::set_gauge_params(gauge_state, &k, actor, c),
            CommandBody::VoteGauge(c) => gauge::vote_gauge(gauge_state, ve, actor, at, c),
            CommandBody::DepositBribe(c) => gauge::deposit_bribe(gauge_state, &mut k, actor, at, c),
            CommandBody::ClaimBribe(c) => gauge::claim_bribe(gauge_state, &mut k, actor, at, c),
            CommandBody::ReclaimBribe(c) => gauge::reclaim_bribe(gauge_state, &mut k, actor, at, c),
            // merkle
            CommandBody::PublishVaultRewards(c) => {
                merkle::publish_vault_rewards(roots, &mut k, vaults, actor, at, c)
            }
            CommandBody::PublishMerkleRoot(c) => merkle::publish_root(roots, &k, actor, at, c),
            CommandBody::ClaimMerkleReward(c) => merkle::claim(roots, &mut k, actor, at, c),
            // membership
            CommandBody::InviteMember(c) => k.invite_member(actor, c),
            CommandBody::AcceptInvitation(c) => k.answer_invitation(actor, c, true),
            CommandBody::DeclineInvitation(c) => k.answer_invitation(actor, c, false),
            CommandBody::PostProfile(c) => crate::board::post(board, actor, c),
            CommandBody::RemoveProfile(c) => crate::board::remove(board, actor, c),
            // mission
            CommandBody::CreateCollective(c) => mission::create_collective(missions, &k, actor, c),
            CommandBody::OpenSeason(c) => mission::open_season(missions, &k, actor, at, c),
            CommandBody::PublishRfp(c) => mission::publish_rfp(missions, &k, actor, c),
            CommandBody::RecordTrack(c) => mission::record_track(missions, &k, actor, c),
            CommandBody::ProposeMission(c) => mission::propose(missions, &k, actor, at, c),
            CommandBody::ApproveMission(c) => mission::approve(missions, gov, &k, ve, actor, at, c),
            CommandBody::CastBudgetBallot(c) => mission::ballot(missions, gov, &k, ve, actor, at, c),
            CommandBody::CloseBudgetVote(c) => mission::close(missions, &mut vest.grants, &mut k, at, c),
            CommandBody::AttestMilestone(c) => {
                mission::attest(missions, &mut vest.grants, &mut k, actor, at, c)
            }
            CommandBody::ClawbackGrant(c) => {
                mission::clawback(missions, &mut vest.grants, &mut k, actor, at, c)
            }
            CommandBody::RecordDispute(c) => mission::record_dispute(missions, &k, actor, at, c),
            CommandBody::ResolveDispute(c) => mission::resolve_dispute(missions, &k, actor, c),
            CommandBody::GivePoints(c) => mission::give(missions, &k, actor, c),
            CommandBody::TeamDecision(c) => mission::decide(missions, &k, actor, c),
            CommandBody::MarkAbsent(c) => mission::mark_absent(missions, &k, actor, at, c),
            CommandBody::MarkReturned(c) => mission::mark_returned(missions, &k, actor, at, c),
            CommandBody::LeaveAlliance(c) => {
                crate::exit::leave(missions, &mut vest.grants, share_vaults, gov, &mut k, ve, actor, at, c)
            }
            CommandBody::CompleteExit(c) => crate::exit::complete(&mut k, at, c),
            CommandBody::SetScorecard(c) => crate::partner::set(partners, &k, actor, c),
            CommandBody::ScoreCandidate(c) => crate::partner::score(partners, &k, actor, c),
            // roadmap
            CommandBody::CheckDeliverable(c) => k.check_deliverable(actor, c),
            CommandBody::RecordRetrospective(c) => {
                let tvl = share_vault::alliance_tvl(share_vaults, k.ledger(), &c.alliance);
                k.record_retrospective(actor, at, c, &tvl)
            }
            // share vaults
            CommandBody::CreateShareVault(c) => share_vault::create(share_vaults, &mut k, actor, c),
            CommandBody::DepositAssets(c) => share_vault::deposit(share_vaults, &mut k, actor, at, c),
            CommandBody::MintShares(c) => share_vault::mint(share_vaults, &mut k, actor, at, c),
            CommandBody::WithdrawAssets(c) => share_vault::withdraw(share_vaults, &mut k, actor, at, c),
            CommandBody::RedeemShares(c) => share_vault::redeem(share_vaults, &mut k, actor, at, c),
        }?;
        // Voting power follows the balances the command changed.
        governance::follow_balances(gov, &mut k, at);
        Ok(events)
    }
}
