//! Vote-escrow (Curve VotingEscrow semantics): ve balances worked out by hand
//! across week boundaries, increase and extend, withdrawal, and the property
//! that the total supply equals the sum of holder balances at every time.

use concord_core::command::{CommandBody, Event};
use concord_core::escrow::{
    CreateEscrow, CreateLock, EscrowError, ExtendLock, IncreaseLockAmount, LockChanged, LockWithdrawn,
    WithdrawLock, escrow_account, ve_balance_at, ve_total_at,
};
use concord_core::ledger::Transferred;
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, Amount, Timestamp};
use concord_core::{Engine, EngineError};
use proptest::prelude::*;

use crate::common::{admin, dev, mint, tok};

/// One week, written out: 7 · 24 · 3600.
pub(crate) const W: u64 = 604_800;
/// Curve's MAXTIME written out: 4 · 365 · 24 · 3600.
pub(crate) const MAXTIME: u128 = 126_144_000;

pub(crate) fn alice() -> Address {
    dev(5)
}

pub(crate) fn bob() -> Address {
    dev(6)
}

pub(crate) fn create_escrow() -> CommandBody {
    CommandBody::CreateEscrow(CreateEscrow { token: tok("ALLY"), max_lock_secs: 126_144_000 })
}

pub(crate) fn lock(amount: u128, unlock_time: u64) -> CommandBody {
    CommandBody::CreateLock(CreateLock { amount: Amount(amount), unlock_time: Timestamp(unlock_time) })
}

/// Escrow created at t = 1; alice and bob hold 10^6 · MAXTIME ALLY base units each.
pub(crate) fn funded() -> Scenario {
    Scenario::new(&sample_charter()).given([
        cmd(admin(), 1, create_escrow()),
        cmd(admin(), 1, mint("ALLY", alice(), 1_000_000 * MAXTIME)),
        cmd(admin(), 1, mint("ALLY", bob(), 1_000_000 * MAXTIME)),
    ])
}

fn ve(engine: &Engine, who: Address, t: u64) -> u128 {
    ve_balance_at(&engine.state().escrow, who, Timestamp(t))
}

fn total(engine: &Engine, t: u64) -> u128 {
    ve_total_at(&engine.state().escrow, Timestamp(t))
}

#[test]
fn ve_balances_across_week_boundaries_by_hand() {
    // alice locks 1000 · MAXTIME (slope exactly 1000/s) on day 3 of week 10,
    // asking for 4 weeks and 5 s: the end rounds down to the start of week 14.
    let t0 = 10 * W + 3 * 86_400;
    let amount = 1000 * MAXTIME;
    let engine = funded().when(&cmd(alice(), t0, lock(amount, t0 + 4 * W + 5))).then_events(&[
        Event::Transferred(Transferred {
            token: tok("ALLY"),
            from: alice(),
            to: escrow_account(),
            amount: Amount(amount),
        }),
        // bias = 1000 · (14W − t0) = 1000 · (4 · 604800 − 259200) = 2,160,000,000
        Event::LockChanged(LockChanged {
            account: alice(),
            amount: Amount(amount),
            end: Timestamp(14 * W),
            power: Amount(2_160_000_000),
        }),
    ]);
    assert_eq!(ve(&engine, alice(), t0 - 1), 0, "no power before the lock");
    assert_eq!(ve(&engine, alice(), t0), 2_160_000_000);
    assert_eq!(ve(&engine, alice(), 11 * W - 1), 1000 * (3 * W as u128 + 1)); // 1,814,401,000
    assert_eq!(ve(&engine, alice(), 11 * W), 1_814_400_000);
    assert_eq!(ve(&engine, alice(), 11 * W + 1), 1_814_399_000);
    assert_eq!(ve(&engine, alice(), 14 * W - 1), 1000);
    assert_eq!(ve(&engine, alice(), 14 * W), 0);
    assert_eq!(ve(&engine, alice(), 30 * W), 0);
    for t in [t0, 11 * W - 1, 11 * W, 13 * W + 7, 14 * W - 1, 14 * W, 20 * W] {
        assert_eq!(total(&engine, t), ve(&engine, alice(), t), "t = {t}");
    }

    // bob locks 500 · MAXTIME + 123 at 11W + 100 until 12W + 5: slope ⌊(500 · MAXTIME + 123) / MAXTIME⌋ = 500
    // (the 123 units are locked without power), end 12W, bias 500 · (W − 100) = 302,350,000.
    let engine = Scenario::from_engine(engine)
        .when(&cmd(bob(), 11 * W + 100, lock(500 * MAXTIME + 123, 12 * W + 5)))
        .then_events(&[
            Event::Transferred(Transferred {
                token: tok("ALLY"),
                from: bob(),
                to: escrow_account(),
                amount: Amount(500 * MAXTIME + 123),
            }),
            Event::LockChanged(LockChanged {
                account: bob(),
                amount: Amount(500 * MAXTIME + 123),
                end: Timestamp(12 * W),
                power: Amount(302_350_000),
            }),
        ]);
    // total at 11W + 100 = 1000 · (3W − 100) + 500 · (W − 100) = 1,814,300,000 + 302,350,000
    assert_eq!(total(&engine, 11 * W + 100), 2_116_650_000);
    assert_eq!(total(&engine, 12 * W - 1), 1000 * (2 * W as u128 + 1) + 500);
    // bob's slope leaves the sum exactly at his end, the week boundary 12W.
    assert_eq!(total(&engine, 12 * W), 1_209_600_000);
    assert_eq!(total(&engine, 12 * W + 1), 1_209_599_000);
    // The past is unchanged by later locks.
    assert_eq!(total(&engine, 11 * W), 1_814_400_000);
}

