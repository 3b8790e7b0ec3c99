//! The scenario file's typed form (TOML, every table `deny_unknown_fields`).
//! Amounts are in whole tokens (floats: they describe agents and the market,
//! and are rounded down to base units when a command is built).

use std::collections::BTreeMap;
use std::path::PathBuf;

use concord_core::types::{Address, TokenId, VaultId};
use serde::Deserialize;

use super::dist::DistOrNumber;

/// Unix time 2026-01-01T00:00:00Z, the start of weekly epoch 2922.
pub const DEFAULT_START_UNIX: u64 = 1_767_225_600;

/// One scenario: what to set up, who acts, the market, and what to measure.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name (`gov-shock`).
    pub name: String,
    /// What the scenario asks, for people.
    #[serde(default)]
    pub description: String,
    /// Days simulated after day 0 (the setup).
    pub horizon_days: u32,
    /// The step length; only `daily` for now.
    #[serde(default)]
    pub step: Step,
    /// Monte Carlo runs per sweep point.
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// The base seed; each run's generators derive from (seed, subset, run).
    #[serde(default)]
    pub seed: u64,
    /// Unix time of day 0 (default 2026-01-01, a weekly epoch boundary).
    #[serde(default = "default_start")]
    pub start_unix: u64,
    /// The charter; default the liquidity-pool template.
    #[serde(default)]
    pub charter: CharterSource,
    /// Vaults the simulator creates at day 0 (as the hub admin).
    #[serde(default)]
    pub vaults: Vec<VaultPlan>,
    /// An emission of the alliance token into the vaults.
    #[serde(default)]
    pub emission: Option<EmissionPlan>,
    /// Treasury deliveries and spending.
    #[serde(default)]
    pub treasury: TreasuryPlan,
    /// Periodic signalling proposals that voters vote on.
    #[serde(default)]
    pub governance: Option<GovernancePlan>,
    /// Prices.
    pub market: MarketSpec,
    /// Agent populations.
    #[serde(default)]
    pub agents: Vec<Population>,
    /// Scheduled events.
    #[serde(default)]
    pub events: Vec<EventSpec>,
    /// Parameter sweep: dotted scenario path → values (cartesian product).
    #[serde(default)]
    pub sweep: BTreeMap<String, Vec<toml::Value>>,
    /// Stress assertions turned into verdicts.
    #[serde(default, rename = "assert")]
    pub assertions: Vec<Assertion>,
}

fn default_runs() -> u32 {
    100
}

fn default_start() -> u64 {
    DEFAULT_START_UNIX
}

/// The step length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// One day (86 400 s).
    #[default]
    Daily,
}

/// Where the charter comes from: at most one of `template`, `path`,
/// `inline` (default: the liquidity-pool template), then `set` overrides.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharterSource {
    /// A built-in template by model name (`liquidity-pool`, `governance-syndicate`, …).
    #[serde(default)]
    pub template: Option<String>,
    /// A charter file, relative to the scenario file.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// The charter's TOML text.
    #[serde(default)]
    pub inline: Option<String>,
    /// Charter values replaced before parsing: dotted charter path → value.
    #[serde(default)]
    pub set: BTreeMap<String, toml::Value>,
}

/// A vault created at day 0.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultPlan {
    /// Its id.
    pub id: VaultId,
    /// The staked token.
    pub stake_token: TokenId,
    /// The reward token (default: the emission's token).
    #[serde(default)]
    pub reward_token: Option<TokenId>,
    /// Each funding streams over this many days (default 7, one emission epoch).
    #[serde(default = "default_reward_days")]
    pub reward_duration_days: u32,
    /// Unbonding period in days (default 0: unstake pays at once).
    #[serde(default)]
    pub unbonding_days: u32,
}

fn default_reward_days() -> u32 {
    7
}

