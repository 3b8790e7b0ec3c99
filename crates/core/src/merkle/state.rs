//! The Merkle module's state: published roots with their entries, claims,
//! and the leaves, trees and proofs rebuilt from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Leaf, StandardTree, leaf_hash};
use crate::ledger::Ledger;
use crate::types::{Address, Amount, B256, Timestamp, TokenId};

/// The account that pays Merkle claims.
pub fn distributor_account() -> Address {
    Address::derived("merkle")
}

/// One leaf as the engine stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Who can claim.
    pub account: Address,
    /// The hub token (its contract address goes in the leaf).
    pub token: TokenId,
    /// Cumulative claimable amount.
    pub amount: Amount,
}

/// A published epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedRoot {
    /// The tree's root.
    pub root: B256,
    /// When it was published.
    pub published_at: Timestamp,
    /// The leaves, in the order given.
    pub entries: Vec<Entry>,
}

/// What an (account, token) has claimed so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claimed {
    /// Cumulative amount paid.
    pub amount: Amount,
    /// The epoch of the last claim.
    pub epoch: u64,
}

/// The Merkle module's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerkleRoots {
    /// Published roots by epoch.
    pub epochs: BTreeMap<u64, PublishedRoot>,
    /// Claims by account, then token.
    pub claimed: BTreeMap<Address, BTreeMap<TokenId, Claimed>>,
}

/// The leaf of an entry: the token's contract address, or `None` without one.
pub fn leaf_of(ledger: &Ledger, entry: &Entry) -> Option<Leaf> {
    let contract = ledger.tokens.get(&entry.token)?.token.contract?;
    Some(Leaf {
        account: entry.account.0,
        token: contract.0,
        amount: alloy_primitives::U256::from(entry.amount.0),
    })
}

/// The tree of a published epoch (rebuilt from its entries).
pub fn tree_of(ledger: &Ledger, published: &PublishedRoot) -> StandardTree {
    let leaves: Vec<Leaf> =
        published.entries.iter().map(|e| leaf_of(ledger, e).expect("checked at publication")).collect();
    StandardTree::build(&leaves).expect("published roots have entries")
}

/// A proof for (epoch, account, token): the entry, its leaf hash and proof.
pub fn proof_for(
    roots: &MerkleRoots,
    ledger: &Ledger,
    epoch: u64,
    account: Address,
    token: TokenId,
) -> Option<(B256, Entry, B256, Vec<B256>)> {
    let published = roots.epochs.get(&epoch)?;
    let index = published.entries.iter().position(|e| e.account == account && e.token == token)?;
    let tree = tree_of(ledger, published);
    let entry = published.entries[index];
    let leaf = leaf_hash(&tree.values[index].0);
    Some((published.root, entry, leaf, tree.proof(index)?))
}
