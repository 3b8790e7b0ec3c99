//! Governance settings of an alliance: which tokens carry voting power and
//! with what weight, and the rules of each proposal scope.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::alliance::TokenLookup;
use crate::problem::Problems;
use crate::types::{Amount, Bps, TokenId};

/// What kind of decision a proposal is. Each scope has its own rules, and
/// only certain actions may run under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Move treasury funds.
    TreasuryAllocation,
    /// Commit funds to joint liquidity.
    JointLiquidity,
    /// Admit a member.
    MemberAdmission,
    /// Remove a member.
    MemberRemoval,
    /// Change governance rules or the decision model.
    GovernanceParameters,
    /// Fund a mission.
    MissionFunding,
    /// Ratify a roadmap phase.
    RoadmapRatification,
    /// Claw back a grant.
    Clawback,
    /// A non-binding signal (no actions).
    Signal,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Self; 9] = [
        Self::TreasuryAllocation,
        Self::JointLiquidity,
        Self::MemberAdmission,
        Self::MemberRemoval,
        Self::GovernanceParameters,
        Self::MissionFunding,
        Self::RoadmapRatification,
        Self::Clawback,
        Self::Signal,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::TreasuryAllocation => "treasury-allocation",
            Self::JointLiquidity => "joint-liquidity",
            Self::MemberAdmission => "member-admission",
            Self::MemberRemoval => "member-removal",
            Self::GovernanceParameters => "governance-parameters",
            Self::MissionFunding => "mission-funding",
            Self::RoadmapRatification => "roadmap-ratification",
            Self::Clawback => "clawback",
            Self::Signal => "signal",
        }
    }

    /// Parses a kebab-case name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rules of one scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRules {
    /// Whether proposals of this scope may be created (graduated rollout:
    /// narrow scopes first).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Participation needed, in bps of total power at the snapshot (ceil).
    pub quorum_bps: Bps,
    /// Approval needed: `for · 10000 > threshold_bps · (for + against)`.
    pub threshold_bps: Bps,
    /// Delay between queueing and execution.
    pub timelock_secs: u64,
    /// Power the proposer must hold when proposing.
    #[serde(default)]
    pub proposal_threshold: Amount,
    /// Sponsor approvals needed before voting opens (0 = none).
    #[serde(default)]
    pub sponsor_approvals: u8,
    /// Each sponsor must hold more than this share of total power when approving.
    #[serde(default = "default_sponsor_bps")]
    pub sponsor_min_power_bps: Bps,
}

fn yes() -> bool {
    true
}

fn default_sponsor_bps() -> Bps {
    Bps(25)
}

impl Default for ScopeRules {
    /// 4% quorum, simple majority, 2-day timelock, no proposal threshold.
    fn default() -> Self {
        Self {
            enabled: true,
            quorum_bps: Bps(400),
            threshold_bps: Bps(5_000),
            timelock_secs: 2 * 86_400,
            proposal_threshold: Amount::ZERO,
            sponsor_approvals: 0,
            sponsor_min_power_bps: default_sponsor_bps(),
        }
    }
}

/// What a voter may do after voting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevotePolicy {
    /// The latest vote counts.
    #[default]
    Replace,
    /// The first vote is final.
    Final,
}

/// A token's weight in voting power.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenWeight {
    /// A member token.
    pub token: TokenId,
    /// Its weight in bps (10000 = one unit of power per normalised token).
    pub weight_bps: Bps,
}

/// An alliance's governance settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernanceSpec {
    /// Tokens that carry voting power (token-weighted model).
    #[serde(default)]
    pub weights: Vec<TokenWeight>,
    /// Weight of vote-escrow power (Curve ve balance of the alliance token,
    /// normalised to 18 decimals) in bps; 0 leaves ve power out. Ve power is
    /// not delegable and belongs to no community (dual majority ignores it).
    #[serde(default)]
    pub ve_weight_bps: Bps,
    /// Re-vote policy.
    #[serde(default)]
    pub revote: RevotePolicy,
    /// Also require a majority inside each member community.
    #[serde(default)]
    pub dual_majority: bool,
    /// How long a queued proposal may wait for execution before it expires.
    #[serde(default = "default_grace")]
    pub grace_period_secs: u64,
    /// Rules per scope; a scope not listed uses [`ScopeRules::default`].
    #[serde(default)]
    pub scopes: BTreeMap<Scope, ScopeRules>,
}

fn default_grace() -> u64 {
    14 * 86_400
}

impl Default for GovernanceSpec {
    fn default() -> Self {
        Self {
            weights: Vec::new(),
            ve_weight_bps: Bps(0),
            revote: RevotePolicy::Replace,
            dual_majority: false,
            grace_period_secs: default_grace(),
            scopes: BTreeMap::new(),
        }
    }
}

impl GovernanceSpec {
    /// The rules of a scope.
    pub fn rules(&self, scope: Scope) -> ScopeRules {
        self.scopes.get(&scope).cloned().unwrap_or_default()
    }

    /// The weight of a token, if it carries power.
    pub fn weight(&self, token: TokenId) -> Option<Bps> {
        self.weights.iter().find(|w| w.token == token).map(|w| w.weight_bps)
    }

    /// Checks every rule, naming paths under `prefix`.
    pub fn check(&self, prefix: &str, tokens: &TokenLookup<'_>, token_weighted: bool, out: &mut Problems) {
        if token_weighted {
            out.check(
                !self.weights.is_empty() || self.ve_weight_bps.0 > 0,
                format!("{prefix}.weights"),
                "the token-weighted decision model needs at least one token weight (or ve_weight_bps)",
            );
        }
        out.check(
            self.ve_weight_bps.is_valid(),
            format!("{prefix}.ve_weight_bps"),
            format!("must be ≤ 10000, got {}", self.ve_weight_bps.0),
        );
        let mut seen = std::collections::BTreeSet::new();
        for (i, w) in self.weights.iter().enumerate() {
            let p = format!("{prefix}.weights[{i}]");
            out.check(
                tokens(w.token).is_some(),
                format!("{p}.token"),
                format!("unknown token `{}`", w.token),
            );
            out.check(
                seen.insert(w.token),
                format!("{p}.token"),
                format!("`{}` is weighted more than once", w.token),
            );
            out.check(
                w.weight_bps.0 > 0 && w.weight_bps.is_valid(),
                format!("{p}.weight_bps"),
                format!("must be between 1 and 10000, got {}", w.weight_bps.0),
            );
        }
        out.check(
            self.grace_period_secs > 0,
            format!("{prefix}.grace_period_secs"),
            "must be at least 1 second",
        );
        for (scope, rules) in &self.scopes {
            let p = format!("{prefix}.scopes.{scope}");
            for (field, bps) in [
                ("quorum_bps", rules.quorum_bps),
                ("threshold_bps", rules.threshold_bps),
                ("sponsor_min_power_bps", rules.sponsor_min_power_bps),
            ] {
                out.check(bps.is_valid(), format!("{p}.{field}"), format!("must be ≤ 10000, got {}", bps.0));
            }
        }
    }
}
