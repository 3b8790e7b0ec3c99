//! `concord bench`: engine throughput against named baselines.
//!
//! * transfers: `Engine::apply` of unsigned transfers in memory, against a
//!   bare `BTreeMap` debit/credit (the floor any ledger pays).
//! * signatures: `SignedEnvelope::open` (JSON body parse, EIP-712 hash,
//!   libsecp256k1 recovery), against the same pipeline with pure-Rust k256
//!   recovery (alloy's default).
//! * signed commands end to end: open + apply + seal into the hash chain.
//!
//! Build with `--release`; results go in docs/benchmarks.md.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use concord_core::command::CommandBody;
use concord_core::envelope::{SignedEnvelope, signing_hash};
use concord_core::keys::Key;
use concord_core::ledger::{Mint, Transfer};
use concord_core::log::Chain;
use concord_core::testing::{cmd, sample_charter};
use concord_core::{Address, Amount, Command, Engine, Timestamp, TokenId};

const ACCOUNTS: usize = 1_000;

fn accounts() -> Vec<Address> {
    (0..ACCOUNTS).map(|i| Address::derived(&format!("bench:{i}"))).collect()
}

fn per_second(count: usize, seconds: f64) -> f64 {
    count as f64 / seconds
}

/// Prints one table row and returns the rate per second.
pub(crate) fn row(name: &str, count: usize, seconds: f64, baseline: Option<f64>) -> f64 {
    let rate = per_second(count, seconds);
    let ratio = baseline.map_or("baseline".to_owned(), |b| format!("{:.2}× baseline", rate / b));
    println!("| {name:<58} | {count:>9} | {rate:>14.0} | {ratio:<18} |");
    rate
}

fn bench_transfers(n: usize) -> anyhow::Result<()> {
    let charter = sample_charter();
    let admin = Key::dev(0).address; // ALLY minter in the sample charter
    let ally: TokenId = "ALLY".parse()?;
    let accounts = accounts();
    let mut engine = Engine::genesis(&charter);
    for (i, a) in accounts.iter().enumerate() {
        engine.apply(&cmd(
            admin,
            i as u64,
            CommandBody::Mint(Mint { token: ally, to: *a, amount: Amount(1u128 << 100) }),
        ))?;
    }
    let commands: Vec<Command> = (0..n)
        .map(|i| {
            let from = accounts[i % ACCOUNTS];
            let to = accounts[(i * 7 + 1) % ACCOUNTS];
            cmd(
                from,
                10_000 + (i / 10) as u64,
                CommandBody::Transfer(Transfer { token: ally, to, amount: Amount(1 + (i % 1000) as u128) }),
            )
        })
        .collect();

    // Baseline: the same debits and credits on a bare map.
    let mut map: BTreeMap<(Address, TokenId), u128> =
        accounts.iter().map(|a| ((*a, ally), 1u128 << 100)).collect();
    let start = Instant::now();
    for c in &commands {
        if let CommandBody::Transfer(t) = &c.body {
            let from = map.get_mut(&(c.actor, t.token)).expect("funded");
            *from = from.checked_sub(t.amount.0).expect("enough");
            let to = map.entry((t.to, t.token)).or_default();
            *to = to.checked_add(t.amount.0).expect("fits");
        }
    }
    let baseline = row("baseline: BTreeMap debit/credit", n, start.elapsed().as_secs_f64(), None);
    black_box(&map);

    let start = Instant::now();
    for c in &commands {
        black_box(engine.apply(c)?);
    }
    row(
        "Engine::apply(transfer), in memory, with checkpoints",
        n,
        start.elapsed().as_secs_f64(),
        Some(baseline),
    );
    Ok(())
}

fn signed_envelopes(n: usize, chain: &Chain) -> anyhow::Result<Vec<SignedEnvelope>> {
    let keys: Vec<Key> = (0..10).map(Key::dev).collect();
    let ally: TokenId = "ALLY".parse()?;
    Ok((0..n)
        .map(|i| {
            let key = &keys[i % keys.len()];
            let body = CommandBody::Transfer(Transfer {
                token: ally,
                to: keys[(i + 1) % keys.len()].address,
                amount: Amount(1),
            });
            key.sign(chain.domain(), (i / keys.len()) as u64, &body)
        })
        .collect())
}

