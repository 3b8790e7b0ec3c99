//! A collective's missions: settings, trust tiers, seasons and intents, RFPs,
//! mission proposals with their sponsors, budget ballots, and grants.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::budget::Overflow;
use crate::types::{Address, AllianceId, Amount, Bps, IntentId, Timestamp, TokenId};

/// A trust tier: the most a team whose leader is in it may request, and the
/// delivered grants that earn it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// Its name (`Ember`, `Fledgling`, …).
    pub name: String,
    /// Grants delivered to the collective that earn this tier.
    pub requires_delivered: Amount,
    /// The most a request may ask for (`None`: no cap).
    pub max_request: Option<Amount>,
}

/// What a contributor has done with the collective.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackRecord {
    /// Σ grants received.
    pub received: Amount,
    /// Σ grants delivered (every milestone attested).
    pub delivered: Amount,
    /// Missions completed.
    pub completed: u32,
    /// Notes recorded with the track (prior work, references).
    pub notes: Vec<String>,
}

/// An intent of a season, with its budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    /// Its title.
    pub title: String,
    /// The budget its missions share.
    pub budget: Amount,
    /// Set once the budget vote is closed.
    pub closed: bool,
}

/// A season: intents, and the window of their budget votes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Season {
    /// Intents by id.
    pub intents: BTreeMap<IntentId, Intent>,
    /// Budget voting opens (and sponsor approvals close), also the power snapshot.
    pub vote_start: Timestamp,
    /// Budget voting closes.
    pub vote_end: Timestamp,
    /// The votable supply set for the season, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votable_supply: Option<Amount>,
}

/// A Foundation Mission (request for proposals).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rfp {
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// Title.
    pub title: String,
    /// What a mission answering it must deliver.
    pub deliverables: Vec<String>,
    /// The lowest tier that may apply.
    pub min_tier: String,
    /// The most a proposal may request.
    pub budget_cap: Amount,
}

/// A milestone of a mission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// What is delivered.
    pub title: String,
    /// When it is due.
    pub due: Timestamp,
    /// Whether missing it lets the collective claw the grant back.
    pub critical: bool,
    /// Its share of the grant, in bps (the shares sum to 10 000).
    pub share_bps: Bps,
}

/// How a team splits each released milestone share among its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum RewardSplit {
    /// Fixed shares in bps summing to exactly 10 000 (the fee split's rules).
    Fixed {
        /// Members and their shares.
        shares: Vec<crate::split::Share>,
    },
    /// Weights recorded for each epoch by the team's decision model
    /// (`team-decision` with `record-contributions`); equal shares when none is recorded.
    Contribution,
    /// Peer allocation (Coordinape's GIVE circles): each member gives up to
    /// `points` per epoch to the others (`give-points`); a share is the points
    /// received; equal shares when nobody gave.
    Peer {
        /// Each member's budget of points per epoch.
        points: u32,
    },
}

/// How each member's part of a release vests: linear after a cliff from the
/// release, and never before the grant's lock-up ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardVesting {
    /// Nothing vests before this many seconds after the release.
    pub cliff_secs: u64,
    /// Everything has vested this many seconds after the release.
    pub duration_secs: u64,
}

/// A team's reward distribution plan. An epoch runs from one release (or the
/// grant) to the next; each release is split by the epoch's weights, then
/// reduced for members who worked less or were absent (the conflict policy,
/// docs/missions.md), and paid to each member as a revocable vesting grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewardPlan {
    /// How a release is split.
    pub split: RewardSplit,
    /// Who receives the rounding remainder (a member; the leader once they left).
    pub dust_to: Address,
    /// How each part vests (default: at once when the grant's lock-up ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vesting: Option<RewardVesting>,
}

/// Where a mission proposal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissionStatus {
    /// Collecting sponsor approvals.
    Proposed,
    /// Funded by the budget vote: a grant exists.
    Funded,
    /// Not funded by the budget vote.
    NotFunded,
}

/// A mission proposed by an alliance under an intent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionProposal {
    /// Its id.
    pub id: u64,
    /// The proposing alliance (the team).
    pub alliance: AllianceId,
    /// The team's leader when proposed (the tier's holder).
    pub leader: Address,
    /// The season.
    pub season: u64,
    /// The intent.
    pub intent: IntentId,
    /// The RFP it answers, if any.
    pub rfp: Option<u64>,
    /// Title.
    pub title: String,
    /// Deliverables.
    pub deliverables: Vec<String>,
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// What it asks for.
    pub requested: Amount,
    /// The impact on the collective it claims (the seed asks proposers to defend it).
    pub impact: String,
    /// The leader's tier when proposed.
    pub tier: String,
    /// How released shares are split among members (`None`: to the team's treasury).
    #[serde(default)]
    pub plan: Option<RewardPlan>,
    /// Whether its grant streams (see `propose-mission`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
    /// Sponsors who approved.
    pub approvals: BTreeSet<Address>,
    /// Where it stands.
    pub status: MissionStatus,
}

