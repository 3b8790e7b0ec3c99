//! Agents through the engine, with figures worked out by hand.

use concord_sim::scenario::load;
use concord_sim::world::{prepare, run};

/// Constant prices (no volatility): GOV 1, ALLY 1. The emission streams
/// 70 ALLY a week: rate ⌊70e18 / 604800⌋ base units a second, about 3650
/// ALLY a year. Holders 10 × 1000 GOV; farmers A (floor 50 %), B (floor
/// 10 %) and C (floor 20 %), 5 × 1000 GOV each. Day 1: APR = 3650 / 25000
/// = 14.6 %: A and C leave; B stays, and the APR rises to 3650 / 15000 =
/// 24.3 % for the rest.
const FARMERS: &str = r#"
name = "farmers"
horizon_days = 10
runs = 1

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 70

[market]
tokens = [{ token = "GOV", price = 1.0 }, { token = "ALLY", price = 1.0 }]

[[agents]]
kind = "holder"
count = 10
stake = 1000

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.5

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.1
sell_rewards = 0.0

[[agents]]
kind = "farmer"
count = 5
stake = 1000
apr_threshold = 0.2
"#;

#[test]
fn farmers_leave_exactly_when_the_apr_falls_below_their_floor() {
    let l = load(FARMERS, None).unwrap();
    let p = prepare(&l.subsets[0]).unwrap();
    let out = run(&p, &l.subsets[0].scenario, 0, 0, 1).unwrap();
    let col = |name: &str| p.columns.iter().position(|c| c == name).unwrap();
    let rows: Vec<&[f64]> = out.rows().collect();
    assert_eq!(rows.len(), 11);
    let rate = (70u128 * 10u128.pow(18)) / 604_800;
    let per_year = rate as f64 / 1e18 * 365.0 * 86_400.0;
    // Day 0: everyone staked.
    assert_eq!(rows[0][col("staked_tokens")], 25_000.0);
    assert_eq!(rows[0][col("retention")], 1.0);
    assert!((rows[0][col("apr")] - per_year / 25_000.0).abs() < 1e-12);
    // Day 1: A and C have left (10 agents of 25), B stays.
    assert_eq!(rows[1][col("staked_tokens")], 15_000.0);
    assert_eq!(rows[1][col("retention")], 0.6);
    assert!((rows[1][col("apr")] - per_year / 15_000.0).abs() < 1e-12);
    // And nobody else ever leaves.
    for r in &rows[1..] {
        assert_eq!(r[col("retention")], 0.6);
        assert_eq!(r[col("rejected_commands")], 0.0);
    }
    // A and C sell every reward they claim (B sells none, holders none): one
    // day of the stream shared by 25 equal stakers, 10 of them leaving.
    let sold = rows[1][col("sell_pressure")];
    assert!((sold - 10.0 / 25.0 * per_year / 365.0).abs() < 1e-6, "{sold}");
}

/// No volatility; GOV halves on day 5. Whales W1 (drawdown 30 %) and W2
/// (drawdown 60 %): the price ratio 0.5 is below W1's floor 0.7 but not
/// W2's 0.4, so W1 leaves on day 5 exactly and W2 never does.
const WHALES: &str = r#"
name = "whales"
horizon_days = 8
runs = 1

[[vaults]]
id = "gov-farm"
stake_token = "GOV"
reward_token = "ALLY"

[market]
tokens = [{ token = "GOV", price = 1.0 }, { token = "ALLY", price = 1.0 }]

[[market.shocks]]
token = "GOV"
day = 5
change = -0.5

[[agents]]
kind = "whale"
count = 1
stake = 100000
exit_drawdown = 0.3
sell_on_exit = 1.0

[[agents]]
kind = "whale"
count = 1
stake = 300000
exit_drawdown = 0.6
"#;

#[test]
fn whales_leave_on_the_day_their_drawdown_is_hit() {
    let l = load(WHALES, None).unwrap();
    let p = prepare(&l.subsets[0]).unwrap();
    let out = run(&p, &l.subsets[0].scenario, 0, 0, 1).unwrap();
    let col = |name: &str| p.columns.iter().position(|c| c == name).unwrap();
    let rows: Vec<&[f64]> = out.rows().collect();
    for r in &rows[..5] {
        assert_eq!(r[col("staked_tokens")], 400_000.0);
        assert_eq!(r[col("retention")], 1.0);
    }
    // Day 5: W1 unstakes at once (no unbonding) and sells all 100,000 GOV at 0.5.
    assert_eq!(rows[5][col("price_GOV")], 0.5);
    assert_eq!(rows[5][col("staked_tokens")], 300_000.0);
    assert_eq!(rows[5][col("retention")], 0.5);
    assert_eq!(rows[5][col("sell_pressure")], 50_000.0);
    assert_eq!(rows[5][col("tvl")], 150_000.0);
    for r in &rows[6..] {
        assert_eq!(r[col("retention")], 0.5);
        assert_eq!(r[col("sell_pressure")], 0.0);
    }
}

/// One holder, alone in the vault, claims every day and sells every ALLY
/// it is paid (about 10 a day) into a market of depth 1000 at price 1;
/// no volatility, so the fundamental price stays 1.
fn sellers(arbitrageurs: &str) -> String {
    format!(
        r#"
name = "sellers"
horizon_days = 10
runs = 1

[[vaults]]
id = "gov-farm"
stake_token = "GOV"

[emission]
token = "ALLY"
per_week = 70

[market]
tokens = [{{ token = "GOV", price = 1.0 }}, {{ token = "ALLY", price = 1.0, depth = 1000 }}]

[[agents]]
kind = "holder"
count = 1
stake = 1000
claim_every_days = 1
sell_rewards = 1.0
{arbitrageurs}
"#
    )
}

#[test]
fn arbitrageurs_hold_the_price_at_their_band_below_the_fundamental() {
    let price_of = |text: &str| -> Vec<f64> {
        let l = load(text, None).unwrap();
        let p = prepare(&l.subsets[0]).unwrap();
        let out = run(&p, &l.subsets[0].scenario, 0, 0, 1).unwrap();
        let c = p.columns.iter().position(|c| c == "price_ALLY").unwrap();
        let rejected = p.columns.iter().position(|c| c == "rejected_commands").unwrap();
        assert!(out.rows().all(|r| r[rejected] == 0.0));
        out.rows().map(|r| r[c]).collect()
    };
    // Without arbitrageurs each day's sale (≈ 10 ALLY, ≈ 0.01 of log price)
    // stays in the price: after 9 days of impact it is below e^{-0.05}.
    let alone = price_of(&sellers(""));
    assert_eq!(alone[1], 1.0, "nothing was sold on day 0");
    assert!(alone[10] < (-0.05f64).exp(), "{}", alone[10]);
    // With one arbitrageur (band 0.02, cash to spare): days 1 and 2 leave
    // the projected gap under 0.02 (≈ 0.01, ≈ 0.0199); on day 3 it is ≈ 0.03
    // and it buys the excess back from the market's account, so from day 4
    // the price is e^{-0.02} exactly (to float rounding) every day.
    let arb =
        "[[agents]]\nkind = \"arbitrageur\"\ncount = 1\ntoken = \"ALLY\"\ncapital = 100000\nband = 0.02";
    let held = price_of(&sellers(arb));
    assert_eq!(&held[..3], &alone[..3], "no trade while the gap is inside the band");
    for (day, p) in held.iter().enumerate().skip(4) {
        assert!((p - (-0.02f64).exp()).abs() < 1e-12, "day {day}: {p}");
    }
}
