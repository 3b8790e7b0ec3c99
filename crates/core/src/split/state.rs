//! Fee split state: splits by id, their shares and the floor split.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::types::{Address, AllianceId, Amount, Bps, TokenId};

pub use crate::types::SplitId;

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