/// A voter's budget ballot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetBallot {
    /// The proposals it approves.
    pub approve: BTreeSet<u64>,
    /// The voter's power at the season's snapshot.
    #[serde(with = "crate::types::dec")]
    pub power: u128,
    /// When cast.
    pub at: Timestamp,
}

/// Where a grant stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrantStatus {
    /// Milestones still to attest.
    Active,
    /// Every milestone attested.
    Delivered,
    /// Clawed back for a missed critical milestone.
    ClawedBack,
}

/// A mission's grant: held by the collective's grant account and released to
/// the team's treasury milestone by milestone, locked until `lock_until`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissionGrant {
    /// Its id (the mission proposal's id).
    pub mission: u64,
    /// The team.
    pub alliance: AllianceId,
    /// The grant.
    pub amount: Amount,
    /// Released to the team so far.
    pub released: Amount,
    /// Taken back by a clawback (the unreleased part and the members' unvested rewards).
    pub clawed_back: Amount,
    /// Released tokens stay locked until then.
    pub lock_until: Timestamp,
    /// Milestones attested (by index).
    pub attested: BTreeSet<usize>,
    /// Where it stands.
    pub status: GrantStatus,
    /// The team's book under the reward plan.
    #[serde(default)]
    pub team: TeamBook,
    /// A streamed grant's vesting grant (from the grant account to the team's treasury).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<u64>,
}

impl MissionGrant {
    /// What attesting `milestone` releases: `⌊amount · bps / 10000⌋` (floor),
    /// or, when it is the last one still to attest, all that is unreleased
    /// (so the rounding remainder is released with it).
    pub fn milestone_share(&self, milestones: &[Milestone], milestone: usize) -> Amount {
        if self.attested.len() + 1 == milestones.len() {
            Amount(self.amount.0 - self.released.0)
        } else {
            let bps = milestones.get(milestone).map_or(0, |m| u128::from(m.share_bps.0));
            self.amount.mul_div_floor(bps, 10_000).unwrap_or(Amount::ZERO)
        }
    }

    /// Still held by the collective's grant account for this grant.
    pub fn unreleased(&self) -> Amount {
        if self.status == GrantStatus::Active {
            Amount(self.amount.0 - self.released.0)
        } else {
            Amount::ZERO
        }
    }
}

/// A share reduction decided by the team (a member who worked less).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// The share kept, in bps of the member's part (< 10 000).
    pub keep_bps: Bps,
    /// Why, as the team recorded it.
    pub reason: String,
}

/// A member who cannot contribute through no fault of their own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    /// Absent from.
    pub since: Timestamp,
    /// Back at, once returned.
    pub until: Option<Timestamp>,
    /// Why.
    pub reason: String,
}

/// One member's contribution weight for an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionWeight {
    /// The member.
    pub member: Address,
    /// Their weight (any scale; shares are weight / Σ weights).
    pub weight: u64,
}

/// A decision the team takes by its decision model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "kebab-case", deny_unknown_fields)]
pub enum TeamAction {
    /// The contribution weights of the current epoch.
    RecordContributions {
        /// Weights by member.
        weights: Vec<ContributionWeight>,
    },
    /// Reduce a member's part of the current epoch (they worked significantly less).
    AdjustShare {
        /// The member.
        member: Address,
        /// The share of their part they keep, in bps (< 10 000).
        keep_bps: Bps,
        /// Why.
        reason: String,
    },
}

/// A decision waiting for more approvals (decision model `members`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDecision {
    /// What is decided.
    pub action: TeamAction,
    /// Who approved it.
    pub approvals: BTreeSet<Address>,
}

/// Points one member gave another in an epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Give {
    /// The epoch (0 = before the first release).
    pub epoch: u32,
    /// The giver.
    pub from: Address,
    /// The receiver.
    pub to: Address,
    /// Points given.
    pub points: u32,
}

/// What one member received from one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// The member.
    pub member: Address,
    /// Their part before reductions (the epoch's weights).
    pub entitled: Amount,
    /// What they were paid.
    pub paid: Amount,
    /// The vesting grant holding it (none when paid outright).
    pub vesting: Option<u64>,
}

/// A closed epoch: its release and how it was split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Epoch {
    /// Its number.
    pub epoch: u32,
    /// From.
    pub start: Timestamp,
    /// To (the release).
    pub end: Timestamp,
    /// The milestone whose attestation released it.
    pub milestone: usize,
    /// Released.
    pub released: Amount,
    /// Each member's part.
    pub payouts: Vec<Payout>,
    /// What went to the team's treasury (no member could take it).
    pub to_team: Amount,
}

