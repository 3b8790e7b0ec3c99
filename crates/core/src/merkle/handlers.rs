//! Merkle reward handlers: each validates everything, then writes.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    ClaimMerkleReward, Claimed, Entry, MerkleError, MerkleRewardClaimed, MerkleRootPublished, MerkleRoots,
    PublishMerkleRoot, PublishVaultRewards, PublishedRoot, StandardTree, VaultRewardsSettled,
    distributor_account, leaf_of, verify,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::ledger::Ledger;
use crate::roles::Role;
use crate::types::{Address, Amount, B256, Timestamp, TokenId};

fn bad(index: usize, field: &str, rule: impl Into<String>) -> MerkleError {
    MerkleError::BadEntry { path: format!("body.entries[{index}].{field}"), rule: rule.into() }
}

/// `publish-merkle-root` (admin).
pub fn publish_root(
    roots: &mut MerkleRoots,
    k: &Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &PublishMerkleRoot,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    let root = check_root(roots, k.ledger(), c)?;
    Ok(vec![write_root(roots, at, c, root)])
}

/// Checks a root to publish and returns it; writes nothing.
fn check_root(roots: &MerkleRoots, ledger: &Ledger, c: &PublishMerkleRoot) -> EngineResult<B256> {
    if roots.epochs.contains_key(&c.epoch) {
        return Err(MerkleError::AlreadyPublished { epoch: c.epoch }.into());
    }
    let last = roots.epochs.last_key_value();
    if let Some((&last, _)) = last.filter(|(e, _)| **e > c.epoch) {
        return Err(MerkleError::EpochNotIncreasing { last, got: c.epoch }.into());
    }
    if c.entries.is_empty() {
        return Err(MerkleError::NoEntries.into());
    }
    let previous: BTreeMap<(Address, TokenId), Amount> = last
        .map(|(_, p)| p.entries.iter().map(|e| ((e.account, e.token), e.amount)).collect())
        .unwrap_or_default();
    let mut seen = BTreeSet::new();
    let mut leaves = Vec::with_capacity(c.entries.len());
    for (i, e) in c.entries.iter().enumerate() {
        if e.account.is_zero() {
            return Err(bad(i, "account", "must not be the zero address").into());
        }
        if e.amount.is_zero() {
            return Err(bad(i, "amount", "must be greater than zero").into());
        }
        let leaf = match ledger.tokens.get(&e.token) {
            None => return Err(bad(i, "token", format!("unknown token `{}`", e.token)).into()),
            Some(_) => leaf_of(ledger, e).ok_or_else(|| {
                bad(i, "token", format!("{} has no contract address on its home chain", e.token))
            })?,
        };
        if !seen.insert((e.account, e.token)) {
            return Err(bad(i, "account", format!("{} appears twice for {}", e.account, e.token)).into());
        }
        if let Some(before) = previous.get(&(e.account, e.token)).filter(|b| **b > e.amount) {
            return Err(bad(
                i,
                "amount",
                format!("amounts are cumulative: {} is below the previous epoch's {before}", e.amount),
            )
            .into());
        }
        leaves.push(leaf);
    }
    Ok(StandardTree::build(&leaves).expect("entries are not empty").root())
}

fn write_root(roots: &mut MerkleRoots, at: Timestamp, c: &PublishMerkleRoot, root: B256) -> Event {
    roots.epochs.insert(c.epoch, PublishedRoot { root, published_at: at, entries: c.entries.clone() });
    Event::MerkleRootPublished(MerkleRootPublished { epoch: c.epoch, root, leaves: c.entries.len() as u64 })
}

