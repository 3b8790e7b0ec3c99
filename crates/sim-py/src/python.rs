//! The Python module `concord_sim._native` (feature `python`). Every
//! function takes the scenario as [`crate::source::resolve`] reads it and
//! releases the GIL while the simulator runs.

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use concord_sim::SimError;

use crate::select::Select;

create_exception!(
    _native,
    ScenarioError,
    PyValueError,
    "The scenario or an argument breaks a rule; the message starts with the field path."
);

fn py_err(e: &SimError) -> PyErr {
    match e {
        SimError::Scenario { .. } | SimError::Charter { .. } => ScenarioError::new_err(e.to_string()),
        SimError::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => PyRuntimeError::new_err(e.to_string()),
    }
}

/// `(name, description)` of every built-in scenario.
#[pyfunction]
fn list_scenarios() -> PyResult<Vec<(String, String)>> {
    crate::source::builtins().map_err(|e| py_err(&e))
}

/// The batch's plan (`plan.json`): name, seed, runs, metric columns, each
/// subset's swept values, the assertions.
#[pyfunction]
#[pyo3(signature = (scenario, runs=None, seed=None))]
fn plan(scenario: &str, runs: Option<u32>, seed: Option<u64>) -> PyResult<String> {
    crate::plan_json(scenario, runs, seed).map_err(|e| py_err(&e))
}

/// Runs the selected items; returns the rows as an Arrow IPC stream.
#[pyfunction]
#[pyo3(signature = (scenario, runs=None, seed=None, threads=0, shard=None, items=None, subsets=None))]
#[allow(clippy::too_many_arguments)]
fn run<'py>(
    py: Python<'py>,
    scenario: &str,
    runs: Option<u32>,
    seed: Option<u64>,
    threads: usize,
    shard: Option<(u32, u32)>,
    items: Option<(usize, usize)>,
    subsets: Option<Vec<usize>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let sel = Select { shard, items, subsets };
    let scenario = scenario.to_owned();
    let bytes = py
        .detach(move || crate::run_ipc(&scenario, runs, seed, threads, &sel, false).map(|r| r.0))
        .map_err(|e| py_err(&e))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Runs the selected items; returns the Arrow IPC stream and `summary.json`.
#[pyfunction]
#[pyo3(signature = (scenario, runs=None, seed=None, threads=0, shard=None, items=None, subsets=None))]
#[allow(clippy::too_many_arguments)]
fn run_summary<'py>(
    py: Python<'py>,
    scenario: &str,
    runs: Option<u32>,
    seed: Option<u64>,
    threads: usize,
    shard: Option<(u32, u32)>,
    items: Option<(usize, usize)>,
    subsets: Option<Vec<usize>>,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let sel = Select { shard, items, subsets };
    let scenario = scenario.to_owned();
    let (bytes, summary) = py
        .detach(move || crate::run_ipc(&scenario, runs, seed, threads, &sel, true))
        .map_err(|e| py_err(&e))?;
    Ok((PyBytes::new(py, &bytes), summary.unwrap_or_default()))
}

/// `summary.json` of results already run (an Arrow IPC stream from
/// [`run`], blocks concatenated in item order).
#[pyfunction]
#[pyo3(signature = (scenario, results, runs=None, seed=None))]
fn summarize(
    py: Python<'_>,
    scenario: &str,
    results: Vec<u8>,
    runs: Option<u32>,
    seed: Option<u64>,
) -> PyResult<String> {
    let scenario = scenario.to_owned();
    py.detach(move || crate::summarize_ipc(&scenario, &results, runs, seed)).map_err(|e| py_err(&e))
}

/// The module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ScenarioError", m.py().get_type::<ScenarioError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(list_scenarios, m)?)?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(run_summary, m)?)?;
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    Ok(())
}
