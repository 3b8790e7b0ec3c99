//! `report.html` and `charts/*.svg`: what a batch found, for people. Built
//! from a finished `summary.json` alone (its size depends on metrics, days
//! and sweep points, never on runs), so `run_batch` and `merge` write it
//! last and a shard's or a merged directory's report matches its summary.
//!
//! The page (askama template `templates/report.html`, escaped by default)
//! has the scenario's name and description, what was swept, runs and seed,
//! each verdict in words with pass or fail, and per sweep point one chart
//! per key metric with its SVG inlined: no script, no external asset.

pub mod chart;

use std::collections::BTreeMap;
use std::path::Path;

use askama::Template;
use serde::Deserialize;

use crate::error::{SimError, SimResult};
use crate::output::Verdict;
use chart::{Axes, Band, band_chart};

/// The report's file name.
pub const REPORT: &str = "report.html";
/// The charts' folder.
pub const CHARTS: &str = "charts";

/// A chart of the report: which metrics, how they are labelled.
#[derive(Clone, Copy, Debug)]
pub struct ChartSpec {
    /// File name stem (`tvl` → `charts/s0-tvl.svg`).
    pub slug: &'static str,
    /// Title.
    pub title: &'static str,
    /// The metric columns drawn, each a band.
    pub metrics: &'static [&'static str],
    /// The y axis' description with its unit.
    pub unit: &'static str,
    /// Display factor (100: a share shown in %).
    pub scale: f64,
    /// One sentence under the chart.
    pub explain: &'static str,
}

/// The key metrics charted for every sweep point (then one price chart per token).
pub const CHARTS_SPEC: &[ChartSpec] = &[
    ChartSpec {
        slug: "tvl",
        title: "Total value locked",
        metrics: &["tvl"],
        unit: "quote currency",
        scale: 1.0,
        explain: "Value of everything staked in the alliance's vaults, at market prices.",
    },
    ChartSpec {
        slug: "apr",
        title: "Staking APR",
        metrics: &["apr"],
        unit: "% per year",
        scale: 100.0,
        explain: "What stakers earn per year from active reward streams, at market prices.",
    },
    ChartSpec {
        slug: "emissions",
        title: "Emissions and sell pressure",
        metrics: &["emissions_value", "sell_pressure"],
        unit: "quote currency per day",
        scale: 1.0,
        explain: "Value of newly minted rewards each day, and the value agents sold on the market that day.",
    },
    ChartSpec {
        slug: "runway",
        title: "Treasury runway",
        metrics: &["treasury_runway_days"],
        unit: "days of spending",
        scale: 1.0,
        explain: "How many days the treasury could keep paying its weekly spending at today's prices.",
    },
    ChartSpec {
        slug: "retention",
        title: "Staker retention",
        metrics: &["retention"],
        unit: "% of day-0 stakers",
        scale: 100.0,
        explain: "Share of the stakers of day 0 who are still staked.",
    },
    ChartSpec {
        slug: "participation",
        title: "Governance participation",
        metrics: &["participation"],
        unit: "% of voting power",
        scale: 100.0,
        explain: "Share of the voting power that voted on the last closed proposal.",
    },
    ChartSpec {
        slug: "gini",
        title: "Vote concentration (Gini)",
        metrics: &["gini"],
        unit: "Gini (0 equal, 1 one voter)",
        scale: 1.0,
        explain: "Inequality of the counted vote weights on the last closed proposal.",
    },
    ChartSpec {
        slug: "nakamoto",
        title: "Nakamoto coefficient",
        metrics: &["nakamoto"],
        unit: "voters",
        scale: 1.0,
        explain: "Fewest voters who together cast more than half of the last closed proposal's votes.",
    },
];

#[derive(Deserialize)]
struct BandDoc {
    p5: Vec<Option<f64>>,
    p50: Vec<Option<f64>>,
    p95: Vec<Option<f64>>,
}

#[derive(Deserialize)]
struct SubsetDoc {
    subset: usize,
    params: serde_json::Map<String, serde_json::Value>,
    runs: u64,
    bands: BTreeMap<String, BandDoc>,
    verdicts: Vec<Verdict>,
}

#[derive(Deserialize)]
struct SummaryDoc {
    scenario: String,
    description: String,
    seed: u64,
    runs: u32,
    metrics: Vec<String>,
    relative_error: f64,
    results: Vec<SubsetDoc>,
}

/// A verdict as the page shows it.
struct VerdictView {
    text: String,
    /// `pass`, `fail` or `info`: the CSS class.
    status: &'static str,
    /// `PASS`, `FAIL`, `INFO`.
    badge: &'static str,
    words: String,
}

/// A chart as the page shows it.
struct ChartView {
    title: String,
    file: String,
    explain: String,
    svg: String,
}

struct SubsetView {
    index: usize,
    label: String,
    runs: u64,
    verdicts: Vec<VerdictView>,
    charts: Vec<ChartView>,
    not_charted: Vec<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    scenario: String,
    description: String,
    runs: u32,
    seed: u64,
    days: usize,
    swept: Vec<String>,
    error_pct: String,
    /// In plain words: how many limited verdicts failed.
    overall: String,
    /// `pass`, `fail` or `info`.
    overall_status: &'static str,
    subsets: Vec<SubsetView>,
}

