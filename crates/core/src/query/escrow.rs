//! Vote-escrow, gauge and Merkle reads: ve power at a time (Curve
//! `balanceOf(addr, t)`, `totalSupply(t)`), gauge weights, vote-incentive
//! pools, published roots and proofs (OpenZeppelin `StandardMerkleTree`).

use std::collections::BTreeMap;

use alloy_primitives::B256;
use serde::Serialize;

use super::{QueryError, QueryResult, at_or_clock};
use crate::engine::State;
use crate::escrow::{EscrowConfig, Lock, escrow_account, ve_balance_at, ve_total_at, week_floor};
use crate::gauge::{BribePool, GaugeParams, bribe_account, fee_recipient};
use crate::merkle::{Entry, distributor_account, proof_for};
use crate::types::{Address, Amount, GaugeId, Timestamp, TokenId, VaultId};

/// The vote-escrow's settings and totals at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscrowView {
    /// Settings (`null` before `create-escrow`).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub config: Option<EscrowConfig>,
    /// The account that holds locked tokens.
    pub account: Address,
    /// The time asked for.
    pub at: Timestamp,
    /// Total ve power at `at`.
    pub total_power: Amount,
    /// Tokens locked now (`null` before `create-escrow`).
    pub locked: Option<Amount>,
    /// Number of current locks.
    pub holders: usize,
}

/// The escrow at `at` (default: now; any time, past or future).
pub fn escrow(state: &State, at: Option<Timestamp>) -> EscrowView {
    let at = at_or_clock(state, at);
    let escrow = &state.escrow;
    EscrowView {
        config: escrow.config.clone(),
        account: escrow_account(),
        at,
        total_power: Amount(ve_total_at(escrow, at)),
        locked: escrow.config.as_ref().map(|c| state.ledger.balance(escrow_account(), c.token)),
        holders: escrow.locks.len(),
    }
}

/// A holder's lock and ve power at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VeBalanceView {
    /// The holder.
    pub address: Address,
    /// The time asked for.
    pub at: Timestamp,
    /// The current lock (`null`: none).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub lock: Option<Lock>,
    /// ve power at `at`.
    pub power: Amount,
    /// Bps of ve power given to gauges (of 10 000).
    pub gauge_bps_used: u16,
}

/// `account`'s ve power at `at` (default: now).
pub fn ve_balance(state: &State, account: Address, at: Option<Timestamp>) -> VeBalanceView {
    let at = at_or_clock(state, at);
    VeBalanceView {
        address: account,
        at,
        lock: state.escrow.locks.get(&account).copied(),
        power: Amount(ve_balance_at(&state.escrow, account, at)),
        gauge_bps_used: state.gauges.power_used.get(&account).copied().unwrap_or(0),
    }
}

/// A gauge's weight in an epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GaugeView {
    /// Its id.
    pub id: GaugeId,
    /// The vault it directs emissions to.
    pub target: VaultId,
    /// Its weight (ve power voted for it).
    pub weight: Amount,
    /// Its share of the total weight, 1e18 = 100 % (floor).
    pub relative_weight: Amount,
}

/// The gauges in the epoch containing a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GaugesView {
    /// Start of the epoch (a week boundary).
    pub epoch: Timestamp,
    /// Σ gauge weights.
    pub total_weight: Amount,
    /// Settings.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: GaugeParams,
    /// Who receives incentive-deposit fees.
    pub fee_recipient: Address,
    /// By id.
    pub gauges: Vec<GaugeView>,
}

/// Gauge weights in the epoch containing `at` (default: now).
pub fn gauges(state: &State, at: Option<Timestamp>) -> GaugesView {
    let epoch = Timestamp(week_floor(at_or_clock(state, at).0));
    let g = &state.gauges;
    let relative = g.relative_weights(epoch);
    let gauges = g
        .gauges
        .iter()
        .map(|(id, gauge)| GaugeView {
            id: id.clone(),
            target: gauge.target.clone(),
            weight: Amount(g.gauge_weight_at(id, epoch)),
            relative_weight: Amount(relative.get(id).copied().unwrap_or(0)),
        })
        .collect();
    GaugesView {
        epoch,
        total_weight: Amount(g.total_weight_at(epoch)),
        params: g.params.clone(),
        fee_recipient: fee_recipient(g, &state.hub.genesis_alliance),
        gauges,
    }
}