/// `publish-vault-rewards`: every position's owed rewards move from the vault
/// to [`distributor_account`], and the epoch's root lists, per (account,
/// token), the previous epoch's cumulative amount plus what was settled now —
/// what Concord owes each account in total, claimable by proof here or by an
/// on-chain distributor with the same root. All or nothing.
pub fn publish_vault_rewards(
    roots: &mut MerkleRoots,
    k: &mut Kernel<'_>,
    vaults: &mut crate::vault::VaultState,
    actor: Address,
    at: Timestamp,
    c: &PublishVaultRewards,
) -> EngineResult<Vec<Event>> {
    k.require(Role::Admin, actor)?;
    let settlement = crate::vault::plan_settlement(vaults, &c.vault, at, distributor_account())?;
    let mut cumulative: BTreeMap<(Address, TokenId), Amount> = roots
        .epochs
        .last_key_value()
        .map(|(_, p)| p.entries.iter().map(|e| ((e.account, e.token), e.amount)).collect())
        .unwrap_or_default();
    if settlement.amounts.is_empty() {
        return Err(MerkleError::BadEntry {
            path: "body.vault".into(),
            rule: format!("vault `{}` owes no rewards to settle", c.vault),
        }
        .into());
    }
    let overflow = || MerkleError::BadEntry {
        path: "body.vault".into(),
        rule: "a cumulative amount would exceed 2^128 - 1".into(),
    };
    let mut totals: BTreeMap<TokenId, Amount> = BTreeMap::new();
    for ((account, token), amount) in &settlement.amounts {
        let slot = cumulative.entry((*account, *token)).or_default();
        *slot = slot.checked_add(*amount).ok_or_else(overflow)?;
        let total = totals.entry(*token).or_default();
        *total = total.checked_add(*amount).ok_or_else(overflow)?;
    }
    let publish = PublishMerkleRoot {
        epoch: c.epoch,
        entries: cumulative
            .into_iter()
            .map(|((account, token), amount)| Entry { account, token, amount })
            .collect(),
    };
    let root = check_root(roots, k.ledger(), &publish)?;
    k.check(&settlement.plan, at)?;
    let accounts = settlement.amounts.keys().map(|(a, _)| *a).collect::<BTreeSet<_>>().len() as u64;
    let mut events = crate::vault::apply_settlement(vaults, k, at, settlement);
    events.push(Event::VaultRewardsSettled(VaultRewardsSettled {
        vault: c.vault.clone(),
        epoch: c.epoch,
        accounts,
        totals,
    }));
    events.push(write_root(roots, at, &publish, root));
    Ok(events)
}

/// `claim-merkle-reward`: verifies the proof and pays `amount − claimed`.
pub fn claim(
    roots: &mut MerkleRoots,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &ClaimMerkleReward,
) -> EngineResult<Vec<Event>> {
    let published = roots.epochs.get(&c.epoch).ok_or(MerkleError::UnknownEpoch { epoch: c.epoch })?;
    let claimed = roots.claimed.get(&actor).and_then(|t| t.get(&c.token)).copied();
    if let Some(claimed) = claimed.filter(|cl| cl.epoch >= c.epoch) {
        return Err(MerkleError::AlreadyClaimed {
            token: c.token,
            claimed_epoch: claimed.epoch,
            epoch: c.epoch,
        }
        .into());
    }
    k.ledger().token(c.token, "body.token")?;
    let entry = Entry { account: actor, token: c.token, amount: c.amount };
    let leaf = leaf_of(k.ledger(), &entry).ok_or(MerkleError::NoContract { token: c.token })?;
    if !verify(published.root, &leaf, &c.proof) {
        return Err(MerkleError::InvalidProof { epoch: c.epoch, amount: c.amount }.into());
    }
    let before = claimed.map_or(Amount::ZERO, |cl| cl.amount);
    let paid = c
        .amount
        .checked_sub(before)
        .filter(|p| !p.is_zero())
        .ok_or(MerkleError::NothingToClaim { amount: c.amount, claimed: before })?;
    let mut events = k.transact(Plan::transfer_one(c.token, distributor_account(), actor, paid), at)?;
    roots.claimed.entry(actor).or_default().insert(c.token, Claimed { amount: c.amount, epoch: c.epoch });
    events.push(Event::MerkleRewardClaimed(MerkleRewardClaimed {
        account: actor,
        epoch: c.epoch,
        token: c.token,
        cumulative: c.amount,
        paid,
    }));
    Ok(events)
}
