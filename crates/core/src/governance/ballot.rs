//! Ballots and incremental tallies for the six voting types, with Snapshot's
//! published semantics in integers.
//!
//! Adding or removing a vote is O(choices) and independent of the number of
//! voters: scores, quadratic square-root sums and ranked-choice ballots
//! (aggregated by distinct ranking) are kept as running sums; the final
//! ranked-choice and quadratic results are computed from those sums.

use std::collections::BTreeMap;

use alloy_primitives::{U256, U512};
use serde::{Deserialize, Serialize};

use crate::types::mul_div;

/// How votes are cast and counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VotingType {
    /// For (1), against (2), abstain (3).
    Basic,
    /// One choice.
    SingleChoice,
    /// Any number of choices, each receiving the voter's full power.
    Approval,
    /// A full ranking; instant runoff.
    RankedChoice,
    /// Power split across choices in proportion to weights.
    Weighted,
    /// Weighted, then quadratic: `(Σ sqrt(share))²`, scaled to total power.
    Quadratic,
}

/// Most choices a proposal may offer (ranked-choice: at most 10, so the
/// number of distinct rankings stays bounded).
pub const MAX_CHOICES: usize = 32;
/// Most choices of a ranked-choice proposal.
pub const MAX_RANKED_CHOICES: usize = 10;

/// A parsed ballot, with 0-based choice indices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ballot {
    /// Basic or single choice.
    One(u8),
    /// Approved choices, ascending.
    Approve(Vec<u8>),
    /// A full ranking, most preferred first.
    Rank(Vec<u8>),
    /// Weights per choice (weighted and quadratic), ascending by choice.
    Weights(Vec<(u8, u64)>),
}

fn as_index(value: &serde_json::Value, n: usize) -> Result<u8, String> {
    let i = value.as_u64().ok_or_else(|| format!("choices are numbers 1 to {n}, got {value}"))?;
    if i == 0 || i > n as u64 {
        return Err(format!("choice {i} is out of range 1 to {n}"));
    }
    Ok((i - 1) as u8)
}

/// Parses a choice (JSON text, Snapshot's shape) for a voting type with `n` choices.
///
/// Basic and single-choice: `2`; approval: `[1, 3]`; ranked-choice: a full
/// ranking `[2, 1, 3]`; weighted and quadratic: `{"1": 2, "3": 1}`.
pub fn parse_ballot(voting: VotingType, n: usize, text: &str) -> Result<Ballot, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let basic = matches!(voting, VotingType::Basic) && n == 3;
        let hint = if basic { "; basic ballots: 1 for, 2 against, 3 abstain" } else { "" };
        format!("`{text}` is not valid JSON ({e}); choices are numbered from 1{hint}")
    })?;
    match voting {
        VotingType::Basic | VotingType::SingleChoice => Ok(Ballot::One(as_index(&value, n)?)),
        VotingType::Approval => {
            let items = value.as_array().ok_or("approval votes are a list of choices, e.g. [1, 3]")?;
            if items.is_empty() {
                return Err("approve at least one choice".into());
            }
            let mut choices = items.iter().map(|v| as_index(v, n)).collect::<Result<Vec<_>, _>>()?;
            choices.sort_unstable();
            if choices.windows(2).any(|w| w[0] == w[1]) {
                return Err("a choice is approved more than once".into());
            }
            Ok(Ballot::Approve(choices))
        }
        VotingType::RankedChoice => {
            let items = value.as_array().ok_or("ranked-choice votes are a full ranking, e.g. [2, 1, 3]")?;
            let ranking = items.iter().map(|v| as_index(v, n)).collect::<Result<Vec<_>, _>>()?;
            let mut sorted = ranking.clone();
            sorted.sort_unstable();
            if sorted.len() != n || sorted.iter().enumerate().any(|(i, c)| usize::from(*c) != i) {
                return Err(format!("only full rankings are valid: rank every choice 1 to {n} exactly once"));
            }
            Ok(Ballot::Rank(ranking))
        }
        VotingType::Weighted | VotingType::Quadratic => {
            let map = value
                .as_object()
                .ok_or("weighted votes map choices to weights, e.g. {\"1\": 2, \"3\": 1}")?;
            let mut weights = Vec::with_capacity(map.len());
            for (key, w) in map {
                let index: u64 = key.parse().map_err(|_| format!("choice `{key}` is not a number"))?;
                let index = as_index(&serde_json::Value::from(index), n)?;
                let w = w
                    .as_u64()
                    .ok_or_else(|| format!("weight of choice {key} must be a non-negative integer"))?;
                if w > 0 {
                    weights.push((index, w));
                }
            }
            weights.sort_unstable();
            if weights.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err("a choice is weighted more than once".into());
            }
            if weights.is_empty() {
                return Err("give at least one choice a positive weight".into());
            }
            if weights.iter().map(|(_, w)| u128::from(*w)).sum::<u128>() > u128::from(u64::MAX) {
                return Err("the weights add up to more than 2^64 - 1".into());
            }
            Ok(Ballot::Weights(weights))
        }
    }
}

