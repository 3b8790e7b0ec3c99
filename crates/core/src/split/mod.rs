//! Fee splits: shares in bps summing to exactly 10 000 (the seed's example:
//! 6 000 to the protocol, 4 000 to the alliance treasury). Each share is
//! `⌊amount · bps / 10 000⌋` (floor: no recipient is paid a fraction it is
//! not owed); the remainder, `amount − Σ shares` (< number of shares), goes to
//! the split's named dust recipient. Every distribution is an event and adds
//! to the split's per-token volume, for the volume KPI.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::command::Event;
use crate::error::EngineResult;
use crate::kernel::{Kernel, Plan};
use crate::types::{Address, AllianceId, Amount, Bps, Timestamp, TokenId};

/// A split's id: a slug with the same rules as an alliance id.
pub type SplitId = AllianceId;

/// Most shares in one split.
pub const MAX_SHARES: usize = 16;

/// One recipient's share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    /// Who is paid.
    pub recipient: Address,
    /// Their share in bps (> 0).
    pub bps: Bps,
}

/// A fee split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// Its id.
    pub id: SplitId,
    /// The alliance it belongs to.
    pub alliance: AllianceId,
    /// The shares, summing to 10 000 bps.
    pub shares: Vec<Share>,
    /// Who receives the rounding remainder.
    pub dust_recipient: Address,
    /// Cumulative fees distributed per token (the volume KPI's input).
    pub volume: BTreeMap<TokenId, Amount>,
    /// Number of distributions.
    pub distributions: u64,
}

/// Splits by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitState {
    /// Every split.
    pub splits: BTreeMap<SplitId, Split>,
}

/// Why a split command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// No split has this id.
    #[error("body.split: unknown split `{split}`")]
    UnknownSplit {
        /// The id.
        split: SplitId,
    },
    /// A split with this id exists.
    #[error("body.id: split `{split}` already exists")]
    DuplicateSplit {
        /// The id.
        split: SplitId,
    },
    /// The shares break a rule.
    #[error("{path}: {rule}")]
    InvalidShares {
        /// The offending field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// The dust recipient cannot be the zero address.
    #[error("body.dust_recipient: must not be the zero address")]
    ZeroDustRecipient,
    /// Fees must be positive.
    #[error("body.amount: must be greater than zero")]
    ZeroAmount,
}

impl SplitError {
    /// The command field the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::UnknownSplit { .. } => "body.split",
            Self::DuplicateSplit { .. } => "body.id",
            Self::InvalidShares { path, .. } => path,
            Self::ZeroDustRecipient => "body.dust_recipient",
            Self::ZeroAmount => "body.amount",
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownSplit { .. } => "unknown_split",
            Self::DuplicateSplit { .. } => "duplicate_split",
            Self::InvalidShares { .. } => "invalid_shares",
            Self::ZeroDustRecipient => "zero_address",
            Self::ZeroAmount => "zero_amount",
        }
    }
}

/// Split result.
pub type SplitResult<T> = Result<T, SplitError>;

/// Create a fee split (a hub admin or the alliance's leader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSplit {
    /// New id.
    pub id: SplitId,
    /// The alliance it belongs to.
    pub alliance: AllianceId,
    /// 1 to 16 shares, distinct recipients, each > 0 bps, summing to exactly 10 000.
    pub shares: Vec<Share>,
    /// Who receives the rounding remainder.
    pub dust_recipient: Address,
}

/// Pay fees from the actor's balance through a split (anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributeFees {
    /// The split.
    pub split: SplitId,
    /// The fee token.
    pub token: TokenId,
    /// Amount in base units.
    pub amount: Amount,
}

/// A split was created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitCreated {
    /// Its id.
    pub split: SplitId,
    /// Its alliance.
    pub alliance: AllianceId,
    /// The shares.
    pub shares: Vec<Share>,
    /// The dust recipient.
    pub dust_recipient: Address,
}

/// One payment of a distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// Who was paid.
    pub recipient: Address,
    /// How much.
    pub amount: Amount,
}

/// Fees were distributed (a fee event: the volume KPI's input).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeesDistributed {
    /// The split.
    pub split: SplitId,
    /// The fee token.
    pub token: TokenId,
    /// Who paid.
    pub payer: Address,
    /// The whole fee.
    pub amount: Amount,
    /// One payout per share, in share order (floor of amount · bps / 10 000).
    pub payouts: Vec<Payout>,
    /// The remainder paid to the dust recipient.
    pub dust: Amount,
    /// The dust recipient.
    pub dust_recipient: Address,
}

/// Splits `amount` by weights: each part `⌊amount · weight / Σ weights⌋`
/// (floor), and the remainder (< number of weights when all are positive).
/// Returns `None` if the weights sum to zero.
pub fn split_floor(amount: Amount, weights: &[u128]) -> Option<(Vec<Amount>, Amount)> {
    let total: u128 = weights.iter().try_fold(0u128, |s, w| s.checked_add(*w))?;
    if total == 0 {
        return None;
    }
    let parts: Vec<Amount> = weights
        .iter()
        .map(|w| amount.mul_div_floor(*w, total).expect("a part is at most the amount"))
        .collect();
    // Σ ⌊a·wᵢ/W⌋ ≤ ⌊a·Σwᵢ/W⌋ = a, so this cannot underflow.
    let paid =
        parts.iter().fold(Amount::ZERO, |s, p| s.checked_add(*p).expect("parts sum to at most the amount"));
    Some((parts, amount.checked_sub(paid).expect("parts sum to at most the amount")))
}

/// Checks a list of shares: 1 to 16, distinct non-zero recipients, each > 0
/// bps, summing to exactly 10 000. Returns the first broken rule.
pub fn check_shares(shares: &[Share], path: &str) -> Result<(), (String, String)> {
    if shares.is_empty() || shares.len() > MAX_SHARES {
        return Err((path.to_owned(), format!("must have 1 to {MAX_SHARES} shares, got {}", shares.len())));
    }
    let mut seen = BTreeSet::new();
    let mut sum: u32 = 0;
    for (i, s) in shares.iter().enumerate() {
        if s.recipient.is_zero() {
            return Err((format!("{path}[{i}].recipient"), "must not be the zero address".into()));
        }
        if !seen.insert(s.recipient) {
            return Err((format!("{path}[{i}].recipient"), format!("{} appears twice", s.recipient)));
        }
        if s.bps.0 == 0 || !s.bps.is_valid() {
            return Err((format!("{path}[{i}].bps"), format!("must be 1 to 10000, got {}", s.bps.0)));
        }
        sum += u32::from(s.bps.0);
    }
    if sum != 10_000 {
        return Err((path.to_owned(), format!("bps must sum to exactly 10000, got {sum}")));
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_floor_gives_the_remainder_separately() {
        // 101 by 60/40: 60.6 → 60, 40.4 → 40, remainder 1.
        let (parts, dust) = split_floor(Amount(101), &[6_000, 4_000]).unwrap();
        assert_eq!(parts, vec![Amount(60), Amount(40)]);
        assert_eq!(dust, Amount(1));
        assert_eq!(split_floor(Amount(5), &[0, 0]), None);
    }
}
