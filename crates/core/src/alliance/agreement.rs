//! The Alliance Agreement: duration, each community's token commitment to
//! the shared treasury, KPI targets and exit clauses, with the exit rules
//! each model documents. Amended only by a `governance-parameters` proposal.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AllianceModel, Member, TokenLookup};
use crate::problem::Problems;
use crate::types::{Address, Amount, Bps, TokenId};

/// A community's token commitment to the shared treasury.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// The committing member's account.
    pub member: Address,
    /// Token committed.
    pub token: TokenId,
    /// Amount in base units.
    pub amount: Amount,
    /// Due this many days after the alliance forms (none: no deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_day: Option<u32>,
}

/// Which KPI a target measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiMetric {
    /// Total value locked, in base units of `token`.
    Tvl,
    /// Cumulative volume, in base units of `token`.
    Volume,
    /// Number of active members.
    Members,
    /// Voting participation, in bps of total power.
    ParticipationBps,
}

impl KpiMetric {
    /// Whether the metric is denominated in a token.
    pub fn needs_token(self) -> bool {
        matches!(self, Self::Tvl | Self::Volume)
    }
}

/// A KPI target from the agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiTarget {
    /// What is measured.
    pub metric: KpiMetric,
    /// Denomination for TVL and volume.
    #[serde(default)]
    pub token: Option<TokenId>,
    /// The target value.
    pub target: Amount,
    /// Days after formation by which the target should be met.
    pub by_day: u32,
}

impl KpiTarget {
    /// Checks a target within an agreement of `duration_days`, naming paths under `path`.
    pub fn check(&self, path: &str, duration_days: u32, token_chain: &TokenLookup<'_>, out: &mut Problems) {
        let k = self;
        match (k.metric.needs_token(), k.token) {
            (true, None) => out.push(format!("{path}.token"), "tvl and volume targets need a token"),
            (false, Some(_)) => out.push(format!("{path}.token"), "only tvl and volume targets take a token"),
            (true, Some(t)) => {
                out.check(token_chain(t).is_some(), format!("{path}.token"), format!("unknown token `{t}`"));
            }
            (false, None) => {}
        }
        out.check(!k.target.is_zero(), format!("{path}.target"), "must be greater than zero");
        if k.metric == KpiMetric::ParticipationBps {
            out.check(k.target.0 <= 10_000, format!("{path}.target"), "a bps target must be ≤ 10000");
        }
        out.check(
            k.by_day <= duration_days,
            format!("{path}.by_day"),
            format!("must fall within the agreement ({} days), got {}", duration_days, k.by_day),
        );
    }
}

/// How a member may leave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitTerms {
    /// Days of notice before an exit takes effect (0 = immediate).
    pub notice_days: u32,
    /// Days committed tokens stay bonded after the exit (0 = none).
    pub unbonding_days: u32,
    /// Penalty on an early or instant exit, in bps.
    pub penalty_bps: Bps,
    /// Whether a leaving member forfeits unvested rewards.
    pub forfeit_unvested: bool,
    /// In how many equal tranches an exiting member's joint-vault shares
    /// unbond (default: one a week, `⌈unbonding_days / 7⌉`, at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tranches: Option<u32>,
}

impl ExitTerms {
    /// Most tranches an exit may have (each is a lock-up).
    pub const MAX_TRANCHES: u32 = 30;

    /// The number of tranches an exit unbonds in.
    pub fn tranche_count(&self) -> u32 {
        self.tranches.unwrap_or_else(|| self.unbonding_days.div_ceil(7)).max(1)
    }
}

/// The alliance agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Duration in days.
    pub duration_days: u32,
    /// Token commitments to the shared treasury.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// KPI targets.
    #[serde(default)]
    pub kpis: Vec<KpiTarget>,
    /// Exit clauses.
    pub exit: ExitTerms,
}

/// The exit mechanics each model documents (the seed's comparison table):
/// an unbonding period of 7–30 days for a liquidity pool, immediate delegate
/// withdrawal for a governance syndicate, an immediate exit with a penalty
/// under 5 % for revenue sharing, and forfeiture of unvested grants for a mission.
pub(crate) fn check_exit_for_model(model: AllianceModel, exit: &ExitTerms, path: &str, out: &mut Problems) {
    match model {
        AllianceModel::LiquidityPool => out.check(
            (7..=30).contains(&exit.unbonding_days),
            format!("{path}.unbonding_days"),
            format!("a liquidity-pool alliance unbonds for 7 to 30 days, got {}", exit.unbonding_days),
        ),
        AllianceModel::GovernanceSyndicate => out.check(
            exit.unbonding_days == 0,
            format!("{path}.unbonding_days"),
            format!(
                "a governance syndicate's delegates withdraw at once (0 days), got {}",
                exit.unbonding_days
            ),
        ),
        AllianceModel::RevenueSharing => out.check(
            exit.penalty_bps.0 < 500,
            format!("{path}.penalty_bps"),
            format!(
                "a revenue-sharing exit penalty must be under 5 % (< 500 bps), got {}",
                exit.penalty_bps.0
            ),
        ),
        AllianceModel::Mission => out.check(
            exit.forfeit_unvested,
            format!("{path}.forfeit_unvested"),
            "a mission alliance's members forfeit what has not vested when they leave (true)",
        ),
    }
}

impl Agreement {
    /// Checks the agreement against the alliance's members, naming paths under `path`.
    pub fn check(&self, path: &str, members: &[Member], token_chain: &TokenLookup<'_>, out: &mut Problems) {
        out.check(self.duration_days > 0, format!("{path}.duration_days"), "must be at least 1 day");
        let accounts: BTreeMap<Address, &Member> = members.iter().map(|m| (m.account, m)).collect();
        for (i, c) in self.commitments.iter().enumerate() {
            let p = format!("{path}.commitments[{i}]");
            out.check(
                accounts.contains_key(&c.member),
                format!("{p}.member"),
                format!("{} is not a member of the alliance", c.member),
            );
            out.check(
                token_chain(c.token).is_some(),
                format!("{p}.token"),
                format!("unknown token `{}`", c.token),
            );
            out.check(!c.amount.is_zero(), format!("{p}.amount"), "must be greater than zero");
        }
        for (i, k) in self.kpis.iter().enumerate() {
            k.check(&format!("{path}.kpis[{i}]"), self.duration_days, token_chain, out);
        }
        out.check(
            self.exit.penalty_bps.is_valid(),
            format!("{path}.exit.penalty_bps"),
            format!("must be ≤ 10000, got {}", self.exit.penalty_bps.0),
        );
        if let Some(t) = self.exit.tranches {
            out.check(
                (1..=ExitTerms::MAX_TRANCHES).contains(&t),
                format!("{path}.exit.tranches"),
                format!("must be 1 to {}, got {t}", ExitTerms::MAX_TRANCHES),
            );
        }
        out.check(
            self.exit.notice_days <= self.duration_days,
            format!("{path}.exit.notice_days"),
            "must not exceed the agreement's duration",
        );
    }
}
