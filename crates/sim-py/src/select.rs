//! Which (subset, run) items a call runs: a shard, an explicit item range,
//! and optionally only some subsets. Items are numbered as the batch numbers
//! them: item `k` is subset `k / runs`, run `k % runs + 1`.

use concord_sim::output::shard_items;
use concord_sim::{SimError, SimResult};

/// A selection of items, as given by the caller.
#[derive(Clone, Debug, Default)]
pub struct Select {
    /// Shard `i` of `n` (from 1); `None` is 1/1.
    pub shard: Option<(u32, u32)>,
    /// Items `[start, end)`; excludes a shard other than 1/1.
    pub items: Option<(usize, usize)>,
    /// Only these subsets (sweep points).
    pub subsets: Option<Vec<usize>>,
}

/// The selected items as sorted, disjoint, non-empty ranges `[start, end)`.
pub fn ranges(sel: &Select, subsets: usize, runs: u32) -> SimResult<Vec<[usize; 2]>> {
    let runs = runs as usize;
    let total = subsets * runs;
    let (shard, of) = sel.shard.unwrap_or((1, 1));
    if of == 0 || shard == 0 || shard > of {
        return Err(SimError::at("shard", format!("must be (i, n) with 1 ≤ i ≤ n, got ({shard}, {of})")));
    }
    let span = match sel.items {
        Some(_) if of != 1 => return Err(SimError::at("items", "give items or a shard, not both")),
        Some((start, end)) if start > end || end > total => {
            return Err(SimError::at(
                "items",
                format!(
                    "must be (start, end) with start ≤ end ≤ {total} (the batch's items), got ({start}, {end})"
                ),
            ));
        }
        Some((start, end)) => [start, end],
        None => shard_items(total, shard, of),
    };
    let chosen: Vec<usize> = match &sel.subsets {
        None => (0..subsets).collect(),
        Some(list) => {
            let mut list = list.clone();
            list.sort_unstable();
            list.dedup();
            if let Some(bad) = list.iter().find(|s| **s >= subsets) {
                return Err(SimError::at(
                    "subsets",
                    format!("subset {bad} does not exist (the sweep has {subsets}, from 0)"),
                ));
            }
            list
        }
    };
    let mut out: Vec<[usize; 2]> = Vec::new();
    for s in chosen {
        let (a, b) = ((s * runs).max(span[0]), ((s + 1) * runs).min(span[1]));
        if a >= b {
            continue;
        }
        match out.last_mut() {
            Some(last) if last[1] == a => last[1] = b,
            _ => out.push([a, b]),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_by_default() {
        assert_eq!(ranges(&Select::default(), 4, 10).unwrap(), vec![[0, 40]]);
    }

    #[test]
    fn a_shard_is_the_batch_block() {
        let sel = Select { shard: Some((2, 3)), ..Select::default() };
        // ⌊1·40/3⌋ = 13, ⌊2·40/3⌋ = 26.
        assert_eq!(ranges(&sel, 4, 10).unwrap(), vec![[13, 26]]);
    }

    #[test]
    fn subsets_cut_the_range() {
        let sel = Select { items: Some((5, 35)), subsets: Some(vec![3, 0, 1]), ..Select::default() };
        assert_eq!(ranges(&sel, 4, 10).unwrap(), vec![[5, 20], [30, 35]]);
    }

    #[test]
    fn bad_selections_name_their_field() {
        let bad = |sel: Select| ranges(&sel, 2, 3).unwrap_err().path().map(str::to_owned);
        assert_eq!(bad(Select { shard: Some((3, 2)), ..Select::default() }).as_deref(), Some("shard"));
        assert_eq!(bad(Select { items: Some((0, 7)), ..Select::default() }).as_deref(), Some("items"));
        assert_eq!(bad(Select { subsets: Some(vec![2]), ..Select::default() }).as_deref(), Some("subsets"));
        let both = Select { shard: Some((1, 2)), items: Some((0, 1)), ..Select::default() };
        assert_eq!(bad(both).as_deref(), Some("items"));
    }
}