/// The team's side of a grant: the current epoch's weights, gifts,
/// reductions and absences, who left, pending decisions, and closed epochs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamBook {
    /// When the current epoch began.
    pub epoch_start: Timestamp,
    /// Contribution weights of the current epoch.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contributions: BTreeMap<Address, u64>,
    /// Gifts of the current epoch: giver → receiver → points.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub gives: BTreeMap<Address, BTreeMap<Address, u32>>,
    /// Share reductions of the current epoch.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub adjustments: BTreeMap<Address, Adjustment>,
    /// Absences (a returned one is dropped when its epoch closes).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub absences: BTreeMap<Address, Absence>,
    /// Members who left (they forfeited what had not vested).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub left: BTreeMap<Address, Amount>,
    /// Decisions waiting for approvals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<PendingDecision>,
    /// Every gift of closed epochs (the giver → receiver graph).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<Give>,
    /// Closed epochs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub epochs: Vec<Epoch>,
}

/// A collective that funds missions: an alliance (its treasury is the fund,
/// its governance gives voting power and delegation) with mission settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collective {
    /// The collective's alliance.
    pub alliance: AllianceId,
    /// The grant token.
    pub token: TokenId,
    /// Trust tiers, lowest first.
    pub tiers: Vec<Tier>,
    /// Sponsor approvals a mission needs before the budget vote.
    pub sponsor_approvals: u8,
    /// Each sponsor needs more than this share of voting power.
    pub sponsor_min_power_bps: Bps,
    /// The budget vote's quorum (in voting power).
    #[serde(with = "crate::types::dec")]
    pub quorum: u128,
    /// A mission needs approvals of at least this share of the quorum.
    pub approval_threshold_bps: Bps,
    /// `skip` or `stop` when a mission asks for more than the budget left.
    pub overflow: Overflow,
    /// Released grant tokens stay locked this long after the budget vote closes.
    pub lockup_secs: u64,
    /// Accounts that attest milestones and claw back grants (with the leader and admins).
    pub attestors: BTreeSet<Address>,
    /// Track records by account.
    pub tracks: BTreeMap<Address, TrackRecord>,
    /// Seasons by number.
    pub seasons: BTreeMap<u64, Season>,
    /// RFPs by id.
    pub rfps: BTreeMap<u64, Rfp>,
    /// Mission proposals by id.
    pub missions: BTreeMap<u64, MissionProposal>,
    /// Budget ballots by (season, intent), then voter.
    pub ballots: BTreeMap<(u64, IntentId), BTreeMap<Address, BudgetBallot>>,
    /// Grants by mission id.
    pub grants: BTreeMap<u64, MissionGrant>,
    /// The last RFP and mission ids used.
    pub last_id: u64,
}

impl Collective {
    /// An account's tier: the highest whose `requires_delivered` its track meets.
    pub fn tier_of(&self, account: Address) -> &Tier {
        let delivered = self.tracks.get(&account).map_or(Amount::ZERO, |t| t.delivered);
        self.tiers.iter().rev().find(|t| delivered >= t.requires_delivered).unwrap_or(&self.tiers[0])
    }

    /// A tier's rank (0 = lowest), by name.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.name == name)
    }
}

/// Every collective, by alliance.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missions {
    /// Collectives by their alliance's id.
    pub collectives: BTreeMap<AllianceId, Collective>,
    /// Each alliance's dispute log.
    pub disputes: BTreeMap<AllianceId, Vec<Dispute>>,
}

impl Missions {
    /// Whether nothing is recorded (then the state encodes to nothing).
    pub fn is_empty(&self) -> bool {
        self.collectives.is_empty() && self.disputes.is_empty()
    }
}

/// A dispute recorded by a member of an alliance. The collective does not
/// arbitrate a team's disputes, unless one is flagged as defrauding it, which
/// opens a clawback of the team's grants from that collective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// Its id (its index in the log).
    pub id: u64,
    /// Who recorded it.
    pub by: Address,
    /// The member it is about, if any.
    pub about: Option<Address>,
    /// What happened.
    pub description: String,
    /// The collective it claims is defrauded, if any.
    pub defrauds: Option<AllianceId>,
    /// When recorded.
    pub at: Timestamp,
    /// The resolution, once resolved.
    pub resolution: Option<String>,
}

/// The account that holds a collective's granted, unreleased tokens.
pub fn grant_account(collective: &AllianceId) -> Address {
    Address::derived(&format!("mission-grants:{collective}"))
}
