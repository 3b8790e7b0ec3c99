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

/// How a team splits each released share among its members (fixed shares,
/// reusing the fee split's floor division); every share stays locked with the grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardPlan {
    /// Members and their shares, summing to exactly 10 000 bps.
    pub shares: Vec<crate::split::Share>,
    /// Who receives the rounding remainder (a member).
    pub dust_to: Address,
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
    /// Taken back by a clawback.
    pub clawed_back: Amount,
    /// Released tokens stay locked until then.
    pub lock_until: Timestamp,
    /// Milestones attested (by index).
    pub attested: BTreeSet<usize>,
    /// Where it stands.
    pub status: GrantStatus,
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
