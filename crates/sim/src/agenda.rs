//! Scheduled agent actions: a min-heap by (day, insertion order), so a step
//! touches only the agents due that day and same-day actions run in the
//! order they were scheduled.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What an agent does when its day comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Claim rewards (and sell a share); reschedules itself.
    Claim(usize),
    /// Withdraw stake whose unbonding period has passed.
    WithdrawUnbonded(usize),
    /// Leave the vault (a community member's staker after its exit).
    Leave(usize),
    /// Vote on a proposal.
    Vote {
        /// The agent.
        agent: usize,
        /// The proposal id.
        proposal: u64,
    },
}

/// The calendar of one run.
#[derive(Clone, Debug, Default)]
pub struct Agenda {
    heap: BinaryHeap<Reverse<(u32, u64, Action)>>,
    seq: u64,
}

impl Agenda {
    /// Schedules `action` on `day`.
    pub fn at(&mut self, day: u32, action: Action) {
        self.heap.push(Reverse((day, self.seq, action)));
        self.seq += 1;
    }

    /// Removes and returns the next action due on or before `day`.
    pub fn next_due(&mut self, day: u32) -> Option<Action> {
        match self.heap.peek() {
            Some(Reverse((d, _, _))) if *d <= day => self.heap.pop().map(|Reverse((_, _, a))| a),
            _ => None,
        }
    }

    /// Actions waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_actions_come_in_day_then_schedule_order() {
        let mut a = Agenda::default();
        a.at(3, Action::Claim(1));
        a.at(1, Action::Claim(2));
        a.at(3, Action::Claim(0));
        a.at(2, Action::Leave(5));
        assert_eq!(a.next_due(0), None);
        assert_eq!(a.next_due(2), Some(Action::Claim(2)));
        assert_eq!(a.next_due(2), Some(Action::Leave(5)));
        assert_eq!(a.next_due(2), None);
        assert_eq!(a.next_due(3), Some(Action::Claim(1)));
        assert_eq!(a.next_due(3), Some(Action::Claim(0)));
        assert!(a.is_empty());
    }
}
