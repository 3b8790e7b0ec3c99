//! Mission commands and events.

use serde::{Deserialize, Serialize};

use super::budget::{Allocation, Overflow};
use super::state::{Milestone, Tier};
use crate::types::{Address, AllianceId, Amount, Bps, IntentId, Timestamp, TokenId};

/// Make an alliance a collective that funds missions (its leader or an admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCollective {
    /// The collective's alliance: its treasury is the fund, its governance the power.
    pub alliance: AllianceId,
    /// The grant token.
    pub token: TokenId,
    /// Trust tiers, lowest first (default: Ember, Fledgling, Eagle, Phoenix).
    #[serde(default)]
    pub tiers: Option<Vec<Tier>>,
    /// Sponsor approvals per mission (default 4).
    #[serde(default = "default_sponsors")]
    pub sponsor_approvals: u8,
    /// Each sponsor holds more than this share of voting power (default 25 bps = 0.25 %).
    #[serde(default = "default_sponsor_bps")]
    pub sponsor_min_power_bps: Bps,
    /// The budget vote's quorum, in voting power.
    pub quorum: Amount,
    /// Approvals a mission needs, as a share of the quorum (default 5100 = 51 %).
    #[serde(default = "default_threshold")]
    pub approval_threshold_bps: Bps,
    /// `skip` (default) or `stop`.
    #[serde(default)]
    pub overflow: Overflow,
    /// Lock-up of released grant tokens after the vote closes (default one year).
    #[serde(default = "default_lockup")]
    pub lockup_secs: u64,
    /// Who attests milestones and claws back grants, besides the leader and admins.
    #[serde(default)]
    pub attestors: Vec<Address>,
}

fn default_sponsors() -> u8 {
    4
}
fn default_sponsor_bps() -> Bps {
    Bps(25)
}
fn default_threshold() -> Bps {
    Bps(5_100)
}
fn default_lockup() -> u64 {
    365 * 86_400
}

/// An intent opened for a season.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentSpec {
    /// Its id.
    pub id: IntentId,
    /// Its title.
    pub title: String,
    /// Its budget.
    pub budget: Amount,
}

/// Open a season with its intents and budget vote window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSeason {
    /// The collective.
    pub collective: AllianceId,
    /// The season number (increasing).
    pub season: u64,
    /// Its intents.
    pub intents: Vec<IntentSpec>,
    /// Budget voting opens (sponsor approvals close then).
    pub vote_start: Timestamp,
    /// Budget voting closes.
    pub vote_end: Timestamp,
    /// The votable supply sponsors' shares are measured against this season
    /// (default: derived at each approval from the collective's whole voting power).
    #[serde(default)]
    pub votable_supply: Option<Amount>,
}

/// Publish a Foundation Mission (RFP).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRfp {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// Title.
    pub title: String,
    /// Deliverables.
    pub deliverables: Vec<String>,
    /// The lowest tier that may apply.
    pub min_tier: String,
    /// The most a proposal may request.
    pub budget_cap: Amount,
}

/// Record a contributor's track record (grants received and delivered, notes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordTrack {
    /// The collective.
    pub collective: AllianceId,
    /// The contributor.
    pub account: Address,
    /// Grants received, added to the record.
    pub received: Amount,
    /// Grants delivered, added to the record.
    pub delivered: Amount,
    /// What was done (prior work, a reference).
    pub note: String,
}

/// Propose a mission under an intent (the team's leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposeMission {
    /// The collective.
    pub collective: AllianceId,
    /// The team.
    pub alliance: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// The RFP it answers, if any.
    #[serde(default)]
    pub rfp: Option<u64>,
    /// Title.
    pub title: String,
    /// Deliverables.
    pub deliverables: Vec<String>,
    /// Milestones, their shares summing to 10 000 bps.
    pub milestones: Vec<Milestone>,
    /// What it asks for.
    pub requested: Amount,
    /// The impact on the collective it claims.
    pub impact: String,
    /// How released shares are split among the team's members (default: to its treasury).
    #[serde(default)]
    pub plan: Option<super::state::RewardPlan>,
    /// Stream the grant to the team's treasury from the close until the last
    /// milestone is due, instead of releasing it milestone by milestone; a
    /// clawback for a missed critical milestone stops the stream.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
}

/// A delegate sponsors a mission proposal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveMission {
    /// The collective.
    pub collective: AllianceId,
    /// The mission proposal.
    pub mission: u64,
}

/// Cast (or replace) a budget ballot: the missions of one intent it approves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastBudgetBallot {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// Mission proposals approved (empty: withdraw the ballot's approvals).
    pub approve: Vec<u64>,
}

/// Close an intent's budget vote after it ends: fund the winners (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseBudgetVote {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
}

/// Attest a milestone: its share of the grant goes to the team, locked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestMilestone {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The milestone's index (0-based).
    pub milestone: usize,
}

