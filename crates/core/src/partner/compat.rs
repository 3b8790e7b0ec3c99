//! Tokenomics compatibility checks between a candidate and the alliance's
//! members (the second seed's "economic and incentive alignment"): inflation
//! from emission schedules, unlock-calendar collisions within N days,
//! governance-model compatibility, and reward programs paying for the same
//! stake. Each check gives pass / warning / fail with the figures behind it.

use serde::{Deserialize, Serialize};

use crate::alliance::DecisionModel;
use crate::types::Amount;

/// One unlock on a partner's calendar (a vesting cliff, a treasury release).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unlock {
    /// Days from the alliance's start.
    pub day: u32,
    /// Tokens unlocked (base units or whole tokens, as long as one partner uses one unit).
    pub amount: Amount,
    /// What unlocks.
    #[serde(default)]
    pub what: String,
}

/// A reward program: what it pays for staking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// The staked token or LP position.
    pub stake: String,
    /// The reward token.
    pub reward: String,
}

/// A partner's tokenomics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tokenomics {
    /// How the community decides.
    pub governance: DecisionModel,
    /// Circulating supply.
    pub supply: Amount,
    /// Tokens its emission schedules add per year.
    #[serde(default)]
    pub emission_per_year: Amount,
    /// Its unlock calendar.
    #[serde(default)]
    pub unlocks: Vec<Unlock>,
    /// Its reward programs.
    #[serde(default)]
    pub programs: Vec<Program>,
}

/// A member of the alliance, for the checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberTokenomics {
    /// Its id.
    pub id: String,
    /// Its tokenomics.
    #[serde(flatten)]
    pub tokenomics: Tokenomics,
}

/// The thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompatRules {
    /// Unlocks within this many days of each other collide (default 14).
    #[serde(default = "default_days")]
    pub collision_days: u32,
    /// Yearly inflation above this warns (bps, default 1000 = 10 %).
    #[serde(default = "default_warn")]
    pub inflation_warn_bps: u32,
    /// Yearly inflation above this fails (bps, default 2500 = 25 %).
    #[serde(default = "default_fail")]
    pub inflation_fail_bps: u32,
}

fn default_days() -> u32 {
    14
}
fn default_warn() -> u32 {
    1_000
}
fn default_fail() -> u32 {
    2_500
}

impl Default for CompatRules {
    fn default() -> Self {
        Self {
            collision_days: default_days(),
            inflation_warn_bps: default_warn(),
            inflation_fail_bps: default_fail(),
        }
    }
}

/// A check's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Compatible.
    Pass,
    /// Look closer.
    Warning,
    /// Incompatible.
    Fail,
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `inflation`, `unlock-collision`, `governance`, `reward-conflict`.
    pub check: &'static str,
    /// The verdict.
    pub verdict: Verdict,
    /// The member it concerns, if one.
    pub member: Option<String>,
    /// The figures behind it.
    pub figures: String,
}

/// Yearly inflation in bps: `⌊10000 · emission / supply⌋` (floor; no supply counts as 10 000).
pub fn inflation_bps(t: &Tokenomics) -> u32 {
    if t.supply.is_zero() {
        return 10_000;
    }
    u32::try_from(t.emission_per_year.mul_div_floor(10_000, t.supply.0).map_or(u128::MAX, |a| a.0))
        .unwrap_or(u32::MAX)
}

fn pct(bps: u32) -> String {
    format!("{}.{:02} %", bps / 100, bps % 100)
}

/// Every check of `candidate` against the alliance (`alliance` is its decision model).
pub fn check(
    candidate: &Tokenomics,
    alliance: DecisionModel,
    members: &[MemberTokenomics],
    rules: CompatRules,
) -> Vec<Check> {
    let mut out = Vec::new();
    let rate = inflation_bps(candidate);
    let verdict = if rate > rules.inflation_fail_bps {
        Verdict::Fail
    } else if rate > rules.inflation_warn_bps {
        Verdict::Warning
    } else {
        Verdict::Pass
    };
    let members_max = members.iter().map(|m| inflation_bps(&m.tokenomics)).max();
    out.push(Check {
        check: "inflation",
        verdict,
        member: None,
        figures: format!(
            "{} a year (emission {} on supply {}); members' highest {}; warn above {}, fail above {}",
            pct(rate),
            candidate.emission_per_year,
            candidate.supply,
            members_max.map_or("none".to_owned(), pct),
            pct(rules.inflation_warn_bps),
            pct(rules.inflation_fail_bps)
        ),
    });
    let mut collided = false;
    for m in members {
        for u in &candidate.unlocks {
            for v in &m.tokenomics.unlocks {
                if u.day.abs_diff(v.day) <= rules.collision_days {
                    collided = true;
                    out.push(Check {
                        check: "unlock-collision",
                        verdict: Verdict::Warning,
                        member: Some(m.id.clone()),
                        figures: format!(
                            "day {} ({} {}) and {}'s day {} ({} {}): {} days apart, within {}",
                            u.day,
                            u.amount,
                            u.what,
                            m.id,
                            v.day,
                            v.amount,
                            v.what,
                            u.day.abs_diff(v.day),
                            rules.collision_days
                        ),
                    });
                }
            }
        }
    }
    if !collided {
        out.push(Check {
            check: "unlock-collision",
            verdict: Verdict::Pass,
            member: None,
            figures: format!("no unlocks within {} days of a member's", rules.collision_days),
        });
    }
    use DecisionModel as D;
    let (verdict, why) = match (candidate.governance, alliance) {
        (a, b) if a == b => (Verdict::Pass, "the same model"),
        (D::Leader, D::TokenWeighted | D::Members) => (
            Verdict::Warning,
            "a leader-run community joins an alliance that votes: one account speaks for it",
        ),
        (D::TokenWeighted | D::Members, D::Leader) => {
            (Verdict::Warning, "a voting community joins a leader-run alliance: its holders lose their say")
        }
        _ => (Verdict::Pass, "compatible models"),
    };
    out.push(Check {
        check: "governance",
        verdict,
        member: None,
        figures: format!(
            "candidate `{}`, alliance `{}`: {why}",
            candidate.governance.name(),
            alliance.name()
        ),
    });
    let mut conflict = false;
    for m in members {
        for p in &candidate.programs {
            if let Some(q) = m.tokenomics.programs.iter().find(|q| q.stake == p.stake) {
                conflict = true;
                out.push(Check {
                    check: "reward-conflict",
                    verdict: Verdict::Fail,
                    member: Some(m.id.clone()),
                    figures: format!(
                        "both pay for staking `{}`: the candidate in {}, {} in {}",
                        p.stake, p.reward, m.id, q.reward
                    ),
                });
            }
        }
    }
    if !conflict {
        out.push(Check {
            check: "reward-conflict",
            verdict: Verdict::Pass,
            member: None,
            figures: "no two programs pay for the same stake".into(),
        });
    }
    out
}
