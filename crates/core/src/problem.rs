//! `Problem`: one broken rule at one path, the unit of every validation report.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One broken rule: where (`alliance.members[1].timezone`) and what rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Problem {
    /// Dotted path to the offending field.
    pub path: String,
    /// The rule, phrased so the fix is obvious.
    pub rule: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, rule: impl Into<String>) -> Self {
        Self { path: path.into(), rule: rule.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.rule)
    }
}

/// Collects problems under a path prefix.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, path: impl Into<String>, rule: impl Into<String>) {
        self.list.push(Problem::new(path, rule));
    }

    /// Records `rule` at `path` unless `ok`.
    pub fn check(&mut self, ok: bool, path: impl Into<String>, rule: impl Into<String>) {
        if !ok {
            self.push(path, rule);
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems, in the order found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }
}

/// Formats a list of problems one per line.
pub fn render(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}
