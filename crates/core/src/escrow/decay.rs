//! A sum of linearly decaying lines, checkpointed weekly: Curve's global
//! `point_history` + `slope_changes` (VotingEscrow) and its per-gauge
//! `points_weight` + `changes_weight` (GaugeController), in one type.
//!
//! Each contribution is a line `slope · (end − t)` for `t < end`, 0 after, with
//! `end` on a week boundary. The sum is kept as a point `(ts, bias, slope)`;
//! moving it forward subtracts `slope · dt` and, at each week boundary, the
//! slopes of the lines that end there (`slope_changes`). Everything is an
//! integer and every line's bias is exactly `slope · (end − t)`, so the sum
//! equals the sum of its lines to the base unit: nothing is rounded here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::types::Timestamp;

/// One week in seconds: epochs and lock ends are multiples of it (Curve `WEEK`).
pub const WEEK: u64 = 7 * 86_400;

/// The start of the week containing `t` (`⌊t / WEEK⌋ · WEEK`, floor).
pub const fn week_floor(t: u64) -> u64 {
    t / WEEK * WEEK
}

/// A value and its rate of decay at a time (Curve `Point`, without the block).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// When.
    pub ts: Timestamp,
    /// The value at `ts`, in token base units.
    #[serde(with = "crate::types::dec")]
    pub bias: u128,
    /// Decrease per second, in base units per second.
    #[serde(with = "crate::types::dec")]
    pub slope: u128,
}

impl Point {
    /// The value of this single line at `t ≥ ts`: `bias − slope·(t − ts)`,
    /// 0 once the line has run out (a user's ve power after the lock's end).
    pub fn value_at(&self, t: Timestamp) -> u128 {
        let elapsed = u128::from(t.0.saturating_sub(self.ts.0));
        self.bias.saturating_sub(self.slope.saturating_mul(elapsed))
    }
}

/// A line `slope · (end − t)`: one lock, or one vote's share of a lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Decrease per second.
    #[serde(with = "crate::types::dec")]
    pub slope: u128,
    /// When it reaches zero (a week boundary).
    pub end: Timestamp,
}

impl Line {
    /// `slope · (end − t)` for `t < end`, else 0.
    pub fn bias_at(&self, t: Timestamp) -> u128 {
        // slope · (end − t) ≤ slope · MAXTIME ≤ the locked amount, so it fits.
        self.slope.saturating_mul(u128::from(self.end.0.saturating_sub(t.0)))
    }
}

/// The sum of many lines over time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decay {
    /// Checkpoints in increasing time order: one per change and one per week
    /// boundary crossed since the previous change (as Curve writes them).
    pub points: Vec<Point>,
    /// Total slope of the lines that end at each week boundary.
    #[serde(with = "crate::types::dec::values")]
    pub slope_changes: BTreeMap<Timestamp, u128>,
}

impl Decay {
    /// The sum at `t`: binary search for the last checkpoint at or before `t`
    /// (O(log n)), then at most one step per week to `t`; the walk stops as
    /// soon as the slope is zero, so it is bounded by MAXTIME / WEEK steps.
    pub fn at(&self, t: Timestamp) -> u128 {
        let after = self.points.partition_point(|p| p.ts <= t);
        match after.checked_sub(1) {
            None => 0,
            Some(i) => self.advance(self.points[i], t, |_| {}).bias,
        }
    }

    /// The latest checkpoint (zero at time 0 before any).
    pub fn last(&self) -> Point {
        self.points.last().copied().unwrap_or_default()
    }

    /// Moves `from` forward to `to`, applying the slope changes at each week
    /// boundary and handing every intermediate week point to `on_week`.
    fn advance(&self, from: Point, to: Timestamp, mut on_week: impl FnMut(Point)) -> Point {
        let mut p = from;
        let mut week = week_floor(p.ts.0);
        while p.ts < to {
            if p.slope == 0 {
                // Nothing decays: bias is 0 (a positive bias needs a positive slope).
                p.ts = to;
                break;
            }
            week += WEEK;
            let (t, ending) = if week >= to.0 {
                (to, if week == to.0 { self.slope_changes.get(&to).copied().unwrap_or(0) } else { 0 })
            } else {
                (Timestamp(week), self.slope_changes.get(&Timestamp(week)).copied().unwrap_or(0))
            };
            // Exact: every line is alive for the whole step (ends are week
            // boundaries), so slope·dt ≤ bias; saturation never bites.
            p.bias = p.bias.saturating_sub(p.slope.saturating_mul(u128::from(t.0 - p.ts.0)));
            p.slope = p.slope.saturating_sub(ending);
            p.ts = t;
            if t < to {
                on_week(p);
            }
        }
        p
    }

    /// Replaces line `old` by line `new` from time `at` on (either may be
    /// absent). `at` must not be earlier than the latest checkpoint. Infallible:
    /// callers validate first.
    pub fn change(&mut self, at: Timestamp, old: Option<Line>, new: Option<Line>) {
        let last = self.last();
        let mut weeks = Vec::new();
        let mut p = self.advance(last, at, |w| weeks.push(w));
        if let Some(old) = old.filter(|l| l.end > at) {
            p.bias = p.bias.saturating_sub(old.bias_at(at));
            p.slope = p.slope.saturating_sub(old.slope);
            let entry = self.slope_changes.entry(old.end).or_insert(0);
            *entry = entry.saturating_sub(old.slope);
            if *entry == 0 {
                self.slope_changes.remove(&old.end);
            }
        }
        if let Some(new) = new.filter(|l| l.end > at && l.slope > 0) {
            // Sums of locked amounts fit in u128 (they are ledger balances).
            p.bias = p.bias.saturating_add(new.bias_at(at));
            p.slope = p.slope.saturating_add(new.slope);
            let entry = self.slope_changes.entry(new.end).or_insert(0);
            *entry = entry.saturating_add(new.slope);
        }
        if self.points.last().is_some_and(|l| l.ts == at) {
            self.points.pop();
        }
        self.points.extend(weeks);
        self.points.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_line_decays_to_zero_at_its_end() {
        let mut d = Decay::default();
        let end = Timestamp(3 * WEEK);
        d.change(Timestamp(WEEK / 2), None, Some(Line { slope: 10, end }));
        assert_eq!(d.at(Timestamp(WEEK / 2)), 10 * (3 * WEEK - WEEK / 2) as u128);
        assert_eq!(d.at(Timestamp(2 * WEEK)), 10 * WEEK as u128);
        assert_eq!(d.at(end), 0);
        assert_eq!(d.at(Timestamp(10 * WEEK)), 0);
        assert_eq!(d.at(Timestamp(0)), 0);
    }
}
