//! Scenario files: every error names its field path.

use concord_sim::scenario::load;

/// A small valid scenario; tests replace one line or append a table.
const BASE: &str = r#"
name = "t"
horizon_days = 30
runs = 2
seed = 1

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 1000

[market]
tokens = [
  { token = "GOV", price = 1.0, volatility = 0.5 },
  { token = "ALLY", price = 0.1 },
]

[[agents]]
kind = "holder"
count = 3
stake = 100

[[agents]]
kind = "farmer"
count = 5
stake = { dist = "lognormal", median = 1000, sigma = 0.5 }
apr_threshold = { dist = "uniform", low = 0.1, high = 0.5 }
"#;

fn error_of(text: &str) -> (String, String) {
    let e = load(text, None).expect_err("the scenario should be refused");
    (e.path().unwrap_or("<no path>").to_owned(), e.to_string())
}

#[test]
fn the_base_scenario_loads() {
    let l = load(BASE, None).unwrap();
    assert_eq!(l.subsets.len(), 1);
    assert_eq!(l.items(), 2);
    assert_eq!(l.subsets[0].scenario.agents.len(), 2);
}

#[test]
fn an_unknown_field_in_a_distribution_is_named() {
    let text = BASE.replace("high = 0.5 }", "hgh = 0.5 }");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "agents[1].apr_threshold.hgh");
    assert!(msg.contains("unknown field `hgh`, expected one of"), "{msg}");
}

#[test]
fn a_missing_distribution_parameter_is_named() {
    let text = BASE.replace(", high = 0.5 }", " }");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "agents[1].apr_threshold.high");
    assert!(msg.contains("required for dist = \"uniform\""), "{msg}");
}

#[test]
fn a_mistyped_value_is_named() {
    let text = BASE.replace("horizon_days = 30", "horizon_days = \"thirty\"");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "horizon_days");
    assert!(msg.contains("invalid type"), "{msg}");
}

#[test]
fn an_unknown_top_level_table_is_refused() {
    let (path, msg) = error_of(&format!("{BASE}\n[markets]\nx = 1\n"));
    assert_eq!(path, "markets");
    assert!(msg.contains("unknown field `markets`"), "{msg}");
}

#[test]
fn a_field_of_another_agent_kind_is_named() {
    let text = BASE.replace("count = 3\nstake = 100", "count = 3\nstake = 100\napr_threshold = 0.2");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "agents[0].apr_threshold");
    assert!(msg.contains("only farmer agents"), "{msg}");
}

#[test]
fn an_unknown_market_token_is_named() {
    let text = BASE.replace(
        "{ token = \"ALLY\", price = 0.1 }",
        "{ token = \"ALLY\", price = 0.1 },\n { token = \"XYZ\", price = 1 }",
    );
    let (path, msg) = error_of(&text);
    assert_eq!(path, "market.tokens[2].token");
    assert!(msg.contains("not a charter token"), "{msg}");
}

#[test]
fn a_shock_after_the_horizon_is_named() {
    let text = format!("{BASE}\n[[market.shocks]]\ntoken = \"GOV\"\nday = 31\nchange = -0.5\n");
    let (path, _) = error_of(&text);
    assert_eq!(path, "market.shocks[0].day");
}

#[test]
fn a_correlation_matrix_must_be_positive_definite() {
    let text = BASE.replace("[market]\n", "[market]\ncorrelation = [[1.0, 1.2], [1.2, 1.0]]\n");
    let (path, _) = error_of(&text);
    assert_eq!(path, "market.correlation[0][1]");
    let text = BASE.replace("[market]\n", "[market]\ncorrelation = [[1.0, 0.5]]\n");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "market.correlation");
    assert!(msg.contains("2×2"), "{msg}");
}

#[test]
fn an_unknown_metric_in_an_assertion_is_named() {
    let text = format!("{BASE}\n[[assert]]\nmetric = \"runway\"\nbelow = 180\n");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "assert[0].metric");
    assert!(msg.contains("treasury_runway_days"), "{msg}");
}

#[test]
fn a_bad_sweep_value_names_the_field_and_the_point() {
    let text = format!("{BASE}\n[sweep]\n\"emission.per_week\" = [500, -1]\n");
    let (path, msg) = error_of(&text);
    assert_eq!(path, "emission.per_week");
    assert!(msg.contains("sweep point emission.per_week = -1"), "{msg}");
}

