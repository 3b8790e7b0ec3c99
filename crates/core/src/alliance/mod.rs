//! Alliances: leader, members (people or whole communities), mission,
//! agreement and decision model. One hub holds one or more alliances.

mod agreement;
mod error;
pub mod exit;
pub mod roadmap;
mod timezone;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub(crate) use agreement::check_exit_for_model;
pub use agreement::{Agreement, Commitment, ExitTerms, KpiMetric, KpiTarget};
pub use error::AllianceError;
pub use timezone::{UtcOffset, UtcOffsetError};

use crate::governance::GovernanceSpec;
use crate::governance::council::CouncilSpec;
use crate::problem::Problems;
use crate::types::{Address, AllianceId, Amount, ChainId, Timestamp, TokenId};

/// The alliance models of the seed's comparison table; each has a charter
/// template (`concord init <model>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AllianceModel {
    /// Boost TVL and volume; council multisig of pool delegates; unbonding exit.
    LiquidityPool,
    /// Coordinate voting power; token vote plus delegate council.
    GovernanceSyndicate,
    /// Distribute protocol fees; on-chain treasury with a veto council.
    RevenueSharing,
    /// Deliver a funded Mission (the Optimism-style flow).
    Mission,
}

impl AllianceModel {
    /// Every model, in template order.
    pub const ALL: [Self; 4] =
        [Self::LiquidityPool, Self::GovernanceSyndicate, Self::RevenueSharing, Self::Mission];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::LiquidityPool => "liquidity-pool",
            Self::GovernanceSyndicate => "governance-syndicate",
            Self::RevenueSharing => "revenue-sharing",
            Self::Mission => "mission",
        }
    }

    /// Parses a kebab-case name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// How the alliance decides (the seed's "dictatorship or democracy").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionModel {
    /// The leader decides.
    Leader,
    /// One member, one vote.
    Members,
    /// Multi-token weighted voting.
    TokenWeighted,
    /// An M-of-N council.
    Council,
}

impl DecisionModel {
    /// Every model.
    pub const ALL: [Self; 4] = [Self::Leader, Self::Members, Self::TokenWeighted, Self::Council];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Leader => "leader",
            Self::Members => "members",
            Self::TokenWeighted => "token-weighted",
            Self::Council => "council",
        }
    }

    /// Parses a kebab-case name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// A member is a person or a whole community.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberKind {
    /// One contributor.
    Individual,
    /// A Web3 community with its own token, treasury and delegates.
    Community,
}

/// Where a member is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MemberStatus {
    /// Proposed, not yet admitted.
    Candidate,
    /// Admitted.
    Member,
    /// Leaving under the exit clauses.
    Exiting,
    /// Gone.
    Exited,
    /// Invited by the leader; counts once they accept (`accept-invitation`).
    Invited,
}

/// What a community member brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Community {
    /// The community's token (registered in the hub).
    pub token: TokenId,
    /// The community's home chain.
    pub chain_id: ChainId,
    /// The community treasury on its home chain.
    pub treasury: Address,
    /// Delegates who act for the community.
    pub delegates: Vec<Address>,
}

/// A member of an alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The account that acts for the member in the hub.
    pub account: Address,
    /// Display name.
    pub name: String,
    /// Person or community.
    pub kind: MemberKind,
    /// Lifecycle status.
    #[serde(default = "default_status")]
    pub status: MemberStatus,
    /// Roles held (e.g. `leader`, `liquidity`, `delegate`).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Responsibilities taken on.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// Skills offered.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Working timezone.
    pub timezone: UtcOffset,
    /// For community members: token, chain, treasury, delegates.
    #[serde(default)]
    pub community: Option<Community>,
    /// Set when the member is a voucher: what vouching means in this team
    /// (left out of the encoding when absent, so earlier states keep their hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<String>,
}

fn default_status() -> MemberStatus {
    MemberStatus::Member
}

/// Whether the mission answers a Foundation RFP or is proposed by the alliance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissionKind {
    /// A Foundation Mission (RFP).
    Foundation,
    /// A mission the alliance proposes.
    Proposed,
}

/// The alliance's mission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    /// Short title.
    pub title: String,
    /// What will be delivered and why it matters.
    pub summary: String,
    /// RFP or proposed.
    pub kind: MissionKind,
    /// The collective intent it serves, if any.
    #[serde(default)]
    pub intent: Option<String>,
}

/// Everything that defines an alliance: the charter's `[alliance]` content and
/// the body of `create-alliance`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceSpec {
    /// Unique id (slug).
    pub id: AllianceId,
    /// Display name.
    pub name: String,
    /// Template model.
    pub model: AllianceModel,
    /// The leader (a member); the alliance's trust tier is the leader's.
    pub leader: Address,
    /// How decisions are made.
    pub decision_model: DecisionModel,
    /// Why this alliance is best suited to its mission.
    pub defensible_value: String,
    /// The dedicated communication channel.
    pub communication: String,
    /// How mission funding or rewards are split among members.
    pub reward_plan: String,
    /// The internal conflict-resolution process.
    pub conflict_policy: String,
    /// The mission.
    pub mission: Mission,
    /// Members, the leader included.
    pub members: Vec<Member>,
    /// The agreement.
    pub agreement: Agreement,
    /// Voting power, re-vote policy and per-scope rules.
    #[serde(default)]
    pub governance: GovernanceSpec,
    /// The council, if the alliance has one (required by the council decision model).
    #[serde(default)]
    pub council: Option<CouncilSpec>,
    /// The phased roadmap, if the alliance follows one (then each phase
    /// unlocks proposal scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roadmap: Option<roadmap::Roadmap>,
}

