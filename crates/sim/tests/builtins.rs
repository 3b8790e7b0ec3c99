//! Every built-in scenario loads and runs a few runs through the engine.

use concord_sim::batch::{BatchOptions, run_batch};
use concord_sim::builtin::BUILTINS;
use concord_sim::scenario::load;

fn column(csv: &str, name: &str) -> Vec<f64> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    lines.map(|l| l.split(',').nth(i).unwrap().parse::<f64>().unwrap_or(f64::NAN)).collect()
}

fn run_builtin(name: &str, runs: u32) -> (String, serde_json::Value) {
    let text = BUILTINS.iter().find(|b| b.0 == name).unwrap().1;
    let loaded = load(text, None).unwrap().with_runs(runs).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let opts = BatchOptions { threads: 2, shard: 1, of: 1, out_dir: dir.path().to_owned() };
    let report = run_batch(&loaded, &opts, &|| {}).unwrap();
    assert_eq!(report.items, loaded.subsets.len() * runs as usize);
    assert_eq!(report.verdicts.len(), loaded.subsets.len() * loaded.base.assertions.len());
    let csv = std::fs::read_to_string(dir.path().join("results.csv")).unwrap();
    let summary =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap()).unwrap();
    (csv, summary)
}

#[test]
fn every_builtin_loads_with_its_own_name() {
    for (name, text) in BUILTINS {
        let l = load(text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(l.base.name, *name);
        assert!(!l.base.description.is_empty());
    }
}

#[test]
fn token_shock_halves_gov_on_day_30() {
    let (csv, summary) = run_builtin("token-shock", 2);
    let gov = column(&csv, "price_GOV");
    let timestep = column(&csv, "timestep");
    // Day 30 is one GBM step (|log move| well under 0.69 at σ = 0.6) and the −50 % shock.
    for (t, w) in timestep.iter().zip(gov.windows(2)) {
        if *t == 29.0 {
            assert!(w[1] / w[0] < 0.6 && w[1] / w[0] > 0.4, "{} → {}", w[0], w[1]);
        }
    }
    let verdicts = summary["results"][0]["verdicts"].as_array().unwrap();
    assert_eq!(verdicts[0]["metric"], "treasury_runway_days");
    assert_eq!(verdicts[0]["of"], 2);
}

#[test]
fn rewards_end_stops_emissions_after_day_60() {
    let (csv, _) = run_builtin("rewards-end", 2);
    let emitted = column(&csv, "emitted_tokens");
    let timestep = column(&csv, "timestep");
    // Epochs start on days 0, 7, …, 56 (nine epochs); the sunset is the epoch starting on day 63.
    let total: f64 = emitted.iter().zip(&timestep).filter(|(_, t)| **t >= 0.0).map(|(e, _)| *e).sum();
    assert_eq!(total, 2.0 * 9.0 * 100_000.0);
    assert!(emitted.iter().zip(&timestep).all(|(e, t)| *t < 60.0 || *e == 0.0));
    let apr = column(&csv, "apr");
    assert!(
        apr.iter().zip(&timestep).all(|(a, t)| *t < 64.0 || *a == 0.0),
        "no stream after the last funding ends"
    );
}

#[test]
fn emission_sell_pressure_sweeps_four_rates() {
    let (csv, summary) = run_builtin("emission-sell-pressure", 1);
    let results = summary["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    assert_eq!(results[3]["params"]["emission.per_week"], 200000);
    assert!(column(&csv, "sell_pressure").iter().any(|s| *s > 0.0));
}

#[test]
fn sybil_cluster_votes_on_every_proposal() {
    let (csv, _) = run_builtin("sybil-governance", 1);
    let share = column(&csv, "sybil_vote_share");
    let nakamoto = column(&csv, "nakamoto");
    // The first proposal (day 1, votes days 2–6) closes on day 7.
    let known: Vec<f64> = share.iter().copied().filter(|s| !s.is_nan()).collect();
    assert!(!known.is_empty());
    assert!(known.iter().all(|s| *s > 0.0 && *s < 1.0), "{known:?}");
    assert!(nakamoto.iter().any(|n| *n >= 2.0));
    assert_eq!(column(&csv, "rejected_commands").last(), Some(&0.0));
}

#[test]
fn member_exit_empties_the_community_stake() {
    let (csv, _) = run_builtin("member-exit", 1);
    let retention = column(&csv, "retention");
    assert_eq!(retention[0], 1.0);
    assert!(retention.last().unwrap() < &retention[44]);
    assert_eq!(column(&csv, "rejected_commands").last(), Some(&0.0));
}

#[test]
fn arbitrageurs_in_the_sell_pressure_scenario_buy_back_from_the_market() {
    // Without them the same seed's ALLY price ends no higher in any subset,
    // and lower at the highest rate (200,000 a week: at the lowest rates the
    // farmers leave on day 1 and the holders' selling stays inside the band).
    let l = concord_sim::scenario::load(BUILTIN_SELL, None).unwrap().with_runs(1).unwrap();
    let without =
        concord_sim::scenario::load(&strip_arbitrageurs(BUILTIN_SELL), None).unwrap().with_runs(1).unwrap();
    let mut ends = Vec::new();
    for (a, b) in l.subsets.iter().zip(&without.subsets) {
        let price_end = |s: &concord_sim::scenario::Subset| {
            let p = concord_sim::world::prepare(s).unwrap();
            let out = concord_sim::world::run(&p, &s.scenario, l.base.seed, 0, 1).unwrap();
            let c = p.columns.iter().position(|c| c == "price_ALLY").unwrap();
            out.rows().last().unwrap()[c]
        };
        let (with_arbs, alone) = (price_end(a), price_end(b));
        assert!(with_arbs >= alone, "{with_arbs} < {alone}");
        ends.push((with_arbs, alone));
    }
    assert_eq!(ends.len(), 4);
    assert!(ends[3].0 > ends[3].1, "{:?}", ends[3]);
}

const BUILTIN_SELL: &str = include_str!("../../../scenarios/emission-sell-pressure.toml");

fn strip_arbitrageurs(text: &str) -> String {
    let start = text.find("[[agents]]\nkind = \"arbitrageur\"").unwrap();
    let end = start + text[start..].find("[sweep]").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}
