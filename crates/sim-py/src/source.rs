//! What a `scenario` argument names: a built-in scenario's name, TOML text,
//! or a scenario file's path, tried in that order.
//!
//! - a name in [`concord_sim::builtin::BUILTINS`] is that built-in;
//! - text with a line break is TOML (a charter `path` in it is relative to
//!   the working directory);
//! - anything else is a path to a scenario file (a charter `path` is
//!   relative to the file), and a path that does not exist is refused with
//!   the built-in names.

use std::path::Path;

use concord_sim::builtin::{BUILTINS, builtin};
use concord_sim::scenario::{Loaded, load, load_file};
use concord_sim::{SimError, SimResult};

/// Loads the scenario `arg` names, with `runs` and `seed` overriding its own.
pub fn resolve(arg: &str, runs: Option<u32>, seed: Option<u64>) -> SimResult<Loaded> {
    let loaded = if let Some(text) = builtin(arg) {
        load(text, None)?
    } else if arg.contains('\n') {
        load(arg, None)?
    } else if Path::new(arg).is_file() {
        load_file(Path::new(arg))?
    } else {
        let names: Vec<&str> = BUILTINS.iter().map(|(n, _)| *n).collect();
        return Err(SimError::at(
            "scenario",
            format!(
                "`{arg}` is neither a built-in scenario ({}), TOML text nor a scenario file",
                names.join(", ")
            ),
        ));
    };
    let loaded = match runs {
        Some(r) => loaded.with_runs(r)?,
        None => loaded,
    };
    Ok(match seed {
        Some(s) => loaded.with_seed(s),
        None => loaded,
    })
}

/// `(name, description)` of every built-in scenario, in listing order.
pub fn builtins() -> SimResult<Vec<(String, String)>> {
    BUILTINS.iter().map(|(name, text)| Ok(((*name).to_owned(), load(text, None)?.base.description))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_builtin_name_loads_that_builtin() {
        let l = resolve("emission-sell-pressure", Some(3), Some(9)).unwrap();
        assert_eq!(l.base.name, "emission-sell-pressure");
        assert_eq!((l.runs(), l.base.seed, l.subsets.len()), (3, 9, 4));
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_builtins() {
        let e = resolve("no-such-scenario", None, None).unwrap_err();
        assert_eq!(e.path(), Some("scenario"));
        assert!(e.to_string().contains("token-shock, rewards-end"), "{e}");
    }

    #[test]
    fn zero_runs_is_refused() {
        assert_eq!(resolve("token-shock", Some(0), None).unwrap_err().path(), Some("runs"));
    }

    #[test]
    fn every_builtin_is_listed_with_its_description() {
        let b = builtins().unwrap();
        assert_eq!(b.len(), 5);
        assert_eq!(b[0].0, "token-shock");
        assert!(!b[0].1.is_empty());
    }
}
