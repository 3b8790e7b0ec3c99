//! What the hub keeps of a member's exit: when it started, and for a
//! liquidity-pool alliance the tranches in which its joint-vault shares
//! unbond (each a lock-up on the shares, so liquidity leaves gradually).

use serde::{Deserialize, Serialize};

use crate::types::{Amount, Timestamp, VaultId};

/// One tranche of an exiting member's shares in a joint vault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tranche {
    /// The share vault.
    pub vault: VaultId,
    /// Shares in this tranche.
    pub shares: Amount,
    /// First second they may be redeemed.
    pub unlock_at: Timestamp,
}

/// A member's exit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitRecord {
    /// When the member gave notice.
    pub started: Timestamp,
    /// When the exit is complete (the last tranche unlocks); equal to
    /// `started` for an immediate exit.
    pub ends: Timestamp,
    /// The unbonding tranches (liquidity-pool alliances).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tranches: Vec<Tranche>,
    /// Assets left in joint vaults as the exit penalty (revenue sharing), by vault.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalties: Vec<(VaultId, Amount)>,
}

/// Splits `shares` into `count` tranches unlocking evenly over
/// `[start, start + span]`: tranche `i` (1-based) unlocks at
/// `start + ⌊span · i / count⌋` and holds `⌊S · i / count⌋ − ⌊S · (i − 1) / count⌋`
/// shares (floors, so the tranches sum to exactly `S`; the last unlocks at the end).
pub fn tranches(shares: Amount, count: u32, start: Timestamp, span_secs: u64) -> Vec<(Amount, Timestamp)> {
    let n = u128::from(count.max(1));
    let cumulative = |i: u128| shares.mul_div_floor(i, n).expect("i ≤ n keeps the product within S");
    (1..=n)
        .map(|i| {
            let amount = cumulative(i).checked_sub(cumulative(i - 1)).expect("cumulative floors grow");
            let offset = u64::try_from(u128::from(span_secs) * i / n).expect("at most span_secs");
            (amount, Timestamp(start.0.saturating_add(offset)))
        })
        .filter(|(a, _)| !a.is_zero())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tranches_split_exactly_and_unlock_evenly() {
        // 1000 shares over 14 days in 3 tranches: ⌊1000/3⌋ = 333, ⌊2000/3⌋ = 666, 1000.
        let day = 86_400;
        let t = tranches(Amount(1000), 3, Timestamp(100), 14 * day);
        assert_eq!(
            t,
            vec![
                (Amount(333), Timestamp(100 + 14 * day / 3)),
                (Amount(333), Timestamp(100 + 28 * day / 3)),
                (Amount(334), Timestamp(100 + 14 * day)),
            ]
        );
        // Fewer shares than tranches: the empty tranches are left out.
        let t = tranches(Amount(2), 4, Timestamp(0), 40);
        assert_eq!(t, vec![(Amount(1), Timestamp(20)), (Amount(1), Timestamp(40))]);
    }
}
