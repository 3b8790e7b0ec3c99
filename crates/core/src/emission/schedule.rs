//! Emission schedules and their arithmetic: the amount of each epoch from
//! the previous one.

use serde::{Deserialize, Serialize};

use crate::types::{Amount, Bps};

/// 1.0 in the exponential factor's fixed point.
pub const FACTOR_ONE: u128 = 1_000_000_000_000_000_000;

/// An emission schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Schedule {
    /// The same amount every epoch.
    Constant {
        /// Amount per epoch.
        per_epoch: Amount,
    },
    /// Decreases by a fixed amount each epoch, down to zero.
    LinearDecay {
        /// First epoch's amount.
        initial: Amount,
        /// Decrease per epoch.
        decrease_per_epoch: Amount,
    },
    /// Multiplied by `factor / 1e18` each epoch (floor each step).
    ExponentialDecay {
        /// First epoch's amount.
        initial: Amount,
        /// Per-epoch factor in 1e18 fixed point, 1 to 1e18 − 1.
        factor: Amount,
    },
    /// Multiplied by `factor_bps / 10000` every `period_epochs` (floor each step).
    Step {
        /// First epoch's amount.
        initial: Amount,
        /// Epochs per step (≥ 1).
        period_epochs: u64,
        /// Factor per step in bps (0 to 10000; 5000 halves).
        factor_bps: Bps,
    },
}

impl Schedule {
    /// The first epoch's amount.
    pub fn initial(&self) -> Amount {
        match self {
            Self::Constant { per_epoch } => *per_epoch,
            Self::LinearDecay { initial, .. }
            | Self::ExponentialDecay { initial, .. }
            | Self::Step { initial, .. } => *initial,
        }
    }

    /// `a_{k+1}` from `a_k`.
    pub fn next(&self, k: u64, amount: Amount) -> Amount {
        match self {
            Self::Constant { .. } => amount,
            Self::LinearDecay { decrease_per_epoch, .. } => {
                amount.checked_sub(*decrease_per_epoch).unwrap_or(Amount::ZERO)
            }
            // factor < 1e18, so the result is below `amount`.
            Self::ExponentialDecay { factor, .. } => {
                amount.mul_div_floor(factor.0, FACTOR_ONE).unwrap_or(Amount::ZERO)
            }
            Self::Step { period_epochs, factor_bps, .. } => {
                if (k + 1).is_multiple_of(*period_epochs) {
                    amount.mul_div_floor(u128::from(factor_bps.0), 10_000).unwrap_or(Amount::ZERO)
                } else {
                    amount
                }
            }
        }
    }

    pub(super) fn check(&self) -> Result<(), (String, String)> {
        let bad = |path: &str, rule: String| Err((format!("body.schedule.{path}"), rule));
        if self.initial().is_zero() {
            let path = if matches!(self, Self::Constant { .. }) { "per_epoch" } else { "initial" };
            return bad(path, "must be greater than zero".into());
        }
        match self {
            Self::ExponentialDecay { factor, .. } if factor.is_zero() || factor.0 >= FACTOR_ONE => bad(
                "factor",
                format!("must be 1 to {} (below 1.0 in 1e18 fixed point), got {factor}", FACTOR_ONE - 1),
            ),
            Self::Step { period_epochs: 0, .. } => bad("period_epochs", "must be at least 1".into()),
            Self::Step { factor_bps, .. } if !factor_bps.is_valid() => {
                bad("factor_bps", format!("must be ≤ 10000, got {}", factor_bps.0))
            }
            _ => Ok(()),
        }
    }
}