/// An alliance in the hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alliance {
    /// The definition.
    pub spec: AllianceSpec,
    /// The alliance treasury account (derived from the id; nobody holds its key).
    pub treasury: Address,
    /// When it was formed.
    pub formed_at: Timestamp,
    /// Tokens each account has paid into the treasury, tracked against the
    /// agreement's commitments.
    #[serde(default)]
    pub contributions: BTreeMap<Address, BTreeMap<TokenId, Amount>>,
    /// When each commitment with a deadline was met in full (left out while empty).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub met_at: BTreeMap<Address, BTreeMap<TokenId, Timestamp>>,
    /// Members' exits, by account (left out while empty).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exits: BTreeMap<Address, exit::ExitRecord>,
    /// Where the alliance stands on its roadmap (left out until something happens).
    #[serde(default, skip_serializing_if = "roadmap::RoadmapProgress::is_initial")]
    pub progress: roadmap::RoadmapProgress,
}

/// A commitment and how much of it was delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentStatus {
    /// The committing member.
    pub member: Address,
    /// The token.
    pub token: TokenId,
    /// Committed.
    pub committed: Amount,
    /// Paid into the treasury so far.
    pub delivered: Amount,
    /// Still owed (zero once met).
    pub outstanding: Amount,
    /// When it is due, if it has a deadline.
    pub due: Option<Timestamp>,
    /// When it was met in full (commitments with a deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_at: Option<Timestamp>,
    /// Past due with something still owed, or met after its deadline.
    pub late: bool,
}

impl Alliance {
    /// Records a payment into the treasury at `at` (saturating: contributions
    /// are bounded by the token's supply), and when it meets a commitment
    /// with a deadline, the time it was met.
    pub fn record_contribution(&mut self, from: Address, token: TokenId, amount: Amount, at: Timestamp) {
        let slot = self.contributions.entry(from).or_default().entry(token).or_default();
        *slot = slot.checked_add(amount).unwrap_or(Amount::MAX);
        let delivered = *slot;
        let met = self
            .spec
            .agreement
            .commitments
            .iter()
            .any(|c| c.member == from && c.token == token && c.by_day.is_some() && delivered >= c.amount);
        if met {
            self.met_at.entry(from).or_default().entry(token).or_insert(at);
        }
    }

    /// Each commitment of the agreement with what was delivered, and whether
    /// it is late at `at` (due `formed_at + by_day` days, and something still
    /// owed or met only after that).
    pub fn commitments(&self, at: Timestamp) -> Vec<CommitmentStatus> {
        self.spec
            .agreement
            .commitments
            .iter()
            .map(|c| {
                let delivered = self
                    .contributions
                    .get(&c.member)
                    .and_then(|m| m.get(&c.token))
                    .copied()
                    .unwrap_or(Amount::ZERO);
                let outstanding = c.amount.checked_sub(delivered).unwrap_or(Amount::ZERO);
                let due = c.by_day.map(|d| Timestamp(self.formed_at.0.saturating_add(u64::from(d) * 86_400)));
                let met_at = self.met_at.get(&c.member).and_then(|m| m.get(&c.token)).copied();
                CommitmentStatus {
                    member: c.member,
                    token: c.token,
                    committed: c.amount,
                    delivered,
                    outstanding,
                    due,
                    met_at,
                    late: due
                        .is_some_and(|d| (at > d && !outstanding.is_zero()) || met_at.is_some_and(|m| m > d)),
                }
            })
            .collect()
    }
}

/// The account of an alliance's treasury: `Address::derived("alliance:<id>:treasury")`.
pub fn treasury_address(id: &AllianceId) -> Address {
    Address::derived(&format!("alliance:{id}:treasury"))
}

/// Answers whether a token is registered: `None` if unknown, `Some(chain)`
/// with its home chain (`Some(None)` when the chain could not be read, so
/// chain checks are skipped rather than reported twice).
pub type TokenLookup<'a> = dyn Fn(TokenId) -> Option<Option<ChainId>> + 'a;

const MAX_TEXT: usize = 4_000;
const MAX_MEMBERS: usize = 256;

fn check_text(out: &mut Problems, path: String, text: &str, required: bool) {
    if required && text.trim().is_empty() {
        out.push(path, "must not be empty");
    } else if text.len() > MAX_TEXT {
        out.push(path, format!("must be at most {MAX_TEXT} bytes, got {}", text.len()));
    } else if let Some(c) = text.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        out.push(path, format!("must not contain control characters (found U+{:04X})", u32::from(c)));
    }
}

