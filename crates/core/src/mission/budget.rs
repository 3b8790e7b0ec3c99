//! The budget vote's allocation (Optimism's Token House approval vote, as its
//! on-chain approval module counts it): every mission proposal whose approving
//! power reaches `threshold_bps` of the quorum is eligible; eligible proposals
//! are ranked by approving power (ties: the lower proposal id first) and funded
//! top-down while the budget lasts. A proposal that asks for more than what
//! remains is skipped (`skip`: later, smaller ones may still be funded) or ends
//! the allocation (`stop`). What is left returns to the fund.

use serde::{Deserialize, Serialize};

use crate::types::Amount;

/// What happens to a proposal that asks for more than the budget left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overflow {
    /// Pass it over; smaller proposals below it may still be funded.
    #[default]
    Skip,
    /// End the allocation there (what the on-chain approval module does).
    Stop,
}

/// One proposal in the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The proposal id.
    pub id: u64,
    /// What it asks for.
    pub requested: Amount,
    /// Σ power of the ballots that approve it.
    pub approvals: u128,
}

/// Why a proposal is or is not funded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Funded with its requested amount.
    Funded,
    /// Approvals below the threshold.
    BelowThreshold,
    /// Asked for more than the budget left (`skip`).
    OverBudget,
    /// Ranked after a proposal that ended the allocation (`stop`).
    Stopped,
}

/// The outcome for one proposal, in rank order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// The proposal id.
    pub id: u64,
    /// Σ approving power (decimal string).
    #[serde(with = "crate::types::dec")]
    pub approvals: u128,
    /// What it asked for.
    pub requested: Amount,
    /// Its verdict.
    pub verdict: Verdict,
    /// The budget left after it.
    pub remaining: Amount,
}

/// The allocation of a budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The approvals a proposal needs: `⌈quorum · threshold_bps / 10000⌉`.
    #[serde(with = "crate::types::dec")]
    pub needed: u128,
    /// Every proposal: eligible ones first, by rank, then the rest by id.
    pub ranked: Vec<Ranked>,
    /// Σ funded.
    pub funded: Amount,
    /// What returns to the fund.
    pub leftover: Amount,
}

/// Approvals needed: `⌈quorum · threshold_bps / 10000⌉` (round up: the threshold is a floor).
pub fn needed(quorum: u128, threshold_bps: u16) -> u128 {
    let q = alloy_primitives::U256::from(quorum) * alloy_primitives::U256::from(threshold_bps);
    let (d, r) = q.div_rem(alloy_primitives::U256::from(10_000u32));
    let d = if r.is_zero() { d } else { d + alloy_primitives::U256::from(1u8) };
    u128::try_from(d).unwrap_or(u128::MAX)
}

