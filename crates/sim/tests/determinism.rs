//! Reproducibility: byte-identical outputs whatever the thread count and
//! the sharding; a different seed gives different results.

use std::path::Path;

use concord_sim::batch::{BatchOptions, run_batch};
use concord_sim::merge::merge;
use concord_sim::scenario::load;

const SCENARIO: &str = r#"
name = "determinism"
horizon_days = 21
runs = 5
seed = 11

[[vaults]]
id = "gov-farm"
stake_token = "GOV"
unbonding_days = 2

[emission]
token = "ALLY"
per_week = 50000

[treasury]
spend_per_week = 10000

[market]
tokens = [
  { token = "GOV", price = 1.0, volatility = 0.8 },
  { token = "ALLY", price = 0.1, volatility = 1.0, depth = 200000 },
  { token = "PLAY", price = 0.2, volatility = 0.5 },
]
correlation = [[1.0, 0.5, 0.2], [0.5, 1.0, 0.0], [0.2, 0.0, 1.0]]

[[agents]]
kind = "holder"
count = 4
stake = { dist = "uniform", low = 1000, high = 5000 }

[[agents]]
kind = "farmer"
count = 30
stake = { dist = "lognormal", median = 2000, sigma = 1.0 }
apr_threshold = { dist = "uniform", low = 0.5, high = 6.0 }

[[events]]
day = 14
kind = "rewards-end"

[sweep]
"emission.per_week" = [20000, 80000]

[[assert]]
metric = "retention"
below = 0.5
"#;

fn batch(text: &str, dir: &Path, threads: usize, shard: u32, of: u32) {
    let loaded = load(text, None).unwrap();
    let opts = BatchOptions { threads, shard, of, out_dir: dir.to_owned() };
    run_batch(&loaded, &opts, &|| {}).unwrap();
}

/// The output files compared byte for byte (with `results.parquet` when the feature is on).
const FILES: &[&str] = &[
    "results.csv",
    "summary.json",
    "plan.json",
    "manifest.json",
    "report.html",
    #[cfg(feature = "parquet")]
    "results.parquet",
];

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    FILES.iter().map(|f| ((*f).to_owned(), std::fs::read(dir.join(f)).unwrap())).collect()
}

#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("t1"), tmp.path().join("t2"));
    batch(SCENARIO, &a, 1, 1, 1);
    batch(SCENARIO, &b, 2, 1, 1);
    assert_eq!(files(&a), files(&b));
    // Three threads: windows of 12 runs instead of 8, the same bytes.
    let c = tmp.path().join("t3");
    batch(SCENARIO, &c, 3, 1, 1);
    assert_eq!(files(&a), files(&c));
    // 2 subsets × 5 runs × 22 timesteps, plus the header.
    let csv = String::from_utf8(std::fs::read(a.join("results.csv")).unwrap()).unwrap();
    assert_eq!(csv.lines().count(), 2 * 5 * 22 + 1);
    assert!(csv.starts_with("simulation,subset,run,timestep,tvl,apr,"));
    assert!(csv.lines().nth(1).unwrap().starts_with("0,0,1,0,"));
    assert!(csv.lines().last().unwrap().starts_with("0,1,5,21,"));
}

#[test]
fn two_shards_merged_equal_the_whole_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    batch(SCENARIO, &whole, 2, 1, 1);
    let (s1, s2) = (tmp.path().join("s1"), tmp.path().join("s2"));
    batch(SCENARIO, &s1, 1, 1, 2);
    batch(SCENARIO, &s2, 2, 2, 2);
    let merged = tmp.path().join("merged");
    // Given out of order on purpose: merge orders shards by their manifests.
    let report = merge(&[s2, s1.clone()], &merged).unwrap();
    assert_eq!(report.items, 10);
    assert_eq!(files(&whole), files(&merged));
    // A missing shard is refused.
    let e = merge(std::slice::from_ref(&s1), &tmp.path().join("bad")).unwrap_err();
    assert!(e.to_string().contains("1 of 2 shards"), "{e}");
}

#[test]
fn another_seed_gives_other_results() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    batch(SCENARIO, &a, 2, 1, 1);
    batch(&SCENARIO.replace("seed = 11", "seed = 12"), &b, 2, 1, 1);
    let (ra, rb) =
        (std::fs::read(a.join("results.csv")).unwrap(), std::fs::read(b.join("results.csv")).unwrap());
    assert_ne!(ra, rb);
    #[cfg(feature = "parquet")]
    assert_ne!(
        std::fs::read(a.join("results.parquet")).unwrap(),
        std::fs::read(b.join("results.parquet")).unwrap()
    );
    // Timestep 0 has no randomness in prices: both start at the day-0 price.
    let first = |r: &[u8]| {
        String::from_utf8(r.to_vec())
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .rsplit(',')
            .take(3)
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(first(&ra), first(&rb));
}
