//! Commands in, events out.
//!
//! A [`Command`] is `{ actor, at, nonce, body }`. Its JSON form (used by
//! `concord apply` and inside signed envelopes) names the body's `kind` and
//! gives the body as an object:
//! `{"actor":"0x…","at":1700000000,"kind":"transfer","body":{"token":"GOV","to":"0x…","amount":"5"}}`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::alliance::AllianceSpec;
use crate::board::{PostProfile, ProfileChanged, RemoveProfile};
use crate::emission::{CreateEmission, EmissionCreated, EmissionDustPaid, Emit, EpochEmitted};
use crate::escrow::{
    CreateEscrow, CreateLock, EscrowCreated, ExtendLock, IncreaseLockAmount, LockChanged, LockWithdrawn,
    WithdrawLock,
};
use crate::exit::{CompleteExit, MemberExit};
use crate::gauge::{
    BribeDeposited, BribePaid, ClaimBribe, CreateGauge, DepositBribe, GaugeCreated, GaugeParamsSet,
    GaugeVoted, SetGaugeParams, VoteGauge,
};
use crate::governance::council::{
    CouncilPropose, CouncilTxChanged, CouncilTxRef, CouncilView, GovernanceToggled,
};
use crate::governance::{
    AgreementAmended, ApproveProposal, CastVote, CreateProposal, DecisionModelSet, Delegate,
    DelegateOverridden, Delegated, MemberAdmitted, MemberRemoved, PhaseAdvanced, ProposalChanged,
    ProposalCreated, ProposalRef, ProposalSponsored, ScopeRulesSet, VoteCast,
};
use crate::kernel::{
    CheckDeliverable, InvitationChanged, InvitationRef, InviteMember, RecordRetrospective, RoadmapRecorded,
};
use crate::ledger::{
    Burn, Burned, DepositRecorded, Mint, Minted, MinterSet, RecordDeposit, RegisterToken, SetMinter,
    TokenRegistered, Transfer, Transferred, Withdraw, WithdrawalQueued,
};
use crate::merkle::{
    ClaimMerkleReward, MerkleRewardClaimed, MerkleRootPublished, PublishMerkleRoot, PublishVaultRewards,
    VaultRewardsSettled,
};
use crate::mission::{
    ApproveMission, AttestMilestone, BudgetBallotCast, BudgetVoteClosed, CastBudgetBallot, ClawbackGrant,
    CloseBudgetVote, CollectiveCreated, CreateCollective, DisputeChanged, GivePoints, GrantClawedBack,
    LeaveAlliance, MarkAbsent, MarkReturned, MilestoneAttested, MissionApproved, MissionProposed, OpenSeason,
    ProposeMission, PublishRfp, RecordDispute, RecordTrack, ResolveDispute, RewardsSplit, RfpPublished,
    SeasonOpened, TeamChanged, TeamDecision, TrackRecorded,
};
use crate::partner::{CandidateScored, ScoreCandidate, ScorecardSet, SetScorecard};
use crate::roles::{GrantRole, RevokeRole, RoleGranted, RoleRevoked};
use crate::share_vault::{
    CreateShareVault, DepositAssets, MintShares, RedeemShares, ShareVaultCreated, SharesDeposited,
    SharesWithdrawn, WithdrawAssets,
};
use crate::split::{CreateSplit, DistributeFees, FeesDistributed, SplitCreated};
use crate::types::{Address, AllianceId, Timestamp};
use crate::vault::{
    Claim, CreateVault, EmergencyWithdraw, EmergencyWithdrawn, ExitInstant, ExitedInstantly, FundVault,
    IdleRewardsReturned, Kick, PauseVault, RewardPaid, Stake, Staked, UnbondedWithdrawn, UnbondingStarted,
    Unstake, Unstaked, VaultCreated, VaultFunded, VaultPauseSet, WithdrawUnbonded, WorkingBalanceUpdated,
};
use crate::vesting::{
    CreateVesting, LockedTransfer, ReleaseVesting, RevokeVesting, TransferLocked, VestingCreated,
    VestingReleased, VestingRevoked,
};