/// Allocates `budget` over `entries`.
pub fn allocate(
    budget: Amount,
    entries: &[Entry],
    quorum: u128,
    threshold_bps: u16,
    overflow: Overflow,
) -> Allocation {
    let needed = needed(quorum, threshold_bps);
    let mut eligible: Vec<&Entry> =
        entries.iter().filter(|e| e.approvals >= needed && e.approvals > 0).collect();
    eligible.sort_by(|a, b| b.approvals.cmp(&a.approvals).then(a.id.cmp(&b.id)));
    let mut remaining = budget;
    let mut stopped = false;
    let mut ranked = Vec::with_capacity(entries.len());
    for e in eligible {
        let verdict = if stopped {
            Verdict::Stopped
        } else if e.requested <= remaining {
            remaining = Amount(remaining.0 - e.requested.0);
            Verdict::Funded
        } else if overflow == Overflow::Stop {
            stopped = true;
            Verdict::Stopped
        } else {
            Verdict::OverBudget
        };
        ranked.push(Ranked { id: e.id, approvals: e.approvals, requested: e.requested, verdict, remaining });
    }
    let mut below: Vec<&Entry> =
        entries.iter().filter(|e| e.approvals < needed || e.approvals == 0).collect();
    below.sort_by_key(|e| e.id);
    for e in below {
        ranked.push(Ranked {
            id: e.id,
            approvals: e.approvals,
            requested: e.requested,
            verdict: Verdict::BelowThreshold,
            remaining,
        });
    }
    Allocation { needed, ranked, funded: Amount(budget.0 - remaining.0), leftover: remaining }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: u64, requested: u128, approvals: u128) -> Entry {
        Entry { id, requested: Amount(requested), approvals }
    }

    /// Worked by hand. Budget 1000, quorum 400, threshold 51 % → needed ⌈204⌉ = 204.
    /// Approvals: #1 300 (asks 600), #2 500 (asks 300), #3 250 (asks 200), #4 204 (asks 150), #5 203 (asks 10).
    /// Rank: #2 (500), #1 (300), #3 (250), #4 (204); #5 is below 204.
    /// skip: #2 funded (700 left), #1 600 ≤ 700 funded (100 left), #3 200 > 100 skipped, #4 150 > 100 skipped → funded 900, leftover 100.
    /// Reordered asks to separate skip from stop: see the second case.
    #[test]
    fn skip_and_stop_on_a_hand_worked_vote() {
        let entries = [e(1, 600, 300), e(2, 300, 500), e(3, 200, 250), e(4, 150, 204), e(5, 10, 203)];
        let a = allocate(Amount(1000), &entries, 400, 5100, Overflow::Skip);
        assert_eq!(a.needed, 204);
        let order: Vec<(u64, Verdict, u128)> =
            a.ranked.iter().map(|r| (r.id, r.verdict, r.remaining.0)).collect();
        assert_eq!(
            order,
            vec![
                (2, Verdict::Funded, 700),
                (1, Verdict::Funded, 100),
                (3, Verdict::OverBudget, 100),
                (4, Verdict::OverBudget, 100),
                (5, Verdict::BelowThreshold, 100),
            ]
        );
        assert_eq!((a.funded, a.leftover), (Amount(900), Amount(100)));

        // #1 now asks 800: skip funds #2 (700 left), skips #1 (800 > 700), funds #3 (500 left), funds #4 (350 left).
        // stop funds #2 and ends at #1: #3 and #4 are stopped, 700 returns to the fund.
        let entries = [e(1, 800, 300), e(2, 300, 500), e(3, 200, 250), e(4, 150, 204), e(5, 10, 203)];
        let skip = allocate(Amount(1000), &entries, 400, 5100, Overflow::Skip);
        let verdicts = |a: &Allocation| a.ranked.iter().map(|r| (r.id, r.verdict)).collect::<Vec<_>>();
        assert_eq!(
            verdicts(&skip),
            vec![
                (2, Verdict::Funded),
                (1, Verdict::OverBudget),
                (3, Verdict::Funded),
                (4, Verdict::Funded),
                (5, Verdict::BelowThreshold)
            ]
        );
        assert_eq!((skip.funded, skip.leftover), (Amount(650), Amount(350)));
        let stop = allocate(Amount(1000), &entries, 400, 5100, Overflow::Stop);
        assert_eq!(
            verdicts(&stop),
            vec![
                (2, Verdict::Funded),
                (1, Verdict::Stopped),
                (3, Verdict::Stopped),
                (4, Verdict::Stopped),
                (5, Verdict::BelowThreshold)
            ]
        );
        assert_eq!((stop.funded, stop.leftover), (Amount(300), Amount(700)));
    }

    #[test]
    fn ties_rank_the_lower_id_first_and_the_threshold_rounds_up() {
        assert_eq!(needed(1000, 5100), 510);
        assert_eq!(needed(999, 5100), 510); // 509.49 → 510
        let a = allocate(Amount(100), &[e(7, 100, 600), e(3, 100, 600)], 1000, 5100, Overflow::Skip);
        assert_eq!(a.ranked[0].id, 3);
        assert_eq!(a.ranked[0].verdict, Verdict::Funded);
        assert_eq!(a.ranked[1].verdict, Verdict::OverBudget);
    }
}