/// Claw back a grant's unreleased part for a missed critical milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClawbackGrant {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The critical milestone that was missed (0-based).
    pub milestone: usize,
    /// Why (recorded with the event).
    pub reason: String,
    /// Instead of a missed milestone: a dispute of the team flagged as
    /// defrauding this collective (then `milestone` is not checked).
    #[serde(default)]
    pub dispute: Option<u64>,
}

/// Record a dispute in one's alliance (an accepted member).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordDispute {
    /// The alliance.
    pub alliance: AllianceId,
    /// The member it is about, if any.
    #[serde(default)]
    pub about: Option<Address>,
    /// What happened.
    pub description: String,
    /// The collective it claims is defrauded, if any.
    #[serde(default)]
    pub defrauds: Option<AllianceId>,
}

/// Resolve a dispute (the alliance's leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolveDispute {
    /// The alliance.
    pub alliance: AllianceId,
    /// The dispute.
    pub dispute: u64,
    /// The resolution.
    pub resolution: String,
}

/// A dispute was recorded or resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeChanged {
    /// The alliance.
    pub alliance: AllianceId,
    /// The dispute.
    pub dispute: u64,
    /// `recorded` or `resolved`.
    pub change: String,
    /// The collective it claims is defrauded, if any.
    pub defrauds: Option<AllianceId>,
}

/// A collective was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectiveCreated {
    /// Its alliance.
    pub alliance: AllianceId,
    /// The grant token.
    pub token: TokenId,
    /// Its tiers.
    pub tiers: Vec<Tier>,
}

/// A season opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonOpened {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// Σ budgets.
    pub budget: Amount,
}

/// An RFP was published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfpPublished {
    /// The collective.
    pub collective: AllianceId,
    /// Its id.
    pub id: u64,
}

/// A track record changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackRecorded {
    /// The collective.
    pub collective: AllianceId,
    /// The contributor.
    pub account: Address,
    /// Σ delivered now.
    pub delivered: Amount,
    /// The tier it gives.
    pub tier: String,
}

/// A mission was proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionProposed {
    /// The collective.
    pub collective: AllianceId,
    /// Its id.
    pub id: u64,
    /// The team.
    pub alliance: AllianceId,
    /// What it asks for.
    pub requested: Amount,
    /// The team leader's tier.
    pub tier: String,
}

/// A sponsor approved a mission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionApproved {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The sponsor.
    pub sponsor: Address,
    /// Approvals so far.
    pub approvals: usize,
}

/// A budget ballot was cast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetBallotCast {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// The voter.
    pub voter: Address,
    /// Its power at the snapshot.
    #[serde(with = "crate::types::dec")]
    pub power: u128,
    /// Missions approved.
    pub approve: Vec<u64>,
    /// Whether it replaced an earlier ballot.
    pub replaced: bool,
}

/// An intent's budget vote was closed and its grants made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetVoteClosed {
    /// The collective.
    pub collective: AllianceId,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// The allocation.
    pub allocation: Allocation,
}

/// A milestone was attested and its share released.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneAttested {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The milestone.
    pub milestone: usize,
    /// Released to the team's treasury (locked).
    pub released: Amount,
    /// Locked until.
    pub lock_until: Timestamp,
}

/// A grant was clawed back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantClawedBack {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The missed milestone.
    pub milestone: usize,
    /// Returned to the fund.
    pub amount: Amount,
    /// Why.
    pub reason: String,
}

/// Points given to one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    /// The receiver (another member of the team).
    pub to: Address,
    /// Points (> 0).
    pub points: u32,
}

/// Give this epoch's points to teammates (a peer-allocation plan); replaces
/// the giver's earlier gifts of the epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GivePoints {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// Gifts, at most the plan's points in all.
    pub gifts: Vec<Gift>,
}

/// Take or approve a team decision by the team's decision model: the leader
/// alone (`leader`), or more than half of the accepted members, each signing
/// the same decision (`members`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamDecision {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The decision.
    pub action: super::state::TeamAction,
}

/// Record that a member cannot contribute through no fault of their own
/// (signed by the member or the leader): their part of the current epoch is
/// pro-rata to the time they contributed, and what vested stays theirs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkAbsent {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The member.
    pub member: Address,
    /// Why (illness, ...).
    pub reason: String,
}

/// Record that an absent member is back (the member or the leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkReturned {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The member.
    pub member: Address,
}

/// Leave an alliance (not its leader): the member keeps what vested and
/// forfeits what had not, which goes to the team's treasury.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaveAlliance {
    /// The alliance.
    pub alliance: AllianceId,
}

/// A team's book changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamChanged {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The member concerned, if one.
    pub member: Option<Address>,
    /// `gave`, `decision-approved`, `decided`, `absent`, `returned`, `left`.
    pub change: String,
    /// Tokens moved by the change (forfeited on leaving), if any.
    pub amount: Option<Amount>,
}

/// A release was split among the team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardsSplit {
    /// The collective.
    pub collective: AllianceId,
    /// The mission.
    pub mission: u64,
    /// The closed epoch.
    pub epoch: super::state::Epoch,
}