/// One state change request. Time arrives with the command: the engine never
/// reads a clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// Who acts (authenticated by the shell: a signature, or a trusted script).
    pub actor: Address,
    /// When, in unix seconds; never earlier than the previous command.
    pub at: Timestamp,
    /// The actor's nonce for signed commands; `None` for trusted scripts.
    pub nonce: Option<u64>,
    /// What to do.
    pub body: CommandBody,
}

/// Why a command's JSON is not a valid command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The `kind` is not a known command.
    #[error("kind: unknown command kind `{kind}` (known: {known})")]
    UnknownKind {
        /// The rejected kind.
        kind: String,
        /// The known kinds, comma separated.
        known: String,
    },
    /// A field is missing, mistyped or breaks a rule.
    #[error("{path}: {message}")]
    Invalid {
        /// Dotted path to the field (`body.amount`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl BodyError {
    /// The offending field.
    pub fn field(&self) -> &str {
        match self {
            Self::UnknownKind { .. } => "kind",
            Self::Invalid { path, .. } => path,
        }
    }
}

fn invalid_at(prefix: &str, e: serde_path_to_error::Error<serde_json::Error>) -> BodyError {
    let inner = e.path().to_string();
    let path = if inner == "." { prefix.to_owned() } else { format!("{prefix}.{inner}") };
    BodyError::Invalid { path, message: e.into_inner().to_string() }
}

fn parse_value<T: serde::de::DeserializeOwned>(
    prefix: &str,
    value: serde_json::Value,
) -> Result<T, BodyError> {
    serde_path_to_error::deserialize(value).map_err(|e| invalid_at(prefix, e))
}

fn parse_str<T: serde::de::DeserializeOwned>(prefix: &str, text: &str) -> Result<T, BodyError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| BodyError::Invalid {
        path: prefix.to_owned(),
        message: format!("not valid JSON: {e}"),
    })?;
    // A `Value` keeps only the last of repeated keys; refuse them instead, so
    // the signed text cannot show one amount and mean another.
    serde_path_to_error::deserialize::<_, DistinctKeys>(&mut serde_json::Deserializer::from_str(text))
        .map_err(|e| invalid_at(prefix, e))?;
    parse_value(prefix, value)
}

/// Walks any JSON value and fails on an object that repeats a key (the error
/// is raised while reading the repeated key's value, so its path names it).
struct DistinctKeys;

impl<'de> Deserialize<'de> for DistinctKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DistinctKeys)
    }
}

/// Fails at once: the value of a repeated key.
struct RepeatedKey(String);

impl<'de> serde::de::DeserializeSeed<'de> for RepeatedKey {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
        Err(serde::de::Error::custom(format!("duplicate key `{}`", self.0)))
    }
}

impl<'de> serde::de::Visitor<'de> for DistinctKeys {
    type Value = Self;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<DistinctKeys>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                map.next_value_seed(RepeatedKey(key))?;
            } else {
                map.next_value::<DistinctKeys>()?;
                seen.insert(key);
            }
        }
        Ok(self)
    }
}

