//! Checkpoints: a value over time, looked up at a past time in O(log n)
//! (the ERC20Votes checkpoint idea, keyed by timestamp). Balances, voting
//! power and delegation targets all keep their history this way.

use serde::{Deserialize, Serialize};

use crate::types::{Amount, Timestamp};

/// One recorded value: from `at` (inclusive) until the next checkpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint<T = Amount> {
    /// When the value took effect.
    pub at: Timestamp,
    /// The value from then on.
    pub amount: T,
}

/// A value's history as checkpoints in strictly increasing time order.
///
/// Several changes at the same timestamp collapse into one checkpoint, so the
/// history holds at most one entry per distinct time. Before the first
/// checkpoint the value is `T::default()` (zero, or no delegate).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct History<T = Amount>(Vec<Checkpoint<T>>);

impl<T> Default for History<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Copy + Default> History<T> {
    /// The current value (the default if never set).
    pub fn latest(&self) -> T {
        self.0.last().map_or_else(T::default, |c| c.amount)
    }

    /// The value at the end of time `at`: the last checkpoint with
    /// `checkpoint.at <= at`, or the default before the first. Binary search, O(log n).
    pub fn at(&self, at: Timestamp) -> T {
        let after = self.0.partition_point(|c| c.at <= at);
        after.checked_sub(1).map_or_else(T::default, |i| self.0[i].amount)
    }

    /// Records `amount` as the value from `at` on. Callers pass
    /// non-decreasing times (the engine's clock never goes back).
    pub fn record(&mut self, at: Timestamp, amount: T) {
        match self.0.last_mut() {
            Some(last) if last.at == at => last.amount = amount,
            _ => self.0.push(Checkpoint { at, amount }),
        }
    }

    /// Number of checkpoints.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing was ever recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_past_values_and_collapses_same_time_changes() {
        let mut h = History::default();
        h.record(Timestamp(100), Amount(5));
        h.record(Timestamp(100), Amount(7)); // same second: replaces
        h.record(Timestamp(200), Amount(3));
        h.record(Timestamp(300), Amount(0));
        assert_eq!(h.len(), 3);
        assert_eq!(h.at(Timestamp(99)), Amount(0));
        assert_eq!(h.at(Timestamp(100)), Amount(7));
        assert_eq!(h.at(Timestamp(199)), Amount(7));
        assert_eq!(h.at(Timestamp(200)), Amount(3));
        assert_eq!(h.at(Timestamp(10_000)), Amount(0));
        assert_eq!(h.latest(), Amount(0));
    }
}