fn bench_signatures(n: usize) -> anyhow::Result<()> {
    let charter = sample_charter();
    let chain = Chain::genesis(&charter);
    let envelopes = signed_envelopes(n, &chain)?;
    let domain = chain.domain().clone();

    // Baseline: the same pipeline with alloy's pure-Rust k256 recovery.
    let start = Instant::now();
    for e in &envelopes {
        let body = CommandBody::from_json(&e.kind, &e.body)?;
        let digest = signing_hash(&domain, e.account, e.nonce, &e.kind, &e.body);
        let signature = alloy_primitives::Signature::from_raw(&e.signature)?;
        let signer = signature.recover_address_from_prehash(&digest.into())?;
        anyhow::ensure!(signer == e.account.0, "baseline recovered the wrong signer");
        black_box(body);
    }
    let baseline =
        row("baseline: parse + EIP-712 hash + k256 recovery", n, start.elapsed().as_secs_f64(), None);

    let start = Instant::now();
    for e in &envelopes {
        black_box(e.open(&domain)?);
    }
    row("SignedEnvelope::open (libsecp256k1 recovery)", n, start.elapsed().as_secs_f64(), Some(baseline));

    // End to end in memory: verify + apply + seal into the chain.
    let mut chain = chain;
    let admin = Key::dev(0);
    let ally: TokenId = "ALLY".parse()?;
    for (i, key) in (0..10).map(Key::dev).enumerate() {
        let mint = CommandBody::Mint(Mint { token: ally, to: key.address, amount: Amount(1u128 << 100) });
        chain.submit(Timestamp(0), admin.sign(chain.domain(), i as u64, &mint))?;
    }
    // Re-sign with nonces that follow the mints for the admin (dev 0).
    let envelopes: Vec<SignedEnvelope> = (0..n)
        .map(|i| {
            let k = i % 10;
            let key = Key::dev(k);
            let nonce = (i / 10) as u64 + if k == 0 { 10 } else { 0 };
            let body = CommandBody::Transfer(Transfer {
                token: ally,
                to: Key::dev((k + 1) % 10).address,
                amount: Amount(1),
            });
            key.sign(&domain, nonce, &body)
        })
        .collect();
    let start = Instant::now();
    for e in envelopes {
        black_box(chain.submit(Timestamp(1), e)?);
    }
    row(
        "Chain::submit: open + apply + seal into the hash chain",
        n,
        start.elapsed().as_secs_f64(),
        Some(baseline),
    );
    Ok(())
}

/// What `concord bench` measures.
pub(crate) struct Options {
    /// Sections to run (empty: all).
    pub(crate) only: Vec<String>,
    /// Transfers to apply.
    pub(crate) transfers: usize,
    /// Envelopes to verify.
    pub(crate) signatures: usize,
    /// Voter counts for the governance section; the first is the baseline.
    pub(crate) voters: Vec<usize>,
    /// Staker counts for the vault section; the first is the baseline.
    pub(crate) vault_stakers: Vec<usize>,
    /// Signed commands for the hub section.
    pub(crate) hub_commands: usize,
    /// Leaves of the Merkle section (run only when named in `only`).
    pub(crate) merkle_leaves: usize,
}

pub(crate) fn run(options: &Options) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run `cargo run --release -p concord -- bench` for real figures");
    }
    let known = ["transfers", "signatures", "hub", "governance", "vault", "missions", "alliance", "merkle"];
    if let Some(bad) = options.only.iter().find(|s| !known.contains(&s.as_str())) {
        anyhow::bail!("only: unknown section `{bad}` (known: {})", known.join(", "));
    }
    let wants = |s: &str| options.only.is_empty() || options.only.iter().any(|o| o == s);
    let only_merkle = options.only.len() == 1 && options.only[0] == "merkle";
    if !only_merkle {
        println!(
            "| {:<58} | {:>9} | {:>14} | {:<18} |",
            "operation (one core)", "count", "per second", "ratio"
        );
        println!("|{:-<60}|{:->11}|{:->16}|{:-<20}|", "", "", "", "");
    }
    if wants("transfers") {
        bench_transfers(options.transfers)?;
    }
    if wants("signatures") {
        bench_signatures(options.signatures)?;
    }
    if wants("hub") {
        super::bench_hub::run(options.hub_commands)?;
    }
    if wants("governance") {
        super::bench_governance::run(&options.voters)?;
    }
    if wants("vault") {
        crate::cmd::bench_vault::run(&options.vault_stakers, 100_000)?;
    }
    if wants("missions") {
        super::bench_missions::run(100, 10_000)?;
    }
    if wants("alliance") {
        super::bench_life::run()?;
    }
    // Merkle runs only on request: the npm library takes minutes on 1M leaves.
    if options.only.iter().any(|s| s == "merkle") {
        super::bench_merkle::run(options.merkle_leaves)?;
    }
    Ok(ExitCode::SUCCESS)
}
