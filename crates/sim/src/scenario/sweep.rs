//! The sweep grid and dotted-path overrides of TOML values.
//!
//! A sweep key is a dotted path into the scenario (`emission.per_week`,
//! `agents.1.count`: a number indexes an array); `charter.set.<path>` sets one
//! charter override (`charter.set.alliance.agreement.exit.unbonding_days`).
//! Points are the cartesian product of the values, keys in sorted order, the
//! last key varying fastest; subset `i` is the `i`-th point.

use std::collections::BTreeMap;

use toml::{Table, Value};

use crate::error::{SimError, SimResult};

/// Keys a sweep may not change: they describe the whole batch.
const FIXED_KEYS: &[&str] = &["name", "runs", "seed", "sweep", "assert", "step"];

/// One point of the grid: `(key, value)` in key order.
pub type Point = Vec<(String, Value)>;

/// Every point of `sweep` (one empty point when there is no sweep).
pub fn grid(sweep: &BTreeMap<String, Vec<Value>>) -> SimResult<Vec<Point>> {
    let mut points: Vec<Point> = vec![Vec::new()];
    for (key, values) in sweep {
        let root = key.split('.').next().unwrap_or_default();
        if FIXED_KEYS.contains(&root) {
            return Err(SimError::at(format!("sweep.\"{key}\""), format!("`{root}` cannot be swept")));
        }
        if values.is_empty() {
            return Err(SimError::at(format!("sweep.\"{key}\""), "needs at least one value"));
        }
        let mut next = Vec::with_capacity(points.len() * values.len());
        for p in &points {
            for v in values {
                let mut q = p.clone();
                q.push((key.clone(), v.clone()));
                next.push(q);
            }
        }
        points = next;
    }
    Ok(points)
}

/// Applies one sweep point to the scenario table.
pub(super) fn apply(table: &mut Table, point: &Point) -> SimResult<()> {
    for (key, value) in point {
        let path = format!("sweep.\"{key}\"");
        if let Some(charter_key) = key.strip_prefix("charter.set.") {
            let charter = entry_table(table, "charter").map_err(|m| SimError::at(&path, m))?;
            let set = entry_table(charter, "set").map_err(|m| SimError::at(&path, m))?;
            set.insert(charter_key.to_owned(), value.clone());
        } else {
            set_path(table, key, value.clone()).map_err(|m| SimError::at(&path, m))?;
        }
    }
    Ok(())
}

fn entry_table<'t>(table: &'t mut Table, key: &str) -> Result<&'t mut Table, String> {
    table
        .entry(key.to_owned())
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
        .ok_or_else(|| format!("`{key}` is not a table"))
}

/// Sets `value` at the dotted `path` in `table`, creating missing tables
/// (a numeric segment indexes an existing array).
pub fn set_path(table: &mut Table, path: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(format!("`{path}` is not a dotted path"));
    }
    let (first, rest) = segments.split_first().expect("split gives at least one segment");
    if rest.is_empty() {
        table.insert((*first).to_owned(), value);
        return Ok(());
    }
    let next = table.entry((*first).to_owned()).or_insert_with(|| Value::Table(Table::new()));
    set_in(next, rest, value, first)
}

fn set_in(here: &mut Value, segments: &[&str], value: Value, walked: &str) -> Result<(), String> {
    let (seg, rest) = segments.split_first().expect("called with at least one segment");
    let slot: &mut Value = match here {
        Value::Table(t) => {
            if rest.is_empty() {
                t.insert((*seg).to_owned(), value);
                return Ok(());
            }
            t.entry((*seg).to_owned()).or_insert_with(|| Value::Table(Table::new()))
        }
        Value::Array(a) => {
            let i: usize =
                seg.parse().map_err(|_| format!("`{walked}` is an array: `{seg}` is not an index"))?;
            let len = a.len();
            let slot =
                a.get_mut(i).ok_or_else(|| format!("`{walked}`: index {i} out of range (length {len})"))?;
            if rest.is_empty() {
                *slot = value;
                return Ok(());
            }
            slot
        }
        other => return Err(format!("`{walked}` is a {}, not a table", other.type_str())),
    };
    set_in(slot, rest, value, &format!("{walked}.{seg}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sweep(pairs: &[(&str, &[i64])]) -> BTreeMap<String, Vec<Value>> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.iter().map(|x| Value::Integer(*x)).collect())).collect()
    }

    #[test]
    fn grid_is_the_product_with_the_last_key_fastest() {
        let g = grid(&sweep(&[("b.x", &[1, 2]), ("a.y", &[10, 20, 30])])).unwrap();
        // Keys sorted: a.y, then b.x (fastest).
        let flat: Vec<(i64, i64)> =
            g.iter().map(|p| (p[0].1.as_integer().unwrap(), p[1].1.as_integer().unwrap())).collect();
        assert_eq!(flat, vec![(10, 1), (10, 2), (20, 1), (20, 2), (30, 1), (30, 2)]);
    }

    #[test]
    fn fixed_keys_cannot_be_swept() {
        let e = grid(&sweep(&[("runs", &[1])])).unwrap_err();
        assert_eq!(e.path(), Some("sweep.\"runs\""));
    }

    #[test]
    fn paths_reach_into_tables_and_arrays() {
        let mut t: Table = toml::from_str("[[agents]]\ncount = 1\n[[agents]]\ncount = 2\n").unwrap();
        set_path(&mut t, "agents.1.count", Value::Integer(7)).unwrap();
        set_path(&mut t, "emission.per_week", Value::Float(5.0)).unwrap();
        assert_eq!(t["agents"].as_array().unwrap()[1]["count"].as_integer(), Some(7));
        assert_eq!(t["emission"]["per_week"].as_float(), Some(5.0));
        let e = set_path(&mut t, "agents.9.count", Value::Integer(1)).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
        // The table survives an error.
        assert_eq!(t["agents"].as_array().unwrap().len(), 2);
    }
}