/// A gauge's vote-incentive pools.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BribesView {
    /// The gauge.
    pub gauge: GaugeId,
    /// The account that holds the deposits.
    pub account: Address,
    /// Pools by epoch, then token (`null`: none yet).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub pools: Option<BTreeMap<Timestamp, BTreeMap<TokenId, BribePool>>>,
}

/// The incentive pools of `gauge`.
pub fn bribes(state: &State, gauge: &GaugeId) -> QueryResult<BribesView> {
    if !state.gauges.gauges.contains_key(gauge) {
        return Err(QueryError::unknown("gauge", "gauge", gauge));
    }
    Ok(BribesView {
        gauge: gauge.clone(),
        account: bribe_account(),
        pools: state.gauges.bribes.get(gauge).cloned(),
    })
}

/// A published root, summarised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RootSummary {
    /// The epoch.
    pub epoch: u64,
    /// The root.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub root: B256,
    /// Number of leaves.
    pub leaves: usize,
    /// When it was published.
    pub published_at: Timestamp,
}

/// Every published root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerkleRootsView {
    /// The account that pays claims.
    pub distributor: Address,
    /// By epoch.
    pub roots: Vec<RootSummary>,
}

/// Published roots by epoch.
pub fn merkle_roots(state: &State) -> MerkleRootsView {
    let roots = state
        .merkle
        .epochs
        .iter()
        .map(|(epoch, p)| RootSummary {
            epoch: *epoch,
            root: p.root,
            leaves: p.entries.len(),
            published_at: p.published_at,
        })
        .collect();
    MerkleRootsView { distributor: distributor_account(), roots }
}

/// The ABI types of a leaf's values, in order.
pub const LEAF_ENCODING: [&str; 3] = ["address", "address", "uint256"];

/// One epoch's root and entries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerkleRootView {
    /// The epoch.
    pub epoch: u64,
    /// The root.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub root: B256,
    /// When it was published.
    pub published_at: Timestamp,
    /// The ABI types of a leaf (`address account, address token, uint256 amount`).
    pub leaf_encoding: [&'static str; 3],
    /// The leaves, in the order published.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub entries: Vec<Entry>,
}

fn no_root(epoch: u64) -> QueryError {
    QueryError::Unknown { what: "epoch", field: "epoch", id: epoch.to_string() }
}

/// The root of `epoch`.
pub fn merkle_root(state: &State, epoch: u64) -> QueryResult<MerkleRootView> {
    let p = state.merkle.epochs.get(&epoch).ok_or_else(|| no_root(epoch))?;
    Ok(MerkleRootView {
        epoch,
        root: p.root,
        published_at: p.published_at,
        leaf_encoding: LEAF_ENCODING,
        entries: p.entries.clone(),
    })
}

/// A claim's leaf and proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerkleProofView {
    /// The epoch.
    pub epoch: u64,
    /// The root.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub root: B256,
    /// The claimant.
    pub account: Address,
    /// The hub token.
    pub token: TokenId,
    /// Its contract address (in the leaf).
    pub token_address: Option<Address>,
    /// Cumulative claimable amount.
    pub amount: Amount,
    /// The leaf's values: `[account, token_address, amount]`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub value: (Address, Option<Address>, Amount),
    /// The leaf hash.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub leaf: B256,
    /// Sibling hashes from the leaf up.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub proof: Vec<B256>,
}

/// The proof of (`epoch`, `account`, `token`).
pub fn merkle_proof(
    state: &State,
    epoch: u64,
    account: Address,
    token: TokenId,
) -> QueryResult<MerkleProofView> {
    if !state.merkle.epochs.contains_key(&epoch) {
        return Err(no_root(epoch));
    }
    let (root, entry, leaf, proof) = proof_for(&state.merkle, &state.ledger, epoch, account, token)
        .ok_or_else(|| QueryError::Unknown {
            what: "leaf",
            field: "account",
            id: format!("{token} for {account} in epoch {epoch}"),
        })?;
    let token_address = state.ledger.tokens.get(&token).and_then(|e| e.token.contract);
    Ok(MerkleProofView {
        epoch,
        root,
        account,
        token,
        token_address,
        amount: entry.amount,
        value: (account, token_address, entry.amount),
        leaf,
        proof,
    })
}
