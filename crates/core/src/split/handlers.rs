//! Fee split handlers: each validates everything, then writes.

use std::collections::BTreeMap;

use super::{
    CreateSplit, DistributeFees, FeesDistributed, Payout, Split, SplitCreated, SplitError, SplitState,
    check_shares, split_floor,
};
use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::types::{Address, Amount, Timestamp};

/// `create-split`.
pub(crate) fn create(
    splits: &mut SplitState,
    k: &Kernel<'_>,
    actor: Address,
    c: &CreateSplit,
) -> EngineResult<Vec<Event>> {
    if splits.splits.contains_key(&c.id) {
        return Err(SplitError::DuplicateSplit { split: c.id.clone() }.into());
    }
    k.require_admin_or_leader(actor, &c.alliance)?;
    check_shares(&c.shares, "body.shares")
        .map_err(|(path, rule)| SplitError::InvalidShares { path, rule })?;
    if c.dust_recipient.is_zero() {
        return Err(SplitError::ZeroDustRecipient.into());
    }
    splits.splits.insert(
        c.id.clone(),
        Split {
            id: c.id.clone(),
            alliance: c.alliance.clone(),
            shares: c.shares.clone(),
            dust_recipient: c.dust_recipient,
            volume: BTreeMap::new(),
            distributions: 0,
        },
    );
    Ok(vec![Event::SplitCreated(SplitCreated {
        split: c.id.clone(),
        alliance: c.alliance.clone(),
        shares: c.shares.clone(),
        dust_recipient: c.dust_recipient,
    })])
}

/// `distribute-fees`.
pub(crate) fn distribute(
    splits: &mut SplitState,
    k: &mut Kernel<'_>,
    actor: Address,
    at: Timestamp,
    c: &DistributeFees,
) -> EngineResult<Vec<Event>> {
    let split =
        splits.splits.get(&c.split).ok_or_else(|| SplitError::UnknownSplit { split: c.split.clone() })?;
    k.ledger().token(c.token, "body.token")?;
    if c.amount.is_zero() {
        return Err(SplitError::ZeroAmount.into());
    }
    let weights: Vec<u128> = split.shares.iter().map(|s| u128::from(s.bps.0)).collect();
    let (parts, dust) = split_floor(c.amount, &weights).expect("shares sum to 10000");
    let mut plan = Plan::default();
    let payouts: Vec<Payout> =
        split.shares.iter().zip(&parts).map(|(s, a)| Payout { recipient: s.recipient, amount: *a }).collect();
    for p in &payouts {
        plan.transfer(c.token, actor, p.recipient, p.amount);
    }
    plan.transfer(c.token, actor, split.dust_recipient, dust);
    let volume = split
        .volume
        .get(&c.token)
        .copied()
        .unwrap_or(Amount::ZERO)
        .checked_add(c.amount)
        .ok_or(crate::ledger::LedgerError::Overflow { what: "a split's fee volume", token: c.token })?;
    let dust_recipient = split.dust_recipient;
    let mut events = k.transact(plan, at)?;
    let split = splits.splits.get_mut(&c.split).expect("split checked above");
    split.volume.insert(c.token, volume);
    split.distributions += 1;
    events.push(Event::FeesDistributed(FeesDistributed {
        split: c.split.clone(),
        token: c.token,
        payer: actor,
        amount: c.amount,
        payouts,
        dust,
        dust_recipient,
    }));
    Ok(events)
}
