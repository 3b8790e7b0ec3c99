//! Finding the agents whose condition fired without scanning everyone.
//!
//! A [`ThresholdIndex`] holds agents sorted by threshold, highest first, and
//! a cursor. An agent fires when the observed value falls strictly below its
//! threshold (a farmer whose APR floor is above the current APR; a whale
//! whose price floor is above the current price ratio).
//! [`ThresholdIndex::pop_above`] advances the cursor past every agent whose
//! threshold is above the value: O(k) for k agents that fire, O(1) when none
//! do, whatever the population. Each agent fires at most once.

/// Agents sorted by threshold, highest first, with a cursor.
#[derive(Clone, Debug, Default)]
pub struct ThresholdIndex {
    thresholds: Vec<f64>,
    agents: Vec<usize>,
    cursor: usize,
}

impl ThresholdIndex {
    /// An index of `(threshold, agent)`; ties keep agent order (lowest id first).
    pub fn new(mut entries: Vec<(f64, usize)>) -> Self {
        entries.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Self {
            thresholds: entries.iter().map(|e| e.0).collect(),
            agents: entries.iter().map(|e| e.1).collect(),
            cursor: 0,
        }
    }

    /// The agents whose threshold is strictly above `value` and which have
    /// not fired yet, highest threshold first. A NaN value fires nobody.
    pub fn pop_above(&mut self, value: f64) -> &[usize] {
        let start = self.cursor;
        if !value.is_nan() {
            while self.cursor < self.thresholds.len() && self.thresholds[self.cursor] > value {
                self.cursor += 1;
            }
        }
        &self.agents[start..self.cursor]
    }

    /// Agents that have not fired.
    pub fn remaining(&self) -> usize {
        self.agents.len() - self.cursor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_exactly_the_agents_above_the_value() {
        // Thresholds by agent: 0:0.30 1:0.10 2:0.50 3:0.20 4:0.30 5:0.05
        let mut ix =
            ThresholdIndex::new(vec![(0.30, 0), (0.10, 1), (0.50, 2), (0.20, 3), (0.30, 4), (0.05, 5)]);
        assert_eq!(ix.pop_above(0.60), &[] as &[usize]);
        assert_eq!(ix.pop_above(0.50), &[] as &[usize], "strictly above: 0.50 does not fire at 0.50");
        assert_eq!(ix.pop_above(0.40), &[2]);
        // 0.30 twice: ties in agent order.
        assert_eq!(ix.pop_above(0.25), &[0, 4]);
        // The value rises again: nobody new fires, nobody fires twice.
        assert_eq!(ix.pop_above(0.90), &[] as &[usize]);
        assert_eq!(ix.pop_above(f64::NAN), &[] as &[usize]);
        assert_eq!(ix.remaining(), 3);
        assert_eq!(ix.pop_above(0.0), &[3, 1, 5]);
        assert_eq!(ix.remaining(), 0);
        assert_eq!(ix.pop_above(-1.0), &[] as &[usize]);
    }
}