/// `power` split in proportion to `weights`: each share floors, and the
/// remainder goes to the most weighted choice (lowest index on ties), so the
/// shares add up to `power` exactly.
pub fn split(power: u128, weights: &[(u8, u64)]) -> Vec<(u8, u128)> {
    let total: u128 = weights.iter().map(|(_, w)| u128::from(*w)).sum();
    let mut shares: Vec<(u8, u128)> = weights
        .iter()
        .map(|(c, w)| (*c, mul_div(power, u128::from(*w), total, false).expect("share ≤ power")))
        .collect();
    let given: u128 = shares.iter().map(|(_, s)| s).sum();
    let top =
        weights.iter().enumerate().max_by(|a, b| a.1.1.cmp(&b.1.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i);
    shares[top].1 += power - given;
    shares
}

/// A running tally.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Power per choice: basic, single-choice, approval and weighted scores;
    /// first preferences for ranked-choice; the linear split for quadratic.
    #[serde(with = "crate::types::dec::vec")]
    pub scores: Vec<u128>,
    /// Quadratic: `Σ_voters isqrt(share)` per choice.
    #[serde(with = "crate::types::dec::vec")]
    pub sqrt_sums: Vec<u128>,
    /// Ranked-choice: total power per distinct full ranking.
    #[serde(with = "crate::types::dec::pairs")]
    pub rankings: BTreeMap<Vec<u8>, u128>,
    /// Total power of counted votes (abstentions included).
    #[serde(with = "crate::types::dec")]
    pub participation: u128,
    /// Number of counted votes.
    pub voters: u64,
    /// Basic votes per weighted token (for dual majority): for, against, abstain.
    #[serde(with = "crate::types::dec::triples")]
    pub communities: Vec<[u128; 3]>,
}

/// A voter's counted power: the total and its split by weighted token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weight {
    /// Total power.
    #[serde(with = "crate::types::dec")]
    pub total: u128,
    /// Per weighted token, in the alliance's weight order (empty for
    /// one-member-one-vote models).
    #[serde(with = "crate::types::dec::vec")]
    pub per_token: Vec<u128>,
}

impl Tally {
    /// An empty tally for `n` choices and `tokens` weighted tokens.
    pub fn new(n: usize, tokens: usize) -> Self {
        Self {
            scores: vec![0; n],
            sqrt_sums: vec![0; n],
            rankings: BTreeMap::new(),
            participation: 0,
            voters: 0,
            communities: vec![[0; 3]; tokens],
        }
    }

    /// Counts a vote.
    pub fn add(&mut self, ballot: &Ballot, weight: &Weight) {
        self.apply(ballot, weight, true);
    }

    /// Uncounts a vote previously added with the same ballot and weight.
    pub fn remove(&mut self, ballot: &Ballot, weight: &Weight) {
        self.apply(ballot, weight, false);
    }

