//! The forming board's profiles and the team-overlap arithmetic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alliance::UtcOffset;
use crate::types::Address;

/// Minutes in a day.
pub const DAY: usize = 24 * 60;

/// A contributor's profile on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Skills (`rust`, `design`, …).
    pub skills: Vec<String>,
    /// Intents they care about (slugs).
    pub intents: Vec<String>,
    /// Their timezone.
    pub timezone: UtcOffset,
    /// Working hours start, local (0–23).
    pub start_hour: u8,
    /// Working hours end, local (1–24; earlier than the start: the hours wrap midnight).
    pub end_hour: u8,
}

impl Profile {
    /// The UTC minutes of the day this profile works, as a mask.
    pub fn utc_mask(&self) -> Vec<bool> {
        let mut mask = vec![false; DAY];
        let (start, end) = (usize::from(self.start_hour) * 60, usize::from(self.end_hour) * 60);
        let len = if end > start { end - start } else { DAY - start + end };
        // local = utc + offset, so utc = local − offset (mod one day).
        let shift = (i64::from(self.timezone.minutes)).rem_euclid(DAY as i64) as usize;
        for i in 0..len {
            let local = (start + i) % DAY;
            mask[(local + DAY - shift) % DAY] = true;
        }
        mask
    }

    /// Minutes a day this profile works.
    pub fn minutes(&self) -> usize {
        self.utc_mask().iter().filter(|m| **m).count()
    }
}

/// Profiles by account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    /// Profiles.
    pub profiles: BTreeMap<Address, Profile>,
}

impl Board {
    /// Whether the board is empty (then the state encodes to nothing).
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}

/// UTC minute ranges `[start, end)` when every profile is working, and their total.
pub fn overlap(profiles: &[&Profile]) -> (Vec<(u16, u16)>, u32) {
    if profiles.is_empty() {
        return (Vec::new(), 0);
    }
    let mut all = vec![true; DAY];
    for p in profiles {
        for (a, m) in all.iter_mut().zip(p.utc_mask()) {
            *a &= m;
        }
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < DAY {
        if all[i] {
            let start = i;
            while i < DAY && all[i] {
                i += 1;
            }
            ranges.push((start as u16, i as u16));
        } else {
            i += 1;
        }
    }
    let total = all.iter().filter(|m| **m).count() as u32;
    (ranges, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(tz: i16, start: u8, end: u8) -> Profile {
        Profile {
            skills: vec![],
            intents: vec![],
            timezone: UtcOffset { minutes: tz },
            start_hour: start,
            end_hour: end,
        }
    }

    #[test]
    fn overlaps_worked_by_hand() {
        // UTC+1 9–17 is 08:00–16:00 UTC; UTC−5 9–17 is 14:00–22:00 UTC: both 14:00–16:00.
        let (ranges, total) = overlap(&[&p(60, 9, 17), &p(-300, 9, 17)]);
        assert_eq!((ranges, total), (vec![(14 * 60, 16 * 60)], 120));
        // UTC+5:30 9–17 is 03:30–11:30 UTC; with UTC+1 (08:00–16:00): 08:00–11:30.
        let (ranges, total) = overlap(&[&p(330, 9, 17), &p(60, 9, 17)]);
        assert_eq!((ranges, total), (vec![(480, 690)], 210));
        // Night owl 22–06 local at UTC: 22:00–24:00 and 00:00–06:00, two ranges, 8 h.
        let (ranges, total) = overlap(&[&p(0, 22, 6)]);
        assert_eq!((ranges, total), (vec![(0, 360), (1320, 1440)], 480));
        // UTC+8 9–17 (01:00–09:00 UTC) and UTC−5 9–17 (14:00–22:00 UTC): no overlap.
        assert_eq!(overlap(&[&p(480, 9, 17), &p(-300, 9, 17)]), (vec![], 0));
        // All day (0–24) with anyone is that person's hours.
        assert_eq!(overlap(&[&p(0, 0, 24), &p(60, 9, 17)]).1, 480);
    }
}