/// "2 of 4 verdicts with a limit failed", "All 4 verdicts with a limit passed".
fn overall(subsets: &[SubsetView]) -> (String, &'static str) {
    let all: Vec<&VerdictView> = subsets.iter().flat_map(|s| &s.verdicts).collect();
    let limited = all.iter().filter(|v| v.status != "info").count();
    let failed = all.iter().filter(|v| v.status == "fail").count();
    match (limited, failed) {
        (0, _) => ("No verdict sets a limit (max_share): they are shown for information.".to_owned(), "info"),
        (n, 0) => (format!("All {n} verdicts with a limit passed."), "pass"),
        (n, f) => (format!("{f} of {n} verdicts with a limit failed."), "fail"),
    }
}

fn verdict_view(v: &Verdict) -> VerdictView {
    let pct = |x: f64| format!("{}%", (x * 1000.0).round() / 10.0);
    let (status, badge, words) = match (v.passed, v.max_share) {
        (Some(true), Some(m)) => {
            ("pass", "PASS", format!("at most {} of runs may do this, and {} did", pct(m), pct(v.share)))
        }
        (Some(false), Some(m)) => {
            ("fail", "FAIL", format!("at most {} of runs may do this, but {} did", pct(m), pct(v.share)))
        }
        _ => ("info", "INFO", "no limit set: shown for information".to_owned()),
    };
    VerdictView { text: v.text.clone(), status, badge, words }
}

fn params_label(params: &serde_json::Map<String, serde_json::Value>) -> String {
    if params.is_empty() {
        return "the scenario as written (nothing swept)".to_owned();
    }
    params.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
}

/// A chart to draw: a [`ChartSpec`] or a price chart.
struct Planned {
    slug: String,
    title: String,
    metrics: Vec<String>,
    unit: &'static str,
    scale: f64,
    explain: String,
}

/// The charts of a batch: the key metrics, then one per price column.
fn planned(metrics: &[String]) -> Vec<Planned> {
    let mut out: Vec<Planned> = CHARTS_SPEC
        .iter()
        .map(|c| Planned {
            slug: c.slug.to_owned(),
            title: c.title.to_owned(),
            metrics: c.metrics.iter().map(|m| (*m).to_owned()).collect(),
            unit: c.unit,
            scale: c.scale,
            explain: c.explain.to_owned(),
        })
        .collect();
    for m in metrics {
        if let Some(token) = m.strip_prefix("price_") {
            out.push(Planned {
                slug: m.clone(),
                title: format!("Price of {token}"),
                metrics: vec![m.clone()],
                unit: "quote currency per token",
                scale: 1.0,
                explain: format!(
                    "Market price of {token}: geometric Brownian motion, shocks and agents' selling."
                ),
            });
        }
    }
    out
}

/// The charts of one sweep point, and the titles of those with no value at all.
fn subset_charts(doc: &SubsetDoc, plan: &[Planned]) -> SimResult<(Vec<ChartView>, Vec<String>)> {
    let (mut charts, mut skipped) = (Vec::new(), Vec::new());
    for p in plan {
        let bands: Vec<Band<'_>> = p
            .metrics
            .iter()
            .filter_map(|c| doc.bands.get(c).map(|b| Band { label: c, p5: &b.p5, p50: &b.p50, p95: &b.p95 }))
            .collect();
        let axes = Axes { title: &p.title, y_desc: p.unit, scale: p.scale };
        match band_chart(axes, &bands)? {
            Some(svg) => charts.push(ChartView {
                title: p.title.clone(),
                file: format!("{CHARTS}/s{}-{}.svg", doc.subset, p.slug),
                explain: p.explain.clone(),
                svg,
            }),
            None => skipped.push(p.title.clone()),
        }
    }
    Ok((charts, skipped))
}

/// Writes `report.html` and `charts/*.svg` in `dir` from its `summary.json`.
pub fn write_report(dir: &Path) -> SimResult<()> {
    let summary_path = dir.join(crate::batch::SUMMARY);
    let text = std::fs::read_to_string(&summary_path).map_err(|e| SimError::io(&summary_path, e))?;
    let doc: SummaryDoc = serde_json::from_str(&text)
        .map_err(|e| SimError::Report(format!("{}: {e}", summary_path.display())))?;
    let charts_dir = dir.join(CHARTS);
    std::fs::create_dir_all(&charts_dir).map_err(|e| SimError::io(&charts_dir, e))?;
    let mut swept: Vec<String> = Vec::new();
    let mut subsets = Vec::new();
    let mut days = 0;
    let plan = planned(&doc.metrics);
    for s in &doc.results {
        for k in s.params.keys() {
            if !swept.contains(k) {
                swept.push(k.clone());
            }
        }
        days = days.max(s.bands.values().map(|b| b.p50.len()).max().unwrap_or(0));
        let (charts, not_charted) = subset_charts(s, &plan)?;
        for c in &charts {
            let path = dir.join(&c.file);
            std::fs::write(&path, &c.svg).map_err(|e| SimError::io(&path, e))?;
        }
        subsets.push(SubsetView {
            index: s.subset,
            label: params_label(&s.params),
            runs: s.runs,
            verdicts: s.verdicts.iter().map(verdict_view).collect(),
            charts,
            not_charted,
        });
    }
    let (overall, overall_status) = overall(&subsets);
    let page = ReportPage {
        scenario: doc.scenario,
        description: doc.description,
        runs: doc.runs,
        seed: doc.seed,
        days: days.saturating_sub(1),
        swept,
        error_pct: format!("{}", doc.relative_error * 100.0),
        overall,
        overall_status,
        subsets,
    };
    let html = page.render().map_err(|e| SimError::Report(format!("{REPORT}: {e}")))?;
    let path = dir.join(REPORT);
    std::fs::write(&path, html).map_err(|e| SimError::io(&path, e))
}
