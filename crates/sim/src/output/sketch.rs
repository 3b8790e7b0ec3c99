//! A mergeable quantile sketch with a relative-error bound (the DDSketch
//! idea: logarithmic buckets), so per-step percentile bands take memory
//! bounded by the values' range, not by the number of runs.
//!
//! A positive value x goes to bucket ⌈log_γ x⌉ with γ = (1 + α)/(1 − α),
//! α = 0.5 %; a bucket's value is 2γᵏ/(γ + 1), within α of every value in it.
//! Zeros are counted exactly, negatives mirror the positives, and an answer
//! is clamped to the exact minimum and maximum (so a metric equal in every run
//! comes back exact). Counts only add up, so the answer does not depend on the
//! order values arrive in.

use std::collections::BTreeMap;

/// The relative accuracy α.
pub const RELATIVE_ERROR: f64 = 0.005;

/// Quantile sketch of one metric at one step.
#[derive(Clone, Debug, Default)]
pub struct Sketch {
    positive: BTreeMap<i32, u64>,
    negative: BTreeMap<i32, u64>,
    zeros: u64,
    count: u64,
    min: f64,
    max: f64,
}

fn gamma_ln() -> f64 {
    ((1.0 + RELATIVE_ERROR) / (1.0 - RELATIVE_ERROR)).ln()
}

fn key(x: f64) -> i32 {
    (x.ln() / gamma_ln()).ceil() as i32
}

fn bucket_value(k: i32) -> f64 {
    let g = gamma_ln().exp();
    2.0 * (f64::from(k) * gamma_ln()).exp() / (g + 1.0)
}

impl Sketch {
    /// Adds a value; NaN (an undefined metric) is skipped.
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        if self.count == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.count += 1;
        if x == 0.0 {
            self.zeros += 1;
        } else if x > 0.0 {
            *self.positive.entry(key(x)).or_default() += 1;
        } else {
            *self.negative.entry(key(-x)).or_default() += 1;
        }
    }

    /// Values added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The value of nearest rank ⌈permille · n / 1000⌉ (at least 1), within
    /// α, clamped to the exact range (the first and last ranks are the exact
    /// minimum and maximum); `None` when empty.
    pub fn quantile(&self, permille: u64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let rank = (permille * self.count).div_ceil(1000).max(1);
        // The extremes are known exactly.
        if rank == 1 {
            return Some(self.min);
        }
        if rank >= self.count {
            return Some(self.max);
        }
        let mut seen = 0u64;
        let clamp = |v: f64| v.clamp(self.min, self.max);
        for (k, n) in self.negative.iter().rev() {
            seen += n;
            if seen >= rank {
                return Some(clamp(-bucket_value(*k)));
            }
        }
        seen += self.zeros;
        if seen >= rank {
            return Some(clamp(0.0));
        }
        for (k, n) in &self.positive {
            seen += n;
            if seen >= rank {
                return Some(clamp(bucket_value(*k)));
            }
        }
        Some(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_come_back_exact() {
        let mut s = Sketch::default();
        for _ in 0..10 {
            s.add(0.75);
        }
        s.add(f64::NAN);
        assert_eq!(s.count(), 10);
        assert_eq!(s.quantile(50), Some(0.75));
        assert_eq!(s.quantile(950), Some(0.75));
    }

    #[test]
    fn ranks_by_hand_within_the_bound() {
        // 1..=100: p5 is the 5th value (5), p50 the 50th (50), p95 the 95th (95).
        let mut s = Sketch::default();
        for x in (1..=100).rev() {
            s.add(f64::from(x));
        }
        for (q, want) in [(50, 5.0), (500, 50.0), (950, 95.0)] {
            let got = s.quantile(q).unwrap();
            assert!((got - want).abs() <= want * RELATIVE_ERROR, "q {q}: {got} vs {want}");
        }
        assert_eq!(s.quantile(1000), Some(100.0));
        assert_eq!(s.quantile(0), Some(1.0), "rank at least 1: the minimum, clamped exactly");
    }

    #[test]
    fn zeros_and_negatives_are_ordered() {
        let mut s = Sketch::default();
        for x in [-2.0, 0.0, 0.0, 3.0] {
            s.add(x);
        }
        assert_eq!(s.quantile(250), Some(-2.0));
        assert_eq!(s.quantile(500), Some(0.0));
        assert_eq!(s.quantile(750), Some(0.0));
        assert_eq!(s.quantile(1000), Some(3.0));
        assert_eq!(Sketch::default().quantile(500), None);
    }
}
