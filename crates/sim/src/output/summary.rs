//! `summary.json`: p5/p50/p95 of every metric at every step per subset, and
//! the stress verdicts, built from rows fed in (subset, run, timestep)
//! order. Memory holds one subset's sketches and one run's verdict state:
//! flat in the number of runs and subsets. A subset's results are written as
//! soon as its last run is fed.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::plan::{Plan, PlanAssertion};
use super::sketch::Sketch;

/// The quantiles reported, in per mille.
pub const QUANTILES: [(&str, u64); 3] = [("p5", 50), ("p50", 500), ("p95", 950)];

/// One verdict of one subset.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Verdict {
    /// The metric.
    pub metric: String,
    /// `< 180`.
    pub condition: String,
    /// `end`, `any`, `all` or a day.
    pub at: String,
    /// Runs in which it held.
    pub runs: u64,
    /// Of how many.
    pub of: u64,
    /// `runs / of`.
    pub share: f64,
    /// The failing share, if the assertion sets one.
    pub max_share: Option<f64>,
    /// Whether the share stayed at or under `max_share` (none: informational).
    pub passed: Option<bool>,
    /// For people: "treasury_runway_days < 180 at the end in 23% of runs (23 of 100)".
    pub text: String,
}

#[derive(Serialize)]
struct SubsetSummary<'a> {
    subset: usize,
    params: &'a serde_json::Map<String, serde_json::Value>,
    runs: u64,
    bands: serde_json::Map<String, serde_json::Value>,
    verdicts: Vec<Verdict>,
}

/// A run's progress on one assertion.
#[derive(Clone, Copy, Debug)]
struct RunCheck {
    held: bool,
    last: f64,
}

/// Builds the summary from rows, writing each subset as it completes.
pub struct SummaryBuilder<W: Write> {
    plan: Plan,
    out: W,
    subset: Option<usize>,
    run: Option<u32>,
    sketches: Vec<Vec<Sketch>>,
    checks: Vec<RunCheck>,
    runs_seen: u64,
    counts: Vec<u64>,
    written: usize,
    verdicts: Vec<(usize, Verdict)>,
}

fn at_text(at: &str) -> String {
    match at {
        "end" => "at the end".into(),
        "any" => "at some step".into(),
        "all" => "at every step".into(),
        day => format!("on day {day}"),
    }
}

fn percent(share: f64) -> String {
    format!("{}%", (share * 1000.0).round() / 10.0)
}

impl<W: Write> SummaryBuilder<W> {
    /// Starts the document.
    pub fn new(plan: &Plan, mut out: W) -> std::io::Result<Self> {
        let head = serde_json::json!({
            "format": plan.format,
            "scenario": plan.scenario,
            "description": plan.description,
            "seed": plan.seed,
            "runs": plan.runs,
            "subsets": plan.subsets.len(),
            "metrics": plan.columns,
            "quantiles": QUANTILES.iter().map(|q| q.0).collect::<Vec<_>>(),
            "relative_error": super::sketch::RELATIVE_ERROR,
        });
        let head = serde_json::to_string(&head).map_err(std::io::Error::other)?;
        // Open the object again to append the results array.
        write!(out, "{},\"results\":[", &head[..head.len() - 1])?;
        Ok(Self {
            plan: plan.clone(),
            out,
            subset: None,
            run: None,
            sketches: Vec::new(),
            checks: Vec::new(),
            runs_seen: 0,
            counts: Vec::new(),
            written: 0,
            verdicts: Vec::new(),
        })
    }

    fn begin_run(&mut self) {
        self.checks =
            self.plan.assertions.iter().map(|a| RunCheck { held: a.at == "all", last: f64::NAN }).collect();
    }

    fn end_run(&mut self) {
        if self.run.is_none() {
            return;
        }
        self.runs_seen += 1;
        for (i, (a, c)) in self.plan.assertions.iter().zip(&self.checks).enumerate() {
            let held = if a.at == "end" { a.holds(c.last) } else { c.held };
            if held {
                self.counts[i] += 1;
            }
        }
    }

    /// Feeds one row (rows of a run in timestep order, runs in order).
    pub fn row(&mut self, subset: usize, run: u32, timestep: usize, values: &[f64]) -> std::io::Result<()> {
        if self.subset != Some(subset) {
            self.end_run();
            self.finish_subset()?;
            self.subset = Some(subset);
            self.run = None;
            self.sketches.clear();
            self.runs_seen = 0;
            self.counts = vec![0; self.plan.assertions.len()];
        }
        if self.run != Some(run) {
            self.end_run();
            self.run = Some(run);
            self.begin_run();
        }
        if self.sketches.len() <= timestep {
            self.sketches.resize_with(timestep + 1, || vec![Sketch::default(); values.len()]);
        }
        for (s, x) in self.sketches[timestep].iter_mut().zip(values) {
            s.add(*x);
        }
        for (a, c) in self.plan.assertions.iter().zip(self.checks.iter_mut()) {
            let x = values[a.column];
            match a.at.as_str() {
                "end" => c.last = x,
                "any" => c.held |= a.holds(x),
                "all" => c.held &= a.holds(x),
                day => {
                    if day.parse::<usize>() == Ok(timestep) {
                        c.held = a.holds(x);
                    }
                }
            }
        }
        Ok(())
    }

    fn verdict(&self, i: usize, a: &PlanAssertion) -> Verdict {
        let (runs, of) = (self.counts[i], self.runs_seen);
        let share = if of == 0 { 0.0 } else { runs as f64 / of as f64 };
        Verdict {
            metric: a.metric.clone(),
            condition: a.condition(),
            at: a.at.clone(),
            runs,
            of,
            share,
            max_share: a.max_share,
            passed: a.max_share.map(|m| share <= m),
            text: format!(
                "{} {} {} in {} of runs ({runs} of {of})",
                a.metric,
                a.condition(),
                at_text(&a.at),
                percent(share)
            ),
        }
    }

    fn finish_subset(&mut self) -> std::io::Result<()> {
        let Some(subset) = self.subset else { return Ok(()) };
        let mut bands = serde_json::Map::new();
        for (m, name) in self.plan.columns.iter().enumerate() {
            let mut band = serde_json::Map::new();
            for (label, permille) in QUANTILES {
                let series: Vec<Option<f64>> =
                    self.sketches.iter().map(|step| step[m].quantile(permille)).collect();
                band.insert(label.to_owned(), serde_json::to_value(series).map_err(std::io::Error::other)?);
            }
            bands.insert(name.clone(), serde_json::Value::Object(band));
        }
        let verdicts: Vec<Verdict> =
            self.plan.assertions.iter().enumerate().map(|(i, a)| self.verdict(i, a)).collect();
        self.verdicts.extend(verdicts.iter().map(|v| (subset, v.clone())));
        let params = &self.plan.subsets[subset].params;
        let s = SubsetSummary { subset, params, runs: self.runs_seen, bands, verdicts };
        let text = serde_json::to_string(&s).map_err(std::io::Error::other)?;
        let sep = if self.written == 0 { "\n" } else { ",\n" };
        write!(self.out, "{sep}{text}")?;
        self.written += 1;
        Ok(())
    }

    /// Ends the document; returns the writer and every verdict by subset, in order.
    pub fn finish(mut self) -> std::io::Result<(W, Vec<(usize, Verdict)>)> {
        self.end_run();
        self.finish_subset()?;
        writeln!(self.out, "\n]}}")?;
        Ok((self.out, self.verdicts))
    }
}