#[test]
fn increase_and_extend_by_hand() {
    let t0 = 10 * W;
    // At 12W + 10 alice adds 1000 · MAXTIME: slope 2000, same end:
    // bias = 2000 · (2W − 10) = 2,419,180,000.
    let engine = funded()
        .given([cmd(alice(), t0, lock(1000 * MAXTIME, 14 * W))])
        .when(&cmd(
            alice(),
            12 * W + 10,
            CommandBody::IncreaseLockAmount(IncreaseLockAmount { amount: Amount(1000 * MAXTIME) }),
        ))
        .then_events(&[
            Event::Transferred(Transferred {
                token: tok("ALLY"),
                from: alice(),
                to: escrow_account(),
                amount: Amount(1000 * MAXTIME),
            }),
            Event::LockChanged(LockChanged {
                account: alice(),
                amount: Amount(2000 * MAXTIME),
                end: Timestamp(14 * W),
                power: Amount(2_419_180_000),
            }),
        ]);
    assert_eq!(ve(&engine, alice(), 12 * W + 9), 1000 * (2 * W as u128 - 9), "before the increase");
    // Then extends to 20W + 3 (rounded to 20W): bias = 2000 · (8W − 10) = 9,676,780,000.
    let engine = Scenario::from_engine(engine)
        .when(&cmd(
            alice(),
            12 * W + 10,
            CommandBody::ExtendLock(ExtendLock { unlock_time: Timestamp(20 * W + 3) }),
        ))
        .then_events(&[Event::LockChanged(LockChanged {
            account: alice(),
            amount: Amount(2000 * MAXTIME),
            end: Timestamp(20 * W),
            power: Amount(9_676_780_000),
        })]);
    assert_eq!(ve(&engine, alice(), 14 * W), 2000 * 6 * W as u128);
    assert_eq!(total(&engine, 14 * W), 2000 * 6 * W as u128, "the old end's slope change was removed");
    assert_eq!(total(&engine, 20 * W), 0);
}

#[test]
fn withdraw_only_at_or_after_the_end() {
    let engine = funded()
        .given([cmd(alice(), 10 * W, lock(1000 * MAXTIME, 12 * W))])
        .when(&cmd(alice(), 12 * W - 1, CommandBody::WithdrawLock(WithdrawLock {})))
        .then_error(&EngineError::Escrow(EscrowError::StillLocked {
            account: alice(),
            end: Timestamp(12 * W),
            now: Timestamp(12 * W - 1),
        }));
    let engine = Scenario::from_engine(engine)
        .when(&cmd(alice(), 12 * W, CommandBody::WithdrawLock(WithdrawLock {})))
        .then_events(&[
            Event::Transferred(Transferred {
                token: tok("ALLY"),
                from: escrow_account(),
                to: alice(),
                amount: Amount(1000 * MAXTIME),
            }),
            Event::LockWithdrawn(LockWithdrawn { account: alice(), amount: Amount(1000 * MAXTIME) }),
        ]);
    assert_eq!(engine.state().ledger.balance(alice(), tok("ALLY")), Amount(1_000_000 * MAXTIME));
    assert_eq!(engine.state().ledger.balance(escrow_account(), tok("ALLY")), Amount(0));
    // The history is kept: power at 11W is still 1000 · W.
    assert_eq!(ve(&engine, alice(), 11 * W), 1000 * W as u128);
}