#[test]
fn a_sweep_expands_to_subsets() {
    let text =
        format!("{BASE}\n[sweep]\n\"emission.per_week\" = [500, 1000]\n\"agents.0.count\" = [1, 2, 3]\n");
    let l = load(&text, None).unwrap();
    assert_eq!(l.subsets.len(), 6);
    assert_eq!(l.items(), 12);
    // Keys sorted: agents.0.count, then emission.per_week (fastest).
    let s = &l.subsets[3].scenario;
    assert_eq!((s.agents[0].count, s.emission.as_ref().unwrap().per_week), (2, 1000.0));
}

#[test]
fn charter_overrides_reach_the_charter_and_its_errors_are_named() {
    let text = format!(
        "{BASE}\n[charter]\nset = {{ \"alliance.decision_model\" = \"token-weighted\", \"alliance.governance.weights\" = [{{ token = \"GOV\", weight_bps = 10000 }}] }}\n"
    );
    let l = load(&text, None).unwrap();
    assert_eq!(l.subsets[0].charter.alliance.decision_model.name(), "token-weighted");
    let text = format!("{BASE}\n[charter]\nset = {{ \"alliance.decision_model\" = \"mob\" }}\n");
    let e = load(&text, None).unwrap_err();
    assert!(e.to_string().starts_with("charter: alliance.decision_model"), "{e}");
    let text = format!("{BASE}\n[charter]\ntemplate = \"nope\"\n");
    assert_eq!(error_of(&text).0, "charter.template");
}

#[test]
fn bad_toml_reports_the_line() {
    let (path, msg) = error_of("name = \"t\"\nhorizon_days = = 3\n");
    assert_eq!(path, "scenario");
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn a_bad_assertion_time_is_named() {
    let (path, msg) =
        error_of(&format!("{BASE}\n[[assert]]\nmetric = \"tvl\"\nbelow = 1\nat = \"middle\"\n"));
    assert_eq!(path, "assert[0].at");
    assert!(msg.contains("got \"middle\""), "{msg}");
    let l = load(&format!("{BASE}\n[[assert]]\nmetric = \"tvl\"\nbelow = 1\nat = 12\n"), None).unwrap();
    assert_eq!(l.base.assertions[0].at, concord_sim::scenario::When::Day(12));
}

#[test]
fn arbitrageurs_need_a_token_with_depth_capital_and_a_band_below_one() {
    let arb = |extra: &str| format!("{BASE}\n[[agents]]\nkind = \"arbitrageur\"\ncount = 1\n{extra}\n");
    let (path, msg) = error_of(&arb("capital = 1000"));
    assert_eq!(
        (path.as_str(), msg.contains("is required for arbitrageur agents")),
        ("agents[2].token", true)
    );
    let (path, msg) = error_of(&arb("token = \"ALLY\""));
    assert_eq!((path.as_str(), msg.contains("is required")), ("agents[2].capital", true), "{msg}");
    let (path, msg) = error_of(&arb("token = \"ALLY\"\ncapital = 1000"));
    assert_eq!(path, "agents[2].token");
    assert!(msg.contains("give `ALLY` a depth in market.tokens"), "{msg}");
    let with_depth =
        BASE.replace("{ token = \"ALLY\", price = 0.1 }", "{ token = \"ALLY\", price = 0.1, depth = 5000 }");
    let arb_d =
        |extra: &str| format!("{with_depth}\n[[agents]]\nkind = \"arbitrageur\"\ncount = 1\n{extra}\n");
    let (path, msg) = error_of(&arb_d("token = \"ALLY\"\ncapital = 1000\nband = 1.5"));
    assert_eq!(path, "agents[2].band");
    assert!(msg.contains("must be at least 0 and below 1, got 1.5"), "{msg}");
    let (path, msg) = error_of(&arb_d("token = \"ALLY\"\ncapital = 1000\nstake = 5"));
    assert_eq!(path, "agents[2].stake");
    assert!(msg.contains("only holder, farmer, whale, community agents take it, not arbitrageur"), "{msg}");
    let (path, msg) = error_of(&BASE.replace("stake = 100\n", "stake = 100\ncapital = 5\n"));
    assert_eq!(path, "agents[0].capital");
    assert!(msg.contains("only arbitrageur agents take it, not holder"), "{msg}");
    assert!(load(&arb_d("token = \"ALLY\"\ncapital = 1000\nbalance = 10\nband = 0.05"), None).is_ok());
}
