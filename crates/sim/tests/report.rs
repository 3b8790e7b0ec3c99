//! `report.html` and `charts/*.svg`: the verdicts in words and one inline
//! SVG per charted metric, identical for a merged and an unsharded batch.

use concord_sim::batch::{BatchOptions, run_batch};
use concord_sim::merge::merge;
use concord_sim::scenario::load;

const SCENARIO: &str = r#"
name = "report-test"
description = "Farmers & a <small> treasury"
horizon_days = 14
runs = 4
seed = 3

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 20000

[treasury]
spend_per_week = 5000

[market]
tokens = [
  { token = "GOV", price = 1.0, volatility = 0.5 },
  { token = "ALLY", price = 0.1, volatility = 0.7 },
]

[[agents]]
kind = "farmer"
count = 8
stake = 1000
apr_threshold = { dist = "uniform", low = 0.5, high = 3.0 }

[sweep]
"emission.per_week" = [20000, 60000]

[[assert]]
metric = "retention"
below = 2.0
max_share = 0.5

[[assert]]
metric = "tvl"
above = 0.0
at = "all"
max_share = 0.25

[[assert]]
metric = "stakers"
above = 1000
"#;

#[test]
fn the_report_states_the_verdicts_and_inlines_a_chart_per_metric() {
    let loaded = load(SCENARIO, None).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let opts = BatchOptions { threads: 2, shard: 1, of: 1, out_dir: dir.clone() };
    let report = run_batch(&loaded, &opts, &|| {}).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<title>report-test — Concord simulation report</title>"));
    // Escaped by default.
    assert!(html.contains("Farmers &#38; a &#60;small&#62; treasury"), "{}", &html[..800]);
    assert!(html.contains("<code>emission.per_week</code>"));
    assert!(html.contains("Sweep point 1: emission.per_week = 60000"));
    // Retention is at most 1 < 2 in every run: 100% > 50% allowed, so it fails;
    // TVL stays positive in every run: 100% > 25%, fails; stakers never exceed 1000: informational.
    for (_, v) in &report.verdicts {
        assert!(html.contains(&v.text.replace('<', "&#60;").replace('>', "&#62;")), "{}", v.text);
    }
    assert_eq!(report.verdicts[0].1.text, "retention < 2 at the end in 100% of runs (4 of 4)");
    assert_eq!(html.matches("<span class=\"badge\">FAIL</span>").count(), 4);
    assert_eq!(html.matches("<span class=\"badge\">INFO</span>").count(), 2);
    assert!(html.contains("at most 50% of runs may do this, but 100% did"));
    assert!(
        html.contains("<p class=\"overall fail\" id=\"overall\">4 of 4 verdicts with a limit failed.</p>")
    );
    assert!(html.contains("How to read this:"));
    // Per sweep point: TVL, APR, emissions, runway, retention, two prices; no
    // proposal ever closes, so participation, Gini and Nakamoto are not charted.
    for s in 0..2 {
        for slug in ["tvl", "apr", "emissions", "runway", "retention", "price_GOV", "price_ALLY"] {
            let file = format!("charts/s{s}-{slug}.svg");
            let svg = std::fs::read_to_string(dir.join(&file)).unwrap();
            assert!(svg.starts_with("<svg"), "{file}");
            assert!(html.contains(&format!("data-file=\"{file}\"")), "{file}");
            assert!(html.contains(&svg), "{file} inlined");
        }
        assert!(!dir.join(format!("charts/s{s}-gini.svg")).exists());
    }
    assert_eq!(html.matches("<svg").count(), 14);
    assert!(html.contains(
        "Not charted, undefined in every run: Governance participation, Vote concentration (Gini), Nakamoto coefficient."
    ));
    // Nothing to fetch: no script, no link, no source attribute.
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));

    // A merged pair of shards writes the same report and charts.
    let (s1, s2, merged) = (tmp.path().join("s1"), tmp.path().join("s2"), tmp.path().join("m"));
    for (i, d) in [(1, &s1), (2, &s2)] {
        let opts = BatchOptions { threads: 1, shard: i, of: 2, out_dir: d.clone() };
        run_batch(&loaded, &opts, &|| {}).unwrap();
    }
    merge(&[s1, s2], &merged).unwrap();
    assert_eq!(std::fs::read_to_string(merged.join("report.html")).unwrap(), html);
    assert_eq!(
        std::fs::read(merged.join("charts/s1-tvl.svg")).unwrap(),
        std::fs::read(dir.join("charts/s1-tvl.svg")).unwrap()
    );
}
