//! Typed queries: every read the hub, a script or the simulator needs, each
//! returning a typed view of the state. The hub's read routes are thin
//! wrappers over these functions; `concord apply` runs them from query lines
//! (`{"query": "earned", "args": {...}}`) through [`Query`] and [`run`].
//!
//! Queries read the whole [`State`] (they sit beside the engine, above the
//! mechanisms) and never change it. Every figure in a view serialises as a
//! decimal string, like every amount in Concord.
//!
//! Times: `at` defaults to the time of the last applied command (the state's
//! clock). Reads that project rewards forward (vaults, positions, vesting)
//! refuse an `at` before that clock, since accrual only moves forward.

mod board;
mod compat;
mod escrow;
mod governance;
mod incentives;
mod ledger;
mod missions;
mod partners;
mod roadmap;
mod share_vaults;

use serde::{Deserialize, Serialize};

pub use board::*;
pub use compat::*;
pub use escrow::*;
pub use governance::*;
pub use incentives::*;
pub use ledger::*;
pub use missions::*;
pub use partners::*;
pub use roadmap::*;
pub use share_vaults::*;

use crate::engine::State;
use crate::types::{Address, AllianceId, EmissionId, GaugeId, SplitId, Timestamp, TokenId, VaultId};

/// Why a query has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The thing asked about does not exist.
    #[error("{field}: {what} `{id}` does not exist")]
    Unknown {
        /// What kind of thing (`alliance`, `proposal`, `vault`, …).
        what: &'static str,
        /// The argument naming it.
        field: &'static str,
        /// The id asked for.
        id: String,
    },
    /// An argument breaks a rule.
    #[error("{field}: {rule}")]
    Invalid {
        /// The argument.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// The answer cannot be computed (e.g. a projection would overflow).
    #[error("{message}")]
    Failed {
        /// The mechanism's error code.
        code: &'static str,
        /// The field the mechanism names.
        field: String,
        /// The mechanism's message.
        message: String,
    },
}

impl QueryError {
    /// The argument the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::Unknown { field, .. } | Self::Invalid { field, .. } => field,
            Self::Failed { field, .. } => field,
        }
    }

    /// A stable machine-readable code (`unknown_vault`, `invalid_query`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unknown { what, .. } => match *what {
                "alliance" => "unknown_alliance",
                "proposal" => "unknown_proposal",
                "council" => "no_council",
                "vault" => "unknown_vault",
                "emission" => "unknown_emission",
                "grant" => "unknown_grant",
                "split" => "unknown_split",
                "gauge" => "unknown_gauge",
                "epoch" => "unknown_epoch",
                "leaf" => "no_leaf",
                "collective" => "unknown_collective",
                "season" => "unknown_season",
                "intent" => "unknown_intent",
                "candidate" => "unknown_candidate",
                "share vault" => "unknown_share_vault",
                _ => "unknown",
            },
            Self::Invalid { field: "at", .. } => "at_in_the_past",
            Self::Invalid { field: "limit", .. } => "limit_out_of_range",
            Self::Invalid { .. } => "invalid_query",
            Self::Failed { code, .. } => code,
        }
    }

    fn unknown(what: &'static str, field: &'static str, id: &(impl ToString + ?Sized)) -> Self {
        Self::Unknown { what, field, id: id.to_string() }
    }
}

/// Query result.
pub type QueryResult<T> = Result<T, QueryError>;

/// `at`, or the state's clock.
fn at_or_clock(state: &State, at: Option<Timestamp>) -> Timestamp {
    at.unwrap_or(state.clock)
}

/// `at` (default: the clock), which must not be before the clock.
fn not_before_clock(state: &State, at: Option<Timestamp>) -> QueryResult<Timestamp> {
    match at {
        Some(at) if at < state.clock => Err(QueryError::Invalid {
            field: "at",
            rule: format!("must be ≥ the last command's time {}, got {at}", state.clock),
        }),
        other => Ok(at_or_clock(state, other)),
    }
}