macro_rules! command_bodies {
    ($($(#[$doc:meta])* $kind:literal => $variant:ident($ty:ty),)*) => {
        /// The body of a command: one variant per command kind.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum CommandBody {
            $($(#[$doc])* $variant($ty),)*
        }

        impl CommandBody {
            /// Every command kind.
            pub const KINDS: &'static [&'static str] = &[$($kind),*];

            /// This body's kind.
            pub fn kind(&self) -> &'static str {
                match self { $(Self::$variant(_) => $kind,)* }
            }

            /// Parses a body given its kind and JSON value; errors name the field.
            pub fn from_value(kind: &str, body: serde_json::Value) -> Result<Self, BodyError> {
                match kind {
                    $($kind => parse_value("body", body).map(Self::$variant),)*
                    _ => Err(BodyError::UnknownKind {
                        kind: kind.chars().take(64).collect(),
                        known: Self::KINDS.join(", "),
                    }),
                }
            }

            /// Parses a body given its kind and JSON text.
            pub fn from_json(kind: &str, body: &str) -> Result<Self, BodyError> {
                if !Self::KINDS.contains(&kind) {
                    return Self::from_value(kind, serde_json::Value::Null);
                }
                let value = parse_str::<serde_json::Value>("body", body)?;
                Self::from_value(kind, value)
            }

            /// The body as a JSON value (without the kind).
            pub fn body_value(&self) -> serde_json::Value {
                match self {
                    $(Self::$variant(b) => serde_json::to_value(b),)*
                }
                .expect("command bodies serialise to JSON")
            }
        }
    };
}

command_bodies! {
    /// Register a token (admin).
    "register-token" => RegisterToken(RegisterToken),
    /// Set or clear a token's minter (admin).
    "set-minter" => SetMinter(SetMinter),
    /// Grant a hub role (admin).
    "grant-role" => GrantRole(GrantRole),
    /// Revoke a hub role (admin).
    "revoke-role" => RevokeRole(RevokeRole),
    /// Move tokens.
    "transfer" => Transfer(Transfer),
    /// Mint (the token's minter).
    "mint" => Mint(Mint),
    /// Burn own tokens (the token's minter).
    "burn" => Burn(Burn),
    /// Record a home-chain deposit (relayer).
    "record-deposit" => RecordDeposit(RecordDeposit),
    /// Withdraw to the home chain.
    "withdraw" => Withdraw(Withdraw),
    /// Form a new alliance led by the actor.
    "create-alliance" => CreateAlliance(Box<AllianceSpec>),
    // governance
    /// Vote through a delegate.
    "delegate" => Delegate(Delegate),
    /// Create a proposal.
    "create-proposal" => CreateProposal(Box<CreateProposal>),
    /// Sponsor a proposal.
    "approve-proposal" => ApproveProposal(ApproveProposal),
    /// Cast a vote (signed as an EIP-712 `Vote`).
    "cast-vote" => CastVote(CastVote),
    /// Queue a succeeded proposal.
    "queue-proposal" => QueueProposal(ProposalRef),
    /// Execute a queued proposal after its timelock.
    "execute-proposal" => ExecuteProposal(ProposalRef),
    /// Cancel a pending proposal (the proposer).
    "cancel-proposal" => CancelProposal(ProposalRef),
    // council
    /// Propose a council transaction.
    "council-propose" => CouncilPropose(CouncilPropose),
    /// Approve a council transaction.
    "council-approve" => CouncilApprove(CouncilTxRef),
    /// Execute an approved council transaction.
    "council-execute" => CouncilExecute(CouncilTxRef),
    // vault
    /// Create a staking vault (admin or the alliance's leader).
    "create-vault" => CreateVault(Box<CreateVault>),
    /// Add rewards to a vault (admin, the alliance's leader, the emission module).
    "fund-vault" => FundVault(FundVault),
    /// Stake into a vault.
    "stake" => Stake(Stake),
    /// Unstake (at once, or start unbonding).
    "unstake" => Unstake(Unstake),
    /// Withdraw stake whose unbonding period has passed.
    "withdraw-unbonded" => WithdrawUnbonded(WithdrawUnbonded),
    /// Claim every reward earned in a vault.
    "claim" => Claim(Claim),
    /// Leave a vault at once, paying the exit penalty.
    "exit-instant" => ExitInstant(ExitInstant),
    /// Pause or unpause a vault (admin or the alliance's leader).
    "pause-vault" => PauseVault(PauseVault),
    /// Take back principal from a paused vault, forfeiting rewards.
    "emergency-withdraw" => EmergencyWithdraw(EmergencyWithdraw),
    /// Recompute a position's loyalty-boosted working balance (anyone).
    "kick" => Kick(Kick),
    // emission
    /// Create an emission schedule (admin).
    "create-emission" => CreateEmission(Box<CreateEmission>),
    /// Mint and route every due epoch (anyone).
    "emit" => Emit(Emit),
    // vesting
    /// Fund a vesting grant (the actor is the grantor).
    "create-vesting" => CreateVesting(CreateVesting),
    /// Release a grant's vested tokens to its beneficiary (anyone).
    "release-vesting" => ReleaseVesting(ReleaseVesting),
    /// Revoke a revocable grant (its grantor).
    "revoke-vesting" => RevokeVesting(RevokeVesting),
    /// Transfer tokens locked until a date.
    "transfer-locked" => TransferLocked(TransferLocked),
    // split
    /// Create a fee split (admin or the alliance's leader).
    "create-split" => CreateSplit(CreateSplit),
    /// Pay fees through a split.
    "distribute-fees" => DistributeFees(DistributeFees),
    // escrow
    /// Create the vote-escrow on the alliance token (admin, once).
    "create-escrow" => CreateEscrow(CreateEscrow),
    /// Lock tokens until a week-rounded time.
    "create-lock" => CreateLock(CreateLock),
    /// Add tokens to an unexpired lock.
    "increase-lock-amount" => IncreaseLockAmount(IncreaseLockAmount),
    /// Move an unexpired lock's end later.
    "extend-lock" => ExtendLock(ExtendLock),
    /// Withdraw an expired lock.
    "withdraw-lock" => WithdrawLock(WithdrawLock),
    // gauge
    /// Create a gauge (admin).
    "create-gauge" => CreateGauge(CreateGauge),
    /// Set the vote delay, the incentive fee and its recipient (admin).
    "set-gauge-params" => SetGaugeParams(SetGaugeParams),
    /// Allocate bps of ve power to a gauge from the next epoch.
    "vote-gauge" => VoteGauge(VoteGauge),
    /// Deposit vote incentives for (gauge, epoch).
    "deposit-bribe" => DepositBribe(DepositBribe),
    /// Claim vote incentives (voter).
    "claim-bribe" => ClaimBribe(ClaimBribe),
    /// Reclaim vote incentives nobody voted for (depositor).
    "reclaim-bribe" => ReclaimBribe(ClaimBribe),
    // merkle
    /// Publish an epoch's Merkle reward root (admin, once per epoch).
    "publish-merkle-root" => PublishMerkleRoot(PublishMerkleRoot),
    /// Settle a vault's rewards into the distributor and publish cumulative amounts (admin).
    "publish-vault-rewards" => PublishVaultRewards(PublishVaultRewards),
    /// Claim a cumulative Merkle reward with a proof.
    "claim-merkle-reward" => ClaimMerkleReward(ClaimMerkleReward),
    // membership
    /// Invite an account into an alliance with its roles (the leader).
    "invite-member" => InviteMember(Box<InviteMember>),
    /// Accept one's invitation: only then does the member count.
    "accept-invitation" => AcceptInvitation(InvitationRef),
    /// Decline one's invitation.
    "decline-invitation" => DeclineInvitation(InvitationRef),
    /// Post or replace one's profile on the forming board.
    "post-profile" => PostProfile(PostProfile),
    /// Remove one's profile from the board.
    "remove-profile" => RemoveProfile(RemoveProfile),
    // mission
    /// Make an alliance a collective that funds missions (its leader or an admin).
    "create-collective" => CreateCollective(Box<CreateCollective>),
    /// Open a season with intents, budgets and the budget vote's window.
    "open-season" => OpenSeason(OpenSeason),
    /// Publish a Foundation Mission (RFP).
    "publish-rfp" => PublishRfp(PublishRfp),
    /// Record a contributor's track record (it sets their trust tier).
    "record-track" => RecordTrack(RecordTrack),
    /// Propose a mission under an intent (the team's leader).
    "propose-mission" => ProposeMission(Box<ProposeMission>),
    /// Sponsor a mission proposal (a delegate with enough voting power).
    "approve-mission" => ApproveMission(ApproveMission),
    /// Cast or replace a budget ballot (approval voting over an intent's missions).
    "cast-budget-ballot" => CastBudgetBallot(CastBudgetBallot),
    /// Close an intent's budget vote and fund the winners.
    "close-budget-vote" => CloseBudgetVote(CloseBudgetVote),
    /// Attest a milestone: release its share to the team, locked.
    "attest-milestone" => AttestMilestone(AttestMilestone),
    /// Claw back a grant for a missed critical milestone.
    "clawback-grant" => ClawbackGrant(ClawbackGrant),
    /// Record a dispute in one's alliance (flag it as defrauding a collective to open a clawback).
    "record-dispute" => RecordDispute(RecordDispute),
    /// Resolve a dispute (the alliance's leader).
    "resolve-dispute" => ResolveDispute(ResolveDispute),
    /// Give this epoch's peer-allocation points to teammates.
    "give-points" => GivePoints(GivePoints),
    /// Take or approve a team decision (contribution weights, a share reduction).
    "team-decision" => TeamDecision(TeamDecision),
    /// Record that a member cannot contribute through no fault of their own.
    "mark-absent" => MarkAbsent(MarkAbsent),
    /// Record that an absent member is back.
    "mark-returned" => MarkReturned(MarkReturned),
    /// Leave an alliance by its model's exit (unbonding in tranches, at once, or with a penalty).
    "leave-alliance" => LeaveAlliance(LeaveAlliance),
    /// Mark an exiting member exited once its unbonding has ended (anyone).
    "complete-exit" => CompleteExit(CompleteExit),
    /// Set an alliance's partner scorecard (before any candidate is scored).
    "set-scorecard" => SetScorecard(Box<SetScorecard>),
    /// Score a partner candidate (a member's card; a new card replaces the scorer's last).
    "score-candidate" => ScoreCandidate(Box<ScoreCandidate>),
    // roadmap
    /// Check off a deliverable of the current roadmap phase (the leader).
    "check-deliverable" => CheckDeliverable(CheckDeliverable),
    /// Record the current phase's retrospective with its KPI results (the leader).
    "record-retrospective" => RecordRetrospective(RecordRetrospective),
    // share vaults (ERC-4626)
    /// Create an auto-compounding ERC-4626 share vault (the alliance's leader or an admin).
    "create-share-vault" => CreateShareVault(CreateShareVault),
    /// Deposit exactly these assets into a share vault (shares rounded down).
    "deposit-assets" => DepositAssets(DepositAssets),
    /// Mint exactly these shares of a share vault (assets rounded up).
    "mint-shares" => MintShares(MintShares),
    /// Withdraw exactly these assets from a share vault (shares rounded up).
    "withdraw-assets" => WithdrawAssets(WithdrawAssets),
    /// Redeem exactly these shares of a share vault (assets rounded down).
    "redeem-shares" => RedeemShares(RedeemShares),
}

impl CommandBody {
    /// The body as compact JSON text (what a signer signs).
    pub fn body_json(&self) -> String {
        self.body_value().to_string()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandWire {
    actor: Address,
    at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nonce: Option<u64>,
    kind: String,
    body: serde_json::Value,
}

impl Command {
    /// Parses one line of a commands file.
    pub fn from_json(text: &str) -> Result<Self, BodyError> {
        let wire: CommandWire = parse_str("", text).map_err(|e| match e {
            BodyError::Invalid { path, message } => {
                let path = path.trim_start_matches('.');
                // An error about the whole line (not JSON, not an object) has no field.
                let path = if path.is_empty() { "command" } else { path };
                BodyError::Invalid { path: path.to_owned(), message }
            }
            other => other,
        })?;
        let body = CommandBody::from_value(&wire.kind, wire.body)?;
        Ok(Self { actor: wire.actor, at: wire.at, nonce: wire.nonce, body })
    }
}

impl Serialize for Command {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CommandWire {
            actor: self.actor,
            at: self.at,
            nonce: self.nonce,
            kind: self.body.kind().to_owned(),
            body: self.body.body_value(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = CommandWire::deserialize(deserializer)?;
        let body = CommandBody::from_value(&wire.kind, wire.body).map_err(serde::de::Error::custom)?;
        Ok(Self { actor: wire.actor, at: wire.at, nonce: wire.nonce, body })
    }
}

/// An alliance was formed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllianceCreated {
    /// Its id.
    pub id: AllianceId,
    /// Its leader.
    pub leader: Address,
    /// Its treasury account.
    pub treasury: Address,
}

/// What happened. Each accepted command yields one or more events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Event {
    /// A token was registered.
    TokenRegistered(TokenRegistered),
    /// A token's minter changed.
    MinterSet(MinterSet),
    /// A role was granted.
    RoleGranted(RoleGranted),
    /// A role was revoked.
    RoleRevoked(RoleRevoked),
    /// Tokens moved.
    Transferred(Transferred),
    /// Tokens were minted.
    Minted(Minted),
    /// Tokens were burned.
    Burned(Burned),
    /// A deposit was credited.
    DepositRecorded(DepositRecorded),
    /// A withdrawal was queued.
    WithdrawalQueued(WithdrawalQueued),
    /// An alliance was formed.
    AllianceCreated(AllianceCreated),
    // governance
    /// A delegator changed delegate.
    Delegated(Delegated),
    /// A proposal was created.
    ProposalCreated(ProposalCreated),
    /// A sponsor approved a proposal.
    ProposalSponsored(ProposalSponsored),
    /// A vote was counted.
    VoteCast(VoteCast),
    /// A delegator voted directly, taking its power from its delegate's vote.
    DelegateOverridden(DelegateOverridden),
    /// A proposal was queued.
    ProposalQueued(ProposalChanged),
    /// A proposal was executed.
    ProposalExecuted(ProposalChanged),
    /// A proposal was canceled.
    ProposalCanceled(ProposalChanged),
    /// A scope's rules changed.
    ScopeRulesSet(ScopeRulesSet),
    /// The decision model changed.
    DecisionModelSet(DecisionModelSet),
    /// A member was admitted.
    MemberAdmitted(MemberAdmitted),
    /// A member was removed.
    MemberRemoved(MemberRemoved),
    /// The Alliance Agreement was amended.
    AgreementAmended(AgreementAmended),
    /// The alliance entered a roadmap phase.
    PhaseAdvanced(PhaseAdvanced),
    // council
    /// A council transaction was proposed.
    CouncilTxProposed(CouncilTxChanged),
    /// A council transaction was approved.
    CouncilTxApproved(CouncilTxChanged),
    /// A council transaction was executed.
    CouncilTxExecuted(CouncilTxChanged),
    /// The council's signers or threshold changed.
    CouncilChanged(CouncilView),
    /// The council paused governance.
    GovernancePaused(GovernanceToggled),
    /// The council resumed governance.
    GovernanceResumed(GovernanceToggled),
    // vault
    /// A vault was created.
    VaultCreated(VaultCreated),
    /// A vault was funded.
    VaultFunded(VaultFunded),
    /// Tokens were staked.
    Staked(Staked),
    /// Stake was paid back at once.
    Unstaked(Unstaked),
    /// Stake started unbonding.
    UnbondingStarted(UnbondingStarted),
    /// Unbonded stake was withdrawn.
    UnbondedWithdrawn(UnbondedWithdrawn),
    /// A reward was paid.
    RewardPaid(RewardPaid),
    /// Someone left at once with a penalty.
    ExitedInstantly(ExitedInstantly),
    /// Idle rewards went back to the treasury.
    IdleRewardsReturned(IdleRewardsReturned),
    /// A vault was paused or unpaused.
    VaultPauseSet(VaultPauseSet),
    /// Someone withdrew in an emergency.
    EmergencyWithdrawn(EmergencyWithdrawn),
    /// A working balance was recomputed.
    WorkingBalanceUpdated(WorkingBalanceUpdated),
    // emission
    /// An emission was created.
    EmissionCreated(EmissionCreated),
    /// An epoch was emitted.
    EpochEmitted(EpochEmitted),
    /// Emission dust was minted to its recipient.
    EmissionDustPaid(EmissionDustPaid),
    // vesting
    /// A vesting grant was funded.
    VestingCreated(VestingCreated),
    /// Vested tokens were released.
    VestingReleased(VestingReleased),
    /// A grant was revoked.
    VestingRevoked(VestingRevoked),
    /// Tokens were transferred under a lock-up.
    LockedTransfer(LockedTransfer),
    // split
    /// A fee split was created.
    SplitCreated(SplitCreated),
    /// Fees were distributed.
    FeesDistributed(FeesDistributed),
    // escrow
    /// The vote-escrow was created.
    EscrowCreated(EscrowCreated),
    /// A lock was created, increased or extended.
    LockChanged(LockChanged),
    /// An expired lock was withdrawn.
    LockWithdrawn(LockWithdrawn),
    // gauge
    /// A gauge was created.
    GaugeCreated(GaugeCreated),
    /// The gauge controller's settings changed.
    GaugeParamsSet(GaugeParamsSet),
    /// A holder allocated power to a gauge.
    GaugeVoted(GaugeVoted),
    /// Vote incentives were deposited.
    BribeDeposited(BribeDeposited),
    /// Vote incentives were paid (claim, dust or reclaim).
    BribePaid(BribePaid),
    // merkle
    /// An epoch's Merkle root was published.
    MerkleRootPublished(MerkleRootPublished),
    /// A vault's rewards were settled into the Merkle distributor.
    VaultRewardsSettled(VaultRewardsSettled),
    /// A Merkle reward was claimed.
    MerkleRewardClaimed(MerkleRewardClaimed),
    // membership
    /// An invitation was made, accepted or declined.
    InvitationChanged(InvitationChanged),
    /// A board profile was posted, replaced or removed.
    ProfileChanged(ProfileChanged),
    // mission
    /// A collective was created.
    CollectiveCreated(CollectiveCreated),
    /// A season opened.
    SeasonOpened(SeasonOpened),
    /// An RFP was published.
    RfpPublished(RfpPublished),
    /// A track record changed.
    TrackRecorded(TrackRecorded),
    /// A mission was proposed.
    MissionProposed(MissionProposed),
    /// A sponsor approved a mission.
    MissionApproved(MissionApproved),
    /// A budget ballot was cast.
    BudgetBallotCast(BudgetBallotCast),
    /// An intent's budget vote closed and its grants were made.
    BudgetVoteClosed(BudgetVoteClosed),
    /// A milestone was attested and its share released.
    MilestoneAttested(MilestoneAttested),
    /// A grant was clawed back.
    GrantClawedBack(GrantClawedBack),
    /// A dispute was recorded or resolved.
    DisputeChanged(DisputeChanged),
    /// A team's book changed (gifts, decisions, absences, a member left).
    TeamChanged(TeamChanged),
    /// A release was split among the team.
    RewardsSplit(RewardsSplit),
    /// A partner scorecard was set.
    ScorecardSet(ScorecardSet),
    /// A partner candidate was scored.
    CandidateScored(CandidateScored),
    /// A member began or completed its exit.
    MemberExit(MemberExit),
    /// A roadmap deliverable or retrospective was recorded.
    RoadmapRecorded(RoadmapRecorded),
    /// A share vault was created.
    ShareVaultCreated(ShareVaultCreated),
    /// Assets went into a share vault (EIP-4626 `Deposit`).
    SharesDeposited(SharesDeposited),
    /// Assets left a share vault (EIP-4626 `Withdraw`).
    SharesWithdrawn(SharesWithdrawn),
}