    fn apply(&mut self, ballot: &Ballot, weight: &Weight, add: bool) {
        let bump = |slot: &mut u128, v: u128| {
            // Removal only ever subtracts what an earlier add added.
            *slot = if add { *slot + v } else { *slot - v };
        };
        let power = weight.total;
        bump(&mut self.participation, power);
        self.voters = if add { self.voters + 1 } else { self.voters - 1 };
        match ballot {
            Ballot::One(c) => {
                bump(&mut self.scores[usize::from(*c)], power);
                if usize::from(*c) < 3 {
                    for (community, p) in self.communities.iter_mut().zip(&weight.per_token) {
                        bump(&mut community[usize::from(*c)], *p);
                    }
                }
            }
            Ballot::Approve(choices) => {
                for c in choices {
                    bump(&mut self.scores[usize::from(*c)], power);
                }
            }
            Ballot::Rank(ranking) => {
                bump(&mut self.scores[usize::from(ranking[0])], power);
                let slot = self.rankings.entry(ranking.clone()).or_insert(0);
                bump(slot, power);
                if *slot == 0 {
                    self.rankings.remove(ranking);
                }
            }
            Ballot::Weights(weights) => {
                for (c, share) in split(power, weights) {
                    bump(&mut self.scores[usize::from(c)], share);
                    bump(&mut self.sqrt_sums[usize::from(c)], share.isqrt());
                }
            }
        }
    }

    /// Final scores per choice for a voting type.
    pub fn results(&self, voting: VotingType) -> Vec<u128> {
        match voting {
            VotingType::RankedChoice => self.instant_runoff(),
            VotingType::Quadratic => self.quadratic(),
            _ => self.scores.clone(),
        }
    }

    /// Instant runoff (Snapshot): each round counts every remaining choice;
    /// stop when the leader has strictly more than half of the total, or
    /// fewer than 3 choices remain; otherwise eliminate the lowest (ties: the
    /// lowest choice index) and transfer. Eliminated choices score 0.
    fn instant_runoff(&self) -> Vec<u128> {
        let n = self.scores.len();
        let total: u128 = self.rankings.values().sum();
        let mut remaining = vec![true; n];
        loop {
            let mut counts = vec![0u128; n];
            for (ranking, power) in &self.rankings {
                if let Some(first) = ranking.iter().find(|c| remaining[usize::from(**c)]) {
                    counts[usize::from(*first)] += power;
                }
            }
            let alive: Vec<usize> = (0..n).filter(|c| remaining[*c]).collect();
            let leader = alive.iter().copied().max_by(|a, b| counts[*a].cmp(&counts[*b]).then(b.cmp(a)));
            let leader_count = leader.map_or(0, |l| counts[l]);
            // leader > total / 2, without doubling (leader ≤ total).
            if leader_count > total - leader_count || alive.len() < 3 {
                return counts;
            }
            let lowest = alive.iter().copied().min_by(|a, b| counts[*a].cmp(&counts[*b]).then(a.cmp(b)));
            if let Some(lowest) = lowest {
                remaining[lowest] = false;
            }
        }
    }

    /// Quadratic (Snapshot): `Q_i = (Σ_voters sqrt(share_i))²`, scaled so the
    /// scores add up to the total power of the votes:
    /// `score_i = floor(Q_i · total / Σ Q)`; the remainder of the scaling goes
    /// to the choice with the largest `Q` (lowest index on ties).
    fn quadratic(&self) -> Vec<u128> {
        let q: Vec<U256> = self.sqrt_sums.iter().map(|s| U256::from(*s) * U256::from(*s)).collect();
        let sum: U256 = q.iter().fold(U256::ZERO, |a, b| a + b);
        if sum.is_zero() {
            return vec![0; q.len()];
        }
        // Q_i · total can exceed 2^256 (Q_i is up to voters · total): 512 bits.
        let total = U512::from(self.participation);
        let wide = |v: &U256| U512::from_limbs_slice(v.as_limbs());
        let mut scores: Vec<u128> = q
            .iter()
            .map(|qi| u128::try_from(wide(qi) * total / wide(&sum)).expect("≤ total power"))
            .collect();
        let given: u128 = scores.iter().sum();
        let top = q.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i);
        scores[top] += self.participation - given;
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(total: u128) -> Weight {
        Weight { total, per_token: vec![] }
    }