#[test]
fn lock_rules_name_the_field() {
    let s = || funded().given([cmd(alice(), 10 * W, lock(1000 * MAXTIME, 12 * W))]);
    s().when(&cmd(alice(), 10 * W, lock(5, 13 * W))).then_error(&EngineError::Escrow(
        EscrowError::LockExists { account: alice(), amount: Amount(1000 * MAXTIME), end: Timestamp(12 * W) },
    ));
    // Rounded down to 10W, which is not after now (10W).
    s().when(&cmd(bob(), 10 * W, lock(5, 11 * W - 1))).then_error(&EngineError::Escrow(
        EscrowError::UnlockNotInFuture { rounded: Timestamp(10 * W), now: Timestamp(10 * W) },
    ));
    // More than MAXTIME ahead: 10W + 209W rounds to 219W > 10W + MAXTIME.
    s().when(&cmd(bob(), 10 * W, lock(5, 219 * W))).then_error(&EngineError::Escrow(
        EscrowError::UnlockTooLate { rounded: Timestamp(219 * W), latest: Timestamp(10 * W + 126_144_000) },
    ));
    s().when(&cmd(
        alice(),
        12 * W,
        CommandBody::IncreaseLockAmount(IncreaseLockAmount { amount: Amount(1) }),
    ))
    .then_error(&EngineError::Escrow(EscrowError::LockExpired {
        account: alice(),
        end: Timestamp(12 * W),
        now: Timestamp(12 * W),
    }));
    s().when(&cmd(
        alice(),
        11 * W,
        CommandBody::ExtendLock(ExtendLock { unlock_time: Timestamp(12 * W + 5) }),
    ))
    .then_error(&EngineError::Escrow(EscrowError::UnlockNotLater {
        rounded: Timestamp(12 * W),
        end: Timestamp(12 * W),
    }));
    s().when(&cmd(bob(), 11 * W, CommandBody::WithdrawLock(WithdrawLock {})))
        .then_error(&EngineError::Escrow(EscrowError::NoLock { account: bob() }));
    s().when(&cmd(admin(), 11 * W, create_escrow()))
        .then_error(&EngineError::Escrow(EscrowError::AlreadyCreated { token: tok("ALLY") }));
}

// ------------------------------------------------------------------ properties

#[derive(Clone, Debug)]
enum Op {
    Lock(usize, u128, u64),
    Increase(usize, u128),
    Extend(usize, u64),
    Withdraw(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..4usize;
    prop_oneof![
        (who.clone(), 1..10_000_000_000u128, 0..220 * W).prop_map(|(a, m, d)| Op::Lock(a, m, d)),
        (who.clone(), 1..10_000_000_000u128).prop_map(|(a, m)| Op::Increase(a, m)),
        (who.clone(), 0..220 * W).prop_map(|(a, d)| Op::Extend(a, d)),
        who.prop_map(Op::Withdraw),
    ]
}

fn holder(i: usize) -> Address {
    dev(5 + i)
}

/// Reference: a holder's power from their lock, written independently:
/// ⌊amount / MAXTIME⌋ · (end − t) while t < end.
fn reference_power(amount: u128, end: u64, t: u64) -> u128 {
    if t >= end { 0 } else { amount / MAXTIME * u128::from(end - t) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Σ holder balances = total supply at every probed time (exact, to the
    /// base unit: every power is the integer line ⌊amount/MAXTIME⌋·(end − t),
    /// the sum moves by the same integers, and slopes leave it exactly at the
    /// week-aligned ends), and each balance matches the reference formula.
    #[test]
    fn total_supply_is_the_sum_of_balances(steps in prop::collection::vec((op(), 0..3 * W), 1..30)) {
        let mut engine = Engine::genesis(&sample_charter());
        engine.apply(&cmd(admin(), 0, create_escrow())).unwrap();
        for i in 0..4 {
            engine.apply(&cmd(admin(), 0, mint("ALLY", holder(i), 1u128 << 100))).unwrap();
        }
        let mut now = 0u64;
        // (time, holder) → (amount, end) as applied, for the reference.
        let mut locks: Vec<Vec<(u64, u128, u64)>> = vec![Vec::new(); 4];
        for (op, dt) in steps {
            now += dt;
            let (who, body) = match op {
                Op::Lock(a, m, d) => (a, lock(m, now + d)),
                Op::Increase(a, m) => (a, CommandBody::IncreaseLockAmount(IncreaseLockAmount { amount: Amount(m) })),
                Op::Extend(a, d) => (a, CommandBody::ExtendLock(ExtendLock { unlock_time: Timestamp(now + d) })),
                Op::Withdraw(a) => (a, CommandBody::WithdrawLock(WithdrawLock {})),
            };
            let before = engine.state_hash();
            match engine.apply(&cmd(holder(who), now, body)) {
                Ok(_) => {
                    let current = engine.state().escrow.locks.get(&holder(who)).map_or((0, 0), |l| (l.amount.0, l.end.0));
                    locks[who].push((now, current.0, current.1));
                }
                Err(error) => {
                    prop_assert_eq!(engine.state_hash(), before);
                    prop_assert!(error.to_string().starts_with(&format!("{}: ", error.field())), "{}", error);
                }
            }
        }
        for t in (0..=now + 220 * W).step_by(W as usize / 3).chain([now, W, 2 * W, 5 * W]) {
            let mut sum = 0u128;
            for (i, history) in locks.iter().enumerate() {
                let b = ve(&engine, holder(i), t);
                let expected = history.iter().rev().find(|(at, _, _)| *at <= t).map_or(0, |(_, amount, end)| reference_power(*amount, *end, t));
                prop_assert_eq!(b, expected, "holder {} at {}", i, t);
                sum += b;
            }
            prop_assert_eq!(total(&engine, t), sum, "t = {}", t);
        }
        // Conservation: the escrow account holds exactly the locked amounts.
        let locked: u128 = engine.state().escrow.locks.values().map(|l| l.amount.0).sum();
        prop_assert_eq!(engine.state().ledger.balance(escrow_account(), tok("ALLY")), Amount(locked));
    }
}
