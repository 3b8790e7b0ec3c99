//! `concord bench` section: vault stake and claim cost against the number of
//! stakers. The same operations run in a vault with 10 stakers and in one with
//! 1,000,000; the Synthetix accumulator makes each O(reward tokens), so the
//! two rates should match (the 10-staker run is the baseline).
//!
//! Setup (not timed): ALLY minted to every staker, each stakes it in a vault
//! paying two reward tokens (PLAY and GOV) that is funded for a long period.

use std::hint::black_box;
use std::time::Instant;

use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::{Mint, RecordDeposit};
use concord_core::testing::{cmd, sample_charter};
use concord_core::vault::{Claim, CreateVault, FundVault, IdleRewards, Stake};
use concord_core::{Address, Amount, B256, ChainId, Command, Engine, TokenId};

const ONE: u128 = 1_000_000_000_000_000_000;

fn staker(i: usize) -> Address {
    Address::derived(&format!("bench-staker:{i}"))
}

fn tok(id: &str) -> TokenId {
    id.parse().expect("bench token ids are valid")
}

/// An engine with a vault of `stakers` stakers (1 ALLY each), funded at t=10.
fn setup(stakers: usize) -> anyhow::Result<Engine> {
    let admin = Key::dev(0).address; // admin, alliance leader, ALLY minter
    let relayer = Key::dev(1).address;
    let mut engine = Engine::genesis(&sample_charter());
    let deposit = |chain: u64, token: &str, byte: u8| {
        cmd(
            relayer,
            1,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(chain),
                tx_hash: B256::repeat_byte(byte),
                log_index: 0,
                token: tok(token),
                to: admin,
                amount: Amount(1_000_000_000 * ONE),
            }),
        )
    };
    engine.apply(&deposit(42_161, "PLAY", 1))?;
    engine.apply(&deposit(1, "GOV", 2))?;
    engine.apply(&cmd(
        admin,
        2,
        CommandBody::CreateVault(Box::new(CreateVault {
            id: "bench".parse()?,
            alliance: "gov-play-pool".parse()?,
            stake_token: tok("ALLY"),
            reward_tokens: vec![tok("PLAY"), tok("GOV")],
            reward_duration_secs: 10_000_000,
            idle_rewards: IdleRewards::CarryForward,
            loyalty: None,
            unbonding_secs: 0,
            exit_penalty: None,
        })),
    ))?;
    for i in 0..stakers {
        let s = staker(i);
        engine.apply(&cmd(
            admin,
            3,
            CommandBody::Mint(Mint { token: tok("ALLY"), to: s, amount: Amount(2 * ONE) }),
        ))?;
        engine.apply(&cmd(s, 3, stake_body(ONE)))?;
    }
    for token in ["PLAY", "GOV"] {
        engine.apply(&cmd(
            admin,
            10,
            CommandBody::FundVault(FundVault {
                vault: "bench".parse()?,
                token: tok(token),
                amount: Amount(100_000_000 * ONE),
            }),
        ))?;
    }
    Ok(engine)
}

fn stake_body(amount: u128) -> CommandBody {
    CommandBody::Stake(Stake {
        vault: "bench".parse().expect("valid id"),
        amount: Amount(amount),
        lock_secs: 0,
    })
}

fn claim_body() -> CommandBody {
    CommandBody::Claim(Claim { vault: "bench".parse().expect("valid id") })
}

/// Times `ops` commands built by `make(i)`; returns operations per second.
fn time(engine: &mut Engine, ops: usize, make: impl Fn(usize) -> Command) -> anyhow::Result<f64> {
    let commands: Vec<Command> = (0..ops).map(make).collect();
    let start = Instant::now();
    for c in &commands {
        black_box(engine.apply(c)?);
    }
    Ok(ops as f64 / start.elapsed().as_secs_f64())
}

/// Runs the section for each staker count; the first count is the baseline.
pub(crate) fn run(staker_counts: &[usize], ops: usize) -> anyhow::Result<()> {
    let mut baseline: Option<(f64, f64)> = None;
    for &n in staker_counts {
        let setup_start = Instant::now();
        let mut engine = setup(n)?;
        eprintln!("vault bench: {n} stakers set up in {:.1} s", setup_start.elapsed().as_secs_f64());
        // Each op by a different staker, one second apart, from t=1000.
        let stake_rate = time(&mut engine, ops, |i| cmd(staker(i % n), 1_000 + i as u64, stake_body(1)))?;
        let claim_rate =
            time(&mut engine, ops, |i| cmd(staker(i % n), 1_000 + (ops + i) as u64 + 10, claim_body()))?;
        let (stake_base, claim_base) = *baseline.get_or_insert((stake_rate, claim_rate));
        let label = |what: &str| format!("vault {what}, 2 reward tokens, {n} stakers");
        let ratio = |rate: f64, base: f64| {
            if n == staker_counts[0] {
                "baseline".to_owned()
            } else {
                format!("{:.2}× baseline", rate / base)
            }
        };
        println!(
            "| {:<58} | {ops:>9} | {stake_rate:>14.0} | {:<18} |",
            label("stake"),
            ratio(stake_rate, stake_base)
        );
        println!(
            "| {:<58} | {ops:>9} | {claim_rate:>14.0} | {:<18} |",
            label("claim"),
            ratio(claim_rate, claim_base)
        );
    }
    Ok(())
}