impl AllianceSpec {
    /// Checks every rule, reporting paths under `prefix` (`alliance` in a
    /// charter, `body` in a command). `token_chain` answers a registered
    /// token's home chain.
    pub fn check(&self, prefix: &str, token_chain: &TokenLookup<'_>, out: &mut Problems) {
        check_text(out, format!("{prefix}.name"), &self.name, true);
        check_text(out, format!("{prefix}.defensible_value"), &self.defensible_value, true);
        check_text(out, format!("{prefix}.communication"), &self.communication, true);
        check_text(out, format!("{prefix}.reward_plan"), &self.reward_plan, true);
        check_text(out, format!("{prefix}.conflict_policy"), &self.conflict_policy, true);
        check_text(out, format!("{prefix}.mission.title"), &self.mission.title, true);
        check_text(out, format!("{prefix}.mission.summary"), &self.mission.summary, true);
        out.check(!self.leader.is_zero(), format!("{prefix}.leader"), "must not be the zero address");

        out.check(!self.members.is_empty(), format!("{prefix}.members"), "must list at least one member");
        out.check(
            self.members.len() <= MAX_MEMBERS,
            format!("{prefix}.members"),
            format!("must list at most {MAX_MEMBERS} members, got {}", self.members.len()),
        );
        let mut seen = BTreeSet::new();
        for (i, member) in self.members.iter().enumerate() {
            let path = format!("{prefix}.members[{i}]");
            member.check(&path, token_chain, out);
            // The first seed: everyone on a mission team has a role, a voucher too.
            out.check(
                self.model != AllianceModel::Mission
                    || (!member.roles.is_empty() && member.roles.iter().all(|r| !r.trim().is_empty())),
                format!("{path}.roles"),
                "every member of a mission alliance must have a role (a voucher's role says why the vouch counts)",
            );
            if let Some(v) = &member.voucher {
                check_text(out, format!("{path}.voucher"), v, true);
            }
            out.check(
                seen.insert(member.account),
                format!("{path}.account"),
                format!("{} is listed more than once", member.account),
            );
        }
        let leader = self.members.iter().find(|m| m.account == self.leader);
        match leader {
            None => {
                out.push(format!("{prefix}.leader"), format!("{} must be one of the members", self.leader))
            }
            Some(m) => out.check(
                m.status == MemberStatus::Member,
                format!("{prefix}.leader"),
                "the leader must have status `member`",
            ),
        }
        self.agreement.check(&format!("{prefix}.agreement"), &self.members, token_chain, out);
        if let Some(r) = &self.roadmap {
            r.check(&format!("{prefix}.roadmap"), self.agreement.duration_days, token_chain, out);
        }
        agreement::check_exit_for_model(
            self.model,
            &self.agreement.exit,
            &format!("{prefix}.agreement.exit"),
            out,
        );
        let token_weighted = self.decision_model == DecisionModel::TokenWeighted;
        self.governance.check(&format!("{prefix}.governance"), token_chain, token_weighted, out);
        match &self.council {
            Some(council) => council.check(&format!("{prefix}.council"), token_chain, out),
            None => out.check(
                self.decision_model != DecisionModel::Council,
                format!("{prefix}.council"),
                "the council decision model needs a council section (signers, threshold)",
            ),
        }
    }

    /// The members as a map by account (the alliance's own view).
    pub fn member(&self, account: Address) -> Option<&Member> {
        self.members.iter().find(|m| m.account == account)
    }
}

impl Member {
    /// Checks a member's own rules, naming paths under `path`.
    pub fn check(&self, path: &str, token_chain: &TokenLookup<'_>, out: &mut Problems) {
        out.check(!self.account.is_zero(), format!("{path}.account"), "must not be the zero address");
        check_text(out, format!("{path}.name"), &self.name, true);
        match (&self.kind, &self.community) {
            (MemberKind::Community, None) => out.push(
                format!("{path}.community"),
                "a community member needs token, chain_id, treasury and delegates",
            ),
            (MemberKind::Individual, Some(_)) => out.push(
                format!("{path}.community"),
                "only members of kind `community` have a community section",
            ),
            (MemberKind::Community, Some(c)) => {
                let path = format!("{path}.community");
                match token_chain(c.token) {
                    None => out.push(format!("{path}.token"), format!("unknown token `{}`", c.token)),
                    Some(None) => {}
                    Some(Some(home)) => out.check(
                        home == c.chain_id,
                        format!("{path}.chain_id"),
                        format!("token {} lives on chain {home}, not {}", c.token, c.chain_id),
                    ),
                }
                out.check(!c.treasury.is_zero(), format!("{path}.treasury"), "must not be the zero address");
                out.check(
                    !c.delegates.is_empty(),
                    format!("{path}.delegates"),
                    "must name at least one delegate",
                );
                for (j, d) in c.delegates.iter().enumerate() {
                    out.check(!d.is_zero(), format!("{path}.delegates[{j}]"), "must not be the zero address");
                }
            }
            (MemberKind::Individual, None) => {}
        }
    }
}
