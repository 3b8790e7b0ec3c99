//! Ledger and alliance reads: balances at a time, tokens, alliances, the outbox.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{QueryError, QueryResult};
use crate::alliance::{Alliance, AllianceModel, CommitmentStatus};
use crate::engine::State;
use crate::ledger::{OutboundMessage, Token};
use crate::types::{Address, AllianceId, Amount, Timestamp, TokenId};

/// Most outbox messages in one answer.
pub const MAX_OUTBOX_PAGE: usize = 1000;

/// An account's balances and next nonce.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalancesView {
    /// The account.
    pub address: Address,
    /// Its next nonce.
    pub nonce: u64,
    /// The time asked for (`null`: now).
    pub at: Option<Timestamp>,
    /// Balance of every registered token, in base units.
    pub balances: BTreeMap<TokenId, Amount>,
}

/// Balances of every token at the end of `at` (default: now).
pub fn balances(state: &State, account: Address, at: Option<Timestamp>) -> BalancesView {
    let ledger = &state.ledger;
    let balance = |t: TokenId| match at {
        Some(at) => ledger.balance_at(account, t, at),
        None => ledger.balance(account, t),
    };
    BalancesView {
        address: account,
        nonce: state.nonces.get(&account).copied().unwrap_or(0),
        at,
        balances: ledger.tokens.keys().map(|t| (*t, balance(*t))).collect(),
    }
}

/// A token and its supply counters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    /// The token's definition.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub token: Token,
    /// Supply in the hub now.
    pub total_supply: Amount,
    /// Σ minted.
    pub minted: Amount,
    /// Σ burned.
    pub burned: Amount,
    /// Σ deposited from the home chain.
    pub deposited: Amount,
    /// Σ withdrawn to the home chain.
    pub withdrawn: Amount,
}

/// Every registered token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokensView {
    /// By id.
    pub tokens: Vec<TokenView>,
}

/// Registered tokens with their supply.
pub fn tokens(state: &State) -> TokensView {
    let tokens = state
        .ledger
        .tokens
        .values()
        .map(|e| TokenView {
            token: e.token.clone(),
            total_supply: e.supply.total.latest(),
            minted: e.supply.minted,
            burned: e.supply.burned,
            deposited: e.supply.deposited,
            withdrawn: e.supply.withdrawn,
        })
        .collect();
    TokensView { tokens }
}

/// An alliance, its treasury balances and its commitments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllianceView {
    /// The alliance (spec, treasury, contributions).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub alliance: Alliance,
    /// The treasury's balance of every token.
    pub treasury_balances: BTreeMap<TokenId, Amount>,
    /// Each commitment of the agreement against what was delivered.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub commitments: Vec<CommitmentStatus>,
}

/// One alliance.
pub fn alliance(state: &State, id: &AllianceId) -> QueryResult<AllianceView> {
    let alliance = state.alliances.get(id).ok_or_else(|| QueryError::unknown("alliance", "alliance", id))?;
    let treasury_balances =
        state.ledger.tokens.keys().map(|t| (*t, state.ledger.balance(alliance.treasury, *t))).collect();
    Ok(AllianceView {
        alliance: alliance.clone(),
        treasury_balances,
        commitments: alliance.commitments(state.clock),
    })
}

/// An alliance in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllianceSummary {
    /// Its id.
    pub id: AllianceId,
    /// Its name.
    pub name: String,
    /// Its model.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub model: AllianceModel,
    /// Its leader.
    pub leader: Address,
    /// Number of members (any status).
    pub members: usize,
}

/// Every alliance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlliancesView {
    /// By id.
    pub alliances: Vec<AllianceSummary>,
}

/// Every alliance, summarised.
pub fn alliances(state: &State) -> AlliancesView {
    let alliances = state
        .alliances
        .values()
        .map(|a| AllianceSummary {
            id: a.spec.id.clone(),
            name: a.spec.name.clone(),
            model: a.spec.model,
            leader: a.spec.leader,
            members: a.spec.members.len(),
        })
        .collect();
    AlliancesView { alliances }
}

/// Queued withdrawals to one chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxView {
    /// The destination chain.
    pub chain_id: u64,
    /// The last nonce used (the number of messages).
    pub last_nonce: usize,
    /// Messages after the nonce asked for, in nonce order (at most 1000).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub messages: Vec<OutboundMessage>,
}

/// Withdrawals to `chain_id` with a nonce above `after`.
pub fn outbox(state: &State, chain_id: u64, after: u64) -> OutboxView {
    let empty = Vec::new();
    let all = state.ledger.outboxes.get(&crate::types::ChainId(chain_id)).map_or(&empty, |o| &o.messages);
    // Nonces start at 1 and are dense, so the message with nonce n sits at index n - 1.
    let start = usize::try_from(after).unwrap_or(usize::MAX).min(all.len());
    let page = all[start..(start + MAX_OUTBOX_PAGE).min(all.len())].to_vec();
    OutboxView { chain_id, last_nonce: all.len(), messages: page }
}