/// A constant (or decaying) weekly emission of the alliance token.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmissionPlan {
    /// The token minted (the simulator makes the emission module its minter).
    pub token: TokenId,
    /// Whole tokens per weekly epoch.
    pub per_week: f64,
    /// Multiply each epoch's amount by this (exponential decay; default 1: constant).
    #[serde(default)]
    pub decay_per_week: Option<f64>,
    /// Route weights in bps by vault id (default: all to the only vault).
    #[serde(default)]
    pub routes: BTreeMap<String, u16>,
}

/// Treasury deliveries at day 0 and weekly spending.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreasuryPlan {
    /// Members deliver the charter's commitments into the treasury at day 0 (default true).
    #[serde(default = "yes")]
    pub deliver_commitments: bool,
    /// Spending in quote currency per week, paid by council transaction.
    #[serde(default)]
    pub spend_per_week: f64,
    /// The token spent (default: the first commitment's token).
    #[serde(default)]
    pub spend_token: Option<TokenId>,
}

impl Default for TreasuryPlan {
    fn default() -> Self {
        Self { deliver_commitments: true, spend_per_week: 0.0, spend_token: None }
    }
}

fn yes() -> bool {
    true
}

/// Periodic signalling proposals by the alliance leader.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GovernancePlan {
    /// Day of the first proposal (default 1).
    #[serde(default = "one")]
    pub first_day: u32,
    /// Days between proposals (default 14).
    #[serde(default = "fourteen")]
    pub every_days: u32,
    /// Days a proposal is open (default 5).
    #[serde(default = "five")]
    pub voting_days: u32,
}

fn one() -> u32 {
    1
}
fn five() -> u32 {
    5
}
fn fourteen() -> u32 {
    14
}

/// The market: prices per token.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketSpec {
    /// Tokens priced by geometric Brownian motion.
    pub tokens: Vec<TokenMarket>,
    /// Correlation of the tokens' daily shocks (in `tokens` order; default identity).
    #[serde(default)]
    pub correlation: Option<Vec<Vec<f64>>>,
    /// Scheduled price shocks.
    #[serde(default)]
    pub shocks: Vec<ShockSpec>,
}

/// One token's price process.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenMarket {
    /// The token.
    pub token: TokenId,
    /// Price at day 0, in the quote currency.
    pub price: f64,
    /// Annual drift μ (default 0).
    #[serde(default)]
    pub drift: f64,
    /// Annual volatility σ (default 0).
    #[serde(default)]
    pub volatility: f64,
    /// Quote value of net selling in one day that moves the log price by −1
    /// (default: none, selling does not move the price).
    #[serde(default)]
    pub depth: Option<f64>,
}

/// A price shock: the price is multiplied by `1 + change` on `day`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShockSpec {
    /// The token.
    pub token: TokenId,
    /// The day (1 to horizon).
    pub day: u32,
    /// Relative change, above −1 (−0.5 halves the price).
    pub change: f64,
}

/// Agent kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgentKind {
    /// Stakes and holds; claims now and then.
    Holder,
    /// Stakes; leaves once the vault's APR falls below its own threshold.
    Farmer,
    /// A large staker who leaves once the stake token's price falls by its own drawdown.
    Whale,
    /// Holds governance tokens and votes on proposals with some probability.
    Voter,
    /// Many accounts of one owner, all voting the same way on every proposal.
    Sybil,
    /// Stakers of a member community who leave when that member exits.
    Community,
    /// Trades a token towards its fundamental price with its own capital
    /// (buys from the market's account below it, sells above it).
    Arbitrageur,
}

impl AgentKind {
    /// The kind's name in the scenario file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Holder => "holder",
            Self::Farmer => "farmer",
            Self::Whale => "whale",
            Self::Voter => "voter",
            Self::Sybil => "sybil",
            Self::Community => "community",
            Self::Arbitrageur => "arbitrageur",
        }
    }

    /// Whether agents of this kind stake into a vault.
    pub fn stakes(self) -> bool {
        matches!(self, Self::Holder | Self::Farmer | Self::Whale | Self::Community)
    }
}

