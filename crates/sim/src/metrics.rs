//! The metric columns and the statistics computed from engine figures
//! (Gini coefficient, Nakamoto coefficient). Floats here are displayed
//! statistics only; every amount they start from is the engine's integer.

use crate::scenario::Scenario;

/// The fixed metric columns, in CSV order (then one `price_<TOKEN>` per market token).
pub const BASE_METRICS: &[&str] = &[
    "tvl",
    "apr",
    "staked_tokens",
    "stakers",
    "retention",
    "emitted_tokens",
    "emissions_value",
    "sell_pressure",
    "treasury_value",
    "treasury_runway_days",
    "participation",
    "gini",
    "nakamoto",
    "sybil_vote_share",
    "rejected_commands",
];

/// Index of each base metric in a row.
#[allow(missing_docs)]
pub mod col {
    pub const TVL: usize = 0;
    pub const APR: usize = 1;
    pub const STAKED: usize = 2;
    pub const STAKERS: usize = 3;
    pub const RETENTION: usize = 4;
    pub const EMITTED: usize = 5;
    pub const EMISSIONS_VALUE: usize = 6;
    pub const SELL: usize = 7;
    pub const TREASURY: usize = 8;
    pub const RUNWAY: usize = 9;
    pub const PARTICIPATION: usize = 10;
    pub const GINI: usize = 11;
    pub const NAKAMOTO: usize = 12;
    pub const SYBIL_SHARE: usize = 13;
    pub const REJECTED: usize = 14;
    /// The first price column.
    pub const PRICES: usize = 15;
}

/// Every metric column of a scenario: the base metrics, then `price_<TOKEN>`.
pub fn columns(scenario: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = BASE_METRICS.iter().map(|s| (*s).to_owned()).collect();
    out.extend(scenario.market.tokens.iter().map(|t| format!("price_{}", t.token)));
    out
}

/// Gini coefficient of non-negative weights: `Σ_i (2i − n − 1) x_(i) / (n Σ x)`
/// over the weights sorted ascending (i from 1), summed in that order.
/// 0 when all are equal; `None` when there are none or they sum to 0.
pub fn gini(weights: &[u128]) -> Option<f64> {
    let mut sorted: Vec<u128> = weights.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let total: f64 = sorted.iter().map(|w| *w as f64).sum();
    if n == 0 || total == 0.0 {
        return None;
    }
    let nf = n as f64;
    let weighted: f64 =
        sorted.iter().enumerate().map(|(i, w)| (2.0 * (i as f64 + 1.0) - nf - 1.0) * *w as f64).sum();
    Some(weighted / (nf * total))
}

/// Nakamoto coefficient: the fewest accounts whose weights together exceed
/// half of the total (exact integer comparison); `None` when the total is 0.
pub fn nakamoto(weights: &[u128]) -> Option<u64> {
    let mut sorted: Vec<u128> = weights.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let total: u128 = sorted.iter().fold(0u128, |a, b| a.saturating_add(*b));
    if total == 0 {
        return None;
    }
    let mut sum = 0u128;
    for (i, w) in sorted.iter().enumerate() {
        sum = sum.saturating_add(*w);
        // sum > total / 2, without rounding: 2·sum > total.
        if sum.saturating_mul(2) > total {
            return Some(i as u64 + 1);
        }
    }
    Some(sorted.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_by_hand() {
        assert_eq!(gini(&[5, 5, 5, 5]), Some(0.0));
        // One of four holds everything: (2·4 − 5)·x / (4·x) = 3/4.
        assert_eq!(gini(&[0, 0, 0, 8]), Some(0.75));
        // [1, 2, 3]: (−2·1 + 0·2 + 2·3) / (3 · 6) = 4/18.
        assert!((gini(&[3, 1, 2]).unwrap() - 4.0 / 18.0).abs() < 1e-15);
        assert_eq!(gini(&[]), None);
        assert_eq!(gini(&[0, 0]), None);
    }

    #[test]
    fn nakamoto_by_hand() {
        // 50 is not more than half of 100; 50 + 30 is.
        assert_eq!(nakamoto(&[30, 50, 20]), Some(2));
        assert_eq!(nakamoto(&[51, 49]), Some(1));
        assert_eq!(nakamoto(&[25, 25, 25, 25]), Some(3));
        assert_eq!(nakamoto(&[]), None);
    }
}
