//! Scheduled agent actions: a calendar with one list per day, so a step
//! touches only the agents due that day (O(1) to schedule and to take), and
//! same-day actions run in the order they were scheduled.

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
    /// Actions by day, in scheduling order.
    days: Vec<Vec<Action>>,
    /// The first day that may still hold actions.
    cursor: u32,
    /// Actions of the cursor's day already taken.
    taken: usize,
    waiting: usize,
}

impl Agenda {
    /// Schedules `action` on `day`; a day already passed counts as the
    /// earliest day still open (the run never schedules into the past).
    pub fn at(&mut self, day: u32, action: Action) {
        let day = day.max(self.cursor) as usize;
        if self.days.len() <= day {
            self.days.resize_with(day + 1, Vec::new);
        }
        self.days[day].push(action);
        self.waiting += 1;
    }

    /// Removes and returns the next action due on or before `day`.
    pub fn next_due(&mut self, day: u32) -> Option<Action> {
        while self.cursor <= day && (self.cursor as usize) < self.days.len() {
            let list = &mut self.days[self.cursor as usize];
            if let Some(action) = list.get(self.taken) {
                self.taken += 1;
                self.waiting -= 1;
                return Some(*action);
            }
            *list = Vec::new();
            self.taken = 0;
            self.cursor += 1;
        }
        None
    }

    /// Actions waiting.
    pub fn len(&self) -> usize {
        self.waiting
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.waiting == 0
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

    #[test]
    fn an_action_scheduled_while_its_day_is_taken_runs_that_day() {
        let mut a = Agenda::default();
        a.at(2, Action::Claim(1));
        assert_eq!(a.next_due(2), Some(Action::Claim(1)));
        a.at(2, Action::Leave(1));
        a.at(3, Action::Claim(1));
        a.at(1, Action::Claim(7)); // the past: the earliest open day, 2
        assert_eq!(a.len(), 3);
        assert_eq!(a.next_due(2), Some(Action::Leave(1)));
        assert_eq!(a.next_due(2), Some(Action::Claim(7)));
        assert_eq!(a.next_due(2), None);
        assert_eq!(a.next_due(9), Some(Action::Claim(1)));
        assert_eq!(a.next_due(9), None);
        assert!(a.is_empty());
    }
}