/// A population of agents of one kind.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// The kind.
    pub kind: AgentKind,
    /// How many.
    pub count: u32,
    /// Stakers: the vault (default: the first vault).
    #[serde(default)]
    pub vault: Option<VaultId>,
    /// Stakers: whole tokens staked at day 0.
    #[serde(default)]
    pub stake: Option<DistOrNumber>,
    /// Voters, sybils and arbitrageurs: whole tokens held at day 0 (not staked).
    #[serde(default)]
    pub balance: Option<DistOrNumber>,
    /// Voters and sybils: the token held (default: the first governance
    /// weight's token); arbitrageurs: the token traded (required).
    #[serde(default)]
    pub token: Option<TokenId>,
    /// Arbitrageurs: quote currency available to buy with.
    #[serde(default)]
    pub capital: Option<DistOrNumber>,
    /// Arbitrageurs: the log gap to the fundamental price left untraded
    /// (0.02 ≈ 2 %; default 0.02).
    #[serde(default)]
    pub band: Option<f64>,
    /// Farmers: the APR (0.2 = 20 %) below which each leaves.
    #[serde(default)]
    pub apr_threshold: Option<DistOrNumber>,
    /// Whales: the fall of the stake token's price from day 0 (0.3 = −30 %) at which each leaves.
    #[serde(default)]
    pub exit_drawdown: Option<DistOrNumber>,
    /// Voters: the probability of voting on each proposal.
    #[serde(default)]
    pub participation: Option<DistOrNumber>,
    /// Voters: the probability that a vote is `for` (else `against`; default 0.6).
    #[serde(default)]
    pub for_probability: Option<f64>,
    /// Sybils: the choice every account votes (default `against`).
    #[serde(default)]
    pub choice: Option<String>,
    /// Community: the member whose exit makes them leave.
    #[serde(default)]
    pub member: Option<Address>,
    /// Community: days over which they leave after the exit (default 7).
    #[serde(default)]
    pub exit_over_days: Option<u32>,
    /// Stakers: days between claims (default 7 for farmers and whales, 30 otherwise).
    #[serde(default)]
    pub claim_every_days: Option<u32>,
    /// Stakers: share of each claimed reward sold at once (default 1 for farmers, 0 otherwise).
    #[serde(default)]
    pub sell_rewards: Option<f64>,
    /// Stakers: share of the principal sold when leaving (default 0).
    #[serde(default)]
    pub sell_on_exit: Option<f64>,
}

/// Scheduled event kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// No emission epoch starting on or after this day emits (the emission's sunset).
    RewardsEnd,
    /// A member leaves the alliance (`leave-alliance`); its community population follows.
    MemberExit,
}

/// A scheduled event.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// The day.
    pub day: u32,
    /// What happens.
    pub kind: EventKind,
    /// `member-exit`: the member.
    #[serde(default)]
    pub member: Option<Address>,
}

/// When an assertion is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// At the last step.
    End,
    /// At any step.
    Any,
    /// At every step.
    All,
    /// At one day.
    Day(u32),
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = When;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"end\", \"any\", \"all\" or a day number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<When, E> {
                u32::try_from(v).map(When::Day).map_err(|_| E::custom(format!("day {v} is out of range")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<When, E> {
                u32::try_from(v).map(When::Day).map_err(|_| E::custom(format!("day {v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<When, E> {
                match v {
                    "end" => Ok(When::End),
                    "any" => Ok(When::Any),
                    "all" => Ok(When::All),
                    other => Err(E::custom(format!(
                        "expected \"end\", \"any\", \"all\" or a day number, got \"{other}\""
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A stress assertion: the share of runs in which `metric` is below (or
/// above) a bound at `at`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assertion {
    /// A metric column.
    pub metric: String,
    /// Holds when the value is strictly below this.
    #[serde(default)]
    pub below: Option<f64>,
    /// Holds when the value is strictly above this.
    #[serde(default)]
    pub above: Option<f64>,
    /// When (default `end`).
    #[serde(default = "when_end")]
    pub at: When,
    /// The verdict fails when the share of runs exceeds this (default: none, informational).
    #[serde(default)]
    pub max_share: Option<f64>,
}

fn when_end() -> When {
    When::End
}