    #[test]
    fn a_choice_by_name_is_refused_with_the_numbering() {
        let e = parse_ballot(VotingType::Basic, 3, "for").unwrap_err();
        assert!(e.starts_with("`for` is not valid JSON (expected"), "{e}");
        assert!(
            e.ends_with("; choices are numbered from 1; basic ballots: 1 for, 2 against, 3 abstain"),
            "{e}"
        );
        let e = parse_ballot(VotingType::Approval, 4, "[1,").unwrap_err();
        assert!(e.ends_with("; choices are numbered from 1"), "{e}");
        assert_eq!(parse_ballot(VotingType::Basic, 3, "2"), Ok(Ballot::One(1)));
    }

    #[test]
    fn split_gives_the_remainder_to_the_most_weighted_choice() {
        // 10 split 1:1:1 → 3, 3, 3 and the remainder 1 to the first of the ties.
        assert_eq!(split(10, &[(0, 1), (1, 1), (2, 1)]), vec![(0, 4), (1, 3), (2, 3)]);
        // 100 split 1:2 → 33, 66, remainder 1 to choice 1 (weight 2).
        assert_eq!(split(100, &[(0, 1), (1, 2)]), vec![(0, 33), (1, 67)]);
    }

    #[test]
    fn instant_runoff_transfers_eliminated_votes() {
        // 4 choices. A: 40 [1,2,3,4]; B: 30 [2,3,...]; C: 20 [3,2,...]; D: 10 [4,3,...].
        let mut t = Tally::new(4, 0);
        t.add(&Ballot::Rank(vec![0, 1, 2, 3]), &w(40));
        t.add(&Ballot::Rank(vec![1, 2, 0, 3]), &w(30));
        t.add(&Ballot::Rank(vec![2, 1, 0, 3]), &w(20));
        t.add(&Ballot::Rank(vec![3, 2, 1, 0]), &w(10));
        // Round 1: 40/30/20/10, nobody > 50 → eliminate choice 4 (10) → goes to 3.
        // Round 2: 40/30/30 → tie for lowest between 2 and 3: eliminate the lower index (choice 2);
        // its 30 goes to choice 3. Round 3: only 2 remain → stop: 40, 0, 60, 0.
        assert_eq!(t.results(VotingType::RankedChoice), vec![40, 0, 60, 0]);
    }

    #[test]
    fn quadratic_scales_to_total_power() {
        // Voter 1: power 100 all on choice 1 → sqrt 10. Voter 2: power 25 on choice 2 → 5;
        // voter 3: power 25 on choice 2 → 5. S = [10, 10]; Q = [100, 100]; total 150 → 75, 75.
        let mut t = Tally::new(2, 0);
        t.add(&Ballot::Weights(vec![(0, 1)]), &w(100));
        t.add(&Ballot::Weights(vec![(1, 1)]), &w(25));
        t.add(&Ballot::Weights(vec![(1, 1)]), &w(25));
        assert_eq!(t.results(VotingType::Quadratic), vec![75, 75]);
        // Removing voter 3 → S = [10, 5], Q = [100, 25], total 125 → 100, 25.
        t.remove(&Ballot::Weights(vec![(1, 1)]), &w(25));
        assert_eq!(t.results(VotingType::Quadratic), vec![100, 25]);
    }

    #[test]
    fn parses_every_ballot_shape_and_names_the_rule() {
        assert_eq!(parse_ballot(VotingType::Basic, 3, "1"), Ok(Ballot::One(0)));
        assert_eq!(parse_ballot(VotingType::Approval, 4, "[3, 1]"), Ok(Ballot::Approve(vec![0, 2])));
        assert_eq!(parse_ballot(VotingType::RankedChoice, 3, "[2,3,1]"), Ok(Ballot::Rank(vec![1, 2, 0])));
        assert_eq!(
            parse_ballot(VotingType::Weighted, 3, r#"{"3": 1, "1": 2, "2": 0}"#),
            Ok(Ballot::Weights(vec![(0, 2), (2, 1)]))
        );
        assert_eq!(parse_ballot(VotingType::Basic, 3, "4"), Err("choice 4 is out of range 1 to 3".into()));
        assert!(
            parse_ballot(VotingType::RankedChoice, 3, "[1,2]").unwrap_err().contains("only full rankings")
        );
        assert!(parse_ballot(VotingType::Approval, 3, "[1,1]").unwrap_err().contains("more than once"));
        assert!(parse_ballot(VotingType::Weighted, 3, "{}").unwrap_err().contains("positive weight"));
    }
}
