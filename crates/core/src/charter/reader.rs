//! A TOML reader that keeps going: every missing, mistyped or unknown key
//! becomes a `Problem` with its path, and reading continues, so `concord
//! check` reports all problems at once instead of the first.

use std::str::FromStr;

use toml::{Table, Value};

use crate::problem::Problems;

/// Reads typed values out of TOML tables, recording problems.
pub(crate) struct Reader<'p> {
    pub(crate) out: &'p mut Problems,
}

/// A parser from one TOML value, with the rule it enforces in its error.
pub(crate) type Parse<T> = fn(&Value) -> Result<T, String>;

impl Reader<'_> {
    /// A required sub-table.
    pub(crate) fn table<'t>(&mut self, parent: &'t Table, path: &str, key: &str) -> Option<&'t Table> {
        let full = join(path, key);
        match parent.get(key) {
            None => {
                self.out.push(full, "is required (a table)");
                None
            }
            Some(Value::Table(t)) => Some(t),
            Some(other) => {
                self.out.push(full, format!("must be a table, got {}", other.type_str()));
                None
            }
        }
    }

    /// A required array of tables (`[[key]]`).
    pub(crate) fn tables<'t>(
        &mut self,
        parent: &'t Table,
        path: &str,
        key: &str,
    ) -> Vec<(String, &'t Table)> {
        let full = join(path, key);
        match parent.get(key) {
            None => {
                self.out.push(full, "is required (an array of tables)");
                Vec::new()
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let item_path = format!("{full}[{i}]");
                    match item {
                        Value::Table(t) => Some((item_path, t)),
                        other => {
                            self.out.push(item_path, format!("must be a table, got {}", other.type_str()));
                            None
                        }
                    }
                })
                .collect(),
            Some(other) => {
                self.out.push(full, format!("must be an array of tables, got {}", other.type_str()));
                Vec::new()
            }
        }
    }

    /// Records a problem found by the caller.
    pub(crate) fn problem(&mut self, path: &str, rule: String) {
        self.out.push(path.to_owned(), rule);
    }

    /// A required value.
    pub(crate) fn req<T>(&mut self, table: &Table, path: &str, key: &str, parse: Parse<T>) -> Option<T> {
        match table.get(key) {
            None => {
                self.out.push(join(path, key), "is required");
                None
            }
            Some(v) => self.parse(v, join(path, key), parse),
        }
    }

    /// An optional value: `Some(None)` when absent, `None` when present but bad.
    pub(crate) fn opt<T>(
        &mut self,
        table: &Table,
        path: &str,
        key: &str,
        parse: Parse<T>,
    ) -> Option<Option<T>> {
        match table.get(key) {
            None => Some(None),
            Some(v) => self.parse(v, join(path, key), parse).map(Some),
        }
    }

    /// A list of values, each checked; absent means empty.
    pub(crate) fn list<T>(
        &mut self,
        table: &Table,
        path: &str,
        key: &str,
        parse: Parse<T>,
    ) -> Option<Vec<T>> {
        let full = join(path, key);
        match table.get(key) {
            None => Some(Vec::new()),
            Some(Value::Array(items)) => {
                let mut ok = true;
                let mut values = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match self.parse(item, format!("{full}[{i}]"), parse) {
                        Some(v) => values.push(v),
                        None => ok = false,
                    }
                }
                ok.then_some(values)
            }
            Some(other) => {
                self.out.push(full, format!("must be an array, got {}", other.type_str()));
                None
            }
        }
    }

    /// Records every key of `table` not in `allowed`.
    pub(crate) fn deny_unknown(&mut self, table: &Table, path: &str, allowed: &[&str]) {
        for key in table.keys() {
            if !allowed.contains(&key.as_str()) {
                self.out
                    .push(join(path, key), format!("unknown key (expected one of: {})", allowed.join(", ")));
            }
        }
    }

    fn parse<T>(&mut self, value: &Value, path: String, parse: Parse<T>) -> Option<T> {
        match parse(value) {
            Ok(v) => Some(v),
            Err(rule) => {
                self.out.push(path, rule);
                None
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}

// ------------------------------------------------------------------ parsers

/// Any string.
pub(crate) fn string(v: &Value) -> Result<String, String> {
    v.as_str().map(str::to_owned).ok_or_else(|| format!("must be a string, got {}", v.type_str()))
}

/// A string parsed with `FromStr`, whose error names the rule.
pub(crate) fn parsed<T: FromStr>(v: &Value) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    let text = v.as_str().ok_or_else(|| format!("must be a string, got {}", v.type_str()))?;
    text.parse().map_err(|e: T::Err| e.to_string())
}

/// An amount: a decimal string (or a small TOML integer).
pub(crate) fn amount(v: &Value) -> Result<crate::types::Amount, String> {
    match v {
        Value::Integer(i) if *i >= 0 => Ok(crate::types::Amount(*i as u128)),
        Value::Integer(i) => Err(format!("must be non-negative, got {i}")),
        Value::String(_) => parsed(v),
        other => Err(format!("must be a decimal string in base units, got {}", other.type_str())),
    }
}

/// A bool.
pub(crate) fn boolean(v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| format!("must be true or false, got {}", v.type_str()))
}

fn integer(v: &Value, min: i64, max: i64) -> Result<i64, String> {
    let i = v.as_integer().ok_or_else(|| format!("must be an integer, got {}", v.type_str()))?;
    if (min..=max).contains(&i) { Ok(i) } else { Err(format!("must be between {min} and {max}, got {i}")) }
}

/// A `u8`.
pub(crate) fn u8_(v: &Value) -> Result<u8, String> {
    integer(v, 0, i64::from(u8::MAX)).map(|i| i as u8)
}

/// A `u32`.
pub(crate) fn u32_(v: &Value) -> Result<u32, String> {
    integer(v, 0, i64::from(u32::MAX)).map(|i| i as u32)
}

/// A `u64` (TOML integers are signed 64-bit, so at most `i64::MAX`).
pub(crate) fn u64_(v: &Value) -> Result<u64, String> {
    integer(v, 0, i64::MAX).map(|i| i as u64)
}

/// Basis points, 0 to 10000.
pub(crate) fn bps(v: &Value) -> Result<crate::types::Bps, String> {
    integer(v, 0, 10_000).map(|i| crate::types::Bps(i as u16))
}

/// One of a fixed set of names.
pub(crate) fn one_of<T: Copy>(v: &Value, all: &[T], name: fn(T) -> &'static str) -> Result<T, String> {
    let text = v.as_str().ok_or_else(|| format!("must be a string, got {}", v.type_str()))?;
    all.iter().copied().find(|x| name(*x) == text).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|x| name(*x)).collect();
        format!("must be one of {}, got `{text}`", names.join(", "))
    })
}