/// A query line: `{"query": "<kind>", "args": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "query", content = "args", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Query {
    /// An account's balance of every token, and its next nonce.
    Balances {
        /// The account.
        account: Address,
        /// At the end of this second (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// Registered tokens and their supply.
    Tokens {},
    /// An alliance with its treasury and commitments.
    Alliance {
        /// The alliance.
        alliance: AllianceId,
    },
    /// Every alliance, summarised.
    Alliances {},
    /// Queued withdrawals to a home chain.
    Outbox {
        /// The destination chain.
        chain_id: u64,
        /// Messages with a nonce above this (default 0).
        #[serde(default)]
        after: u64,
    },
    /// An alliance's proposals with live tallies.
    Proposals {
        /// The alliance.
        alliance: AllianceId,
        /// State as of this time (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// One proposal with its tally, state and (once closed) result.
    Proposal {
        /// The alliance.
        alliance: AllianceId,
        /// The proposal id.
        proposal: u64,
        /// State as of this time (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// A proposal's votes, by voter address.
    Votes {
        /// The alliance.
        alliance: AllianceId,
        /// The proposal id.
        proposal: u64,
        /// Voters after this address (default: from the start).
        #[serde(default)]
        after: Option<Address>,
        /// Page size, 1 to 1000 (default 100).
        #[serde(default)]
        limit: Option<u32>,
    },
    /// The power an account votes with on a proposal.
    Power {
        /// The alliance.
        alliance: AllianceId,
        /// The proposal id.
        proposal: u64,
        /// The voter.
        account: Address,
    },
    /// The current voting power of an account in a token-weighted alliance.
    PowerAt {
        /// The alliance.
        alliance: AllianceId,
        /// The account.
        account: Address,
        /// At the end of this second (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// An alliance's council.
    Council {
        /// The alliance.
        alliance: AllianceId,
    },
    /// Every vault, summarised.
    Vaults {},
    /// A vault with its reward streams at `at`.
    Vault {
        /// The vault.
        vault: VaultId,
        /// Streams advanced to this time (default: now; not before it).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// A position and what it has earned at `at` (Synthetix `earned`).
    Earned {
        /// The vault.
        vault: VaultId,
        /// The staker.
        account: Address,
        /// Earned up to this time (default: now; not before it).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// Every emission schedule.
    Emissions {},
    /// One emission schedule.
    Emission {
        /// The emission.
        emission: EmissionId,
    },
    /// A vesting grant: vested and releasable at `at`.
    Vesting {
        /// The grant id.
        grant: u64,
        /// At this time (default: now; not before it).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// An account's grants (as grantor or beneficiary) and lock-ups.
    AccountVesting {
        /// The account.
        account: Address,
        /// At this time (default: now; not before it).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// Every fee split.
    Splits {},
    /// One fee split.
    Split {
        /// The split.
        split: SplitId,
    },
    /// The vote-escrow: settings, total ve power at `at`, tokens locked.
    Escrow {
        /// At this time (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// A holder's lock and ve balance at `at` (Curve `balanceOf(addr, t)`).
    VeBalance {
        /// The holder.
        account: Address,
        /// At this time (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// Gauges with weights and relative weights in the epoch containing `at`.
    Gauges {
        /// At this time (default: now).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// A gauge's vote-incentive pools.
    Bribes {
        /// The gauge.
        gauge: GaugeId,
    },
    /// Published Merkle roots.
    MerkleRoots {},
    /// One epoch's root and entries.
    MerkleRoot {
        /// The epoch.
        epoch: u64,
    },
    /// A Merkle proof for (epoch, account, token).
    MerkleProof {
        /// The epoch.
        epoch: u64,
        /// The claimant.
        account: Address,
        /// The token.
        token: TokenId,
    },
    /// Profiles on the forming board by skill, intent and timezone (minutes east of UTC).
    BoardSearch {
        /// Has this skill.
        #[serde(default)]
        skill: Option<String>,
        /// Cares about this intent.
        #[serde(default)]
        intent: Option<String>,
        /// Timezone at least this many minutes east of UTC.
        #[serde(default)]
        tz_min: Option<i16>,
        /// Timezone at most this many minutes east of UTC.
        #[serde(default)]
        tz_max: Option<i16>,
        /// Accounts after this one.
        #[serde(default)]
        after: Option<Address>,
        /// Page size, 1 to 200 (default 50).
        #[serde(default)]
        limit: Option<u32>,
    },
    /// The UTC hours when all of a team work, warning below `min_hours` (default 2).
    TeamOverlap {
        /// The alliance.
        alliance: AllianceId,
        /// The minimum daily overlap, in hours.
        #[serde(default)]
        min_hours: Option<u32>,
    },
    /// A collective's settings, tiers and seasons.
    Collective {
        /// The collective (its alliance id).
        collective: AllianceId,
    },
    /// An account's trust tier and track record in a collective.
    Tier {
        /// The collective.
        collective: AllianceId,
        /// The account.
        account: Address,
    },
    /// A collective's mission proposals.
    Missions {
        /// The collective.
        collective: AllianceId,
    },
    /// Which missions an intent's budget vote would fund now; with `voter`
    /// and `approve`, as if that voter's ballot approved exactly `approve`.
    BudgetPreview {
        /// The collective.
        collective: AllianceId,
        /// The season.
        season: u64,
        /// The intent.
        intent: crate::types::IntentId,
        /// A voter about to sign a ballot.
        #[serde(default)]
        voter: Option<Address>,
        /// The missions that ballot would approve.
        #[serde(default)]
        approve: Vec<u64>,
    },
    /// A mission's grant.
    MissionGrant {
        /// The collective.
        collective: AllianceId,
        /// The mission.
        mission: u64,
    },
    /// A team's rewards under its plan: members, book, and the next release.
    Team {
        /// The collective.
        collective: AllianceId,
        /// The mission.
        mission: u64,
        /// Read at this time (default and at least: the state's clock).
        #[serde(default)]
        at: Option<Timestamp>,
    },
    /// A team's peer-allocation graph (every gift).
    Gives {
        /// The collective.
        collective: AllianceId,
        /// The mission.
        mission: u64,
    },
    /// An alliance's partner candidates, ranked by their scorecards.
    Candidates {
        /// The alliance.
        alliance: AllianceId,
    },
    /// A candidate's tokenomics compatibility with the members, from hub state.
    Compatibility {
        /// The alliance.
        alliance: AllianceId,
        /// The candidate's id.
        candidate: String,
    },
    /// An alliance's roadmap: phases, checklist, retrospectives, open scopes.
    Roadmap {
        /// The alliance.
        alliance: AllianceId,
    },
    /// Every ERC-4626 share vault.
    ShareVaults {},
    /// One share vault, an account's position and previews of an amount.
    ShareVault {
        /// The vault.
        vault: VaultId,
        /// An account whose position to show.
        #[serde(default)]
        account: Option<Address>,
        /// An amount to preview deposit, mint, withdraw and redeem with.
        #[serde(default)]
        amount: Option<crate::types::Amount>,
    },
}

impl Query {
    /// Every query kind.
    pub const KINDS: &'static [&'static str] = &[
        "balances",
        "tokens",
        "alliance",
        "alliances",
        "outbox",
        "proposals",
        "proposal",
        "votes",
        "power",
        "power-at",
        "council",
        "vaults",
        "vault",
        "earned",
        "emissions",
        "emission",
        "vesting",
        "account-vesting",
        "splits",
        "split",
        "escrow",
        "ve-balance",
        "gauges",
        "bribes",
        "merkle-roots",
        "merkle-root",
        "merkle-proof",
        "collective",
        "tier",
        "missions",
        "budget-preview",
        "mission-grant",
        "team",
        "gives",
        "candidates",
        "compatibility",
        "roadmap",
        "share-vaults",
        "share-vault",
        "board-search",
        "team-overlap",
    ];
}

/// A query's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum View {
    /// `balances`.
    Balances(BalancesView),
    /// `tokens`.
    Tokens(TokensView),
    /// `alliance`.
    Alliance(Box<AllianceView>),
    /// `alliances`.
    Alliances(AlliancesView),
    /// `outbox`.
    Outbox(OutboxView),
    /// `proposals`.
    Proposals(ProposalsView),
    /// `proposal`.
    Proposal(Box<ProposalView>),
    /// `votes`.
    Votes(VotesView),
    /// `power`.
    Power(PowerView),
    /// `power-at`.
    PowerAt(PowerAtView),
    /// `council`.
    Council(CouncilStateView),
    /// `vaults`.
    Vaults(VaultsView),
    /// `vault`.
    Vault(Box<VaultView>),
    /// `earned`.
    Earned(PositionView),
    /// `emissions`.
    Emissions(EmissionsView),
    /// `emission`.
    Emission(EmissionView),
    /// `vesting`.
    Vesting(GrantView),
    /// `account-vesting`.
    AccountVesting(AccountVestingView),
    /// `splits`.
    Splits(SplitsView),
    /// `split`.
    Split(SplitView),
    /// `escrow`.
    Escrow(EscrowView),
    /// `ve-balance`.
    VeBalance(VeBalanceView),
    /// `gauges`.
    Gauges(GaugesView),
    /// `bribes`.
    Bribes(BribesView),
    /// `merkle-roots`.
    MerkleRoots(MerkleRootsView),
    /// `merkle-root`.
    MerkleRoot(MerkleRootView),
    /// `merkle-proof`.
    MerkleProof(MerkleProofView),
    /// `board-search`.
    BoardSearch(BoardView),
    /// `team-overlap`.
    TeamOverlap(OverlapView),
    /// `collective`.
    Collective(Box<CollectiveView>),
    /// `tier`.
    Tier(TierView),
    /// `missions`.
    Missions(MissionsView),
    /// `budget-preview`.
    BudgetPreview(Box<PreviewView>),
    /// `mission-grant`.
    MissionGrant(GrantStateView),
    /// `team`.
    Team(Box<TeamView>),
    /// `gives`.
    Gives(GivesView),
    /// `candidates`.
    Candidates(Box<CandidatesView>),
    /// `compatibility`.
    Compatibility(Box<CompatibilityView>),
    /// `roadmap`.
    Roadmap(Box<RoadmapView>),
    /// `share-vaults`.
    ShareVaults(ShareVaultsView),
    /// `share-vault`.
    ShareVault(Box<ShareVaultView>),
}

/// Answers a query.
pub fn run(state: &State, query: &Query) -> QueryResult<View> {
    Ok(match query {
        Query::Balances { account, at } => View::Balances(balances(state, *account, *at)),
        Query::Tokens {} => View::Tokens(tokens(state)),
        Query::Alliance { alliance: id } => View::Alliance(Box::new(alliance(state, id)?)),
        Query::Alliances {} => View::Alliances(alliances(state)),
        Query::Outbox { chain_id, after } => View::Outbox(outbox(state, *chain_id, *after)),
        Query::Proposals { alliance, at } => View::Proposals(proposals(state, alliance, *at)?),
        Query::Proposal { alliance, proposal: id, at } => {
            View::Proposal(Box::new(proposal(state, alliance, *id, *at)?))
        }
        Query::Votes { alliance, proposal, after, limit } => {
            View::Votes(votes(state, alliance, *proposal, *after, *limit)?)
        }
        Query::Power { alliance, proposal, account } => {
            View::Power(power(state, alliance, *proposal, *account)?)
        }
        Query::PowerAt { alliance, account, at } => View::PowerAt(power_at(state, alliance, *account, *at)?),
        Query::Council { alliance } => View::Council(council(state, alliance)?),
        Query::Vaults {} => View::Vaults(vaults(state)),
        Query::Vault { vault: id, at } => View::Vault(Box::new(vault(state, id, *at)?)),
        Query::Earned { vault, account, at } => View::Earned(earned(state, vault, *account, *at)?),
        Query::Emissions {} => View::Emissions(emissions(state)),
        Query::Emission { emission: id } => View::Emission(emission(state, id)?),
        Query::Vesting { grant: id, at } => View::Vesting(grant(state, *id, *at)?),
        Query::AccountVesting { account, at } => View::AccountVesting(account_vesting(state, *account, *at)?),
        Query::Splits {} => View::Splits(splits(state)),
        Query::Split { split: id } => View::Split(split(state, id)?),
        Query::Escrow { at } => View::Escrow(escrow(state, *at)),
        Query::VeBalance { account, at } => View::VeBalance(ve_balance(state, *account, *at)),
        Query::Gauges { at } => View::Gauges(gauges(state, *at)),
        Query::Bribes { gauge } => View::Bribes(bribes(state, gauge)?),
        Query::MerkleRoots {} => View::MerkleRoots(merkle_roots(state)),
        Query::MerkleRoot { epoch } => View::MerkleRoot(merkle_root(state, *epoch)?),
        Query::MerkleProof { epoch, account, token } => {
            View::MerkleProof(merkle_proof(state, *epoch, *account, *token)?)
        }
        Query::BoardSearch { skill, intent, tz_min, tz_max, after, limit } => {
            let filter = BoardFilter {
                skill: skill.clone(),
                intent: intent.clone(),
                tz_min: *tz_min,
                tz_max: *tz_max,
            };
            View::BoardSearch(board_search(state, &filter, *after, *limit)?)
        }
        Query::TeamOverlap { alliance, min_hours } => {
            View::TeamOverlap(team_overlap(state, alliance, *min_hours)?)
        }
        Query::Collective { collective: id } => View::Collective(Box::new(collective(state, id)?)),
        Query::Tier { collective, account } => View::Tier(tier(state, collective, *account)?),
        Query::Missions { collective } => View::Missions(missions(state, collective)?),
        Query::BudgetPreview { collective, season, intent, voter, approve } => View::BudgetPreview(Box::new(
            budget_preview(state, collective, *season, intent, *voter, approve)?,
        )),
        Query::MissionGrant { collective, mission } => {
            View::MissionGrant(mission_grant(state, collective, *mission)?)
        }
        Query::Team { collective, mission, at } => {
            View::Team(Box::new(team(state, collective, *mission, *at)?))
        }
        Query::Gives { collective, mission } => View::Gives(gives(state, collective, *mission)?),
        Query::Candidates { alliance } => View::Candidates(Box::new(candidates(state, alliance)?)),
        Query::Compatibility { alliance, candidate } => {
            View::Compatibility(Box::new(compatibility(state, alliance, candidate)?))
        }
        Query::Roadmap { alliance } => View::Roadmap(Box::new(roadmap(state, alliance)?)),
        Query::ShareVaults {} => View::ShareVaults(share_vaults(state)),
        Query::ShareVault { vault, account, amount } => {
            View::ShareVault(Box::new(share_vault(state, vault, *account, *amount)?))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_with_its_arguments_and_unknown_fields_are_refused() {
        let a = "0x00000000000000000000000000000000000000a1";
        let args = |kind: &str| -> String {
            match kind {
                "balances" | "account-vesting" | "ve-balance" => format!(r#"{{"account":"{a}"}}"#),
                "alliance" | "proposals" | "council" | "candidates" | "roadmap" => {
                    r#"{"alliance":"dao"}"#.into()
                }
                "compatibility" => r#"{"alliance":"dao","candidate":"yield-dao"}"#.into(),
                "share-vault" => r#"{"vault":"v","amount":"100"}"#.into(),
                "outbox" => r#"{"chain_id":1}"#.into(),
                "proposal" => r#"{"alliance":"dao","proposal":1}"#.into(),
                "votes" => r#"{"alliance":"dao","proposal":1,"limit":5}"#.into(),
                "power" => format!(r#"{{"alliance":"dao","proposal":1,"account":"{a}"}}"#),
                "power-at" => format!(r#"{{"alliance":"dao","account":"{a}","at":7}}"#),
                "vault" => r#"{"vault":"v"}"#.into(),
                "earned" => format!(r#"{{"vault":"v","account":"{a}"}}"#),
                "emission" => r#"{"emission":"e"}"#.into(),
                "vesting" => r#"{"grant":3}"#.into(),
                "split" => r#"{"split":"s"}"#.into(),
                "escrow" | "gauges" => r#"{"at":604800}"#.into(),
                "bribes" => r#"{"gauge":"g"}"#.into(),
                "merkle-root" => r#"{"epoch":2}"#.into(),
                "merkle-proof" => format!(r#"{{"epoch":2,"account":"{a}","token":"GOV"}}"#),
                "board-search" => r#"{"skill":"rust","tz_min":-300}"#.into(),
                "team-overlap" => r#"{"alliance":"dao","min_hours":3}"#.into(),
                "collective" | "missions" => r#"{"collective":"dao"}"#.into(),
                "tier" => format!(r#"{{"collective":"dao","account":"{a}"}}"#),
                "budget-preview" => {
                    r#"{"collective":"dao","season":1,"intent":"grow","approve":[1,2]}"#.into()
                }
                "mission-grant" | "team" | "gives" => r#"{"collective":"dao","mission":3}"#.into(),
                _ => "{}".into(),
            }
        };
        for kind in Query::KINDS {
            let line = format!(r#"{{"query":"{kind}","args":{}}}"#, args(kind));
            let q: Query = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{kind}: {e}"));
            let back = serde_json::to_value(&q).unwrap();
            assert_eq!(back["query"], *kind);
        }
        assert_eq!(Query::KINDS.len(), 41);
        let extra = r#"{"query":"vault","args":{"vault":"v","when":1}}"#;
        let err = serde_json::from_str::<Query>(extra).unwrap_err().to_string();
        assert!(err.contains("unknown field `when`"), "{err}");
        let unknown =
            serde_json::from_str::<Query>(r#"{"query":"treasure","args":{}}"#).unwrap_err().to_string();
        assert!(unknown.contains("unknown variant `treasure`"), "{unknown}");
    }

    #[test]
    fn errors_name_their_field_and_code() {
        let e = QueryError::unknown("vault", "vault", "v9");
        assert_eq!(
            (e.field(), e.code(), e.to_string()),
            ("vault", "unknown_vault", "vault: vault `v9` does not exist".into())
        );
        let e = QueryError::Invalid { field: "at", rule: "must be ≥ 5".into() };
        assert_eq!((e.field(), e.code()), ("at", "at_in_the_past"));
    }
}
