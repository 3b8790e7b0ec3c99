//! Lock-ups hold against every way an account's own tokens can leave it: a
//! transfer, a burn, a withdrawal, a stake, a fee split, a vesting grant, a
//! locked transfer, a vote-escrow lock (new or increased) and a vote
//! incentive. Each attempt to move locked tokens early is refused with the
//! same `Locked` error and changes nothing; the free part still moves.

use concord_core::command::CommandBody;
use concord_core::error::EngineError;
use concord_core::gauge::{CreateGauge, DepositBribe};
use concord_core::ledger::LedgerError;
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{Address, Amount, Timestamp};

use crate::common::{admin, burn, dev, mint, tok, transfer, withdraw};
use crate::escrow::{W, create_escrow, lock};
use crate::gauge::gid;
use crate::incentives_support::*;

/// Holds tokens only under lock-ups.
fn dave() -> Address {
    dev(9)
}

/// The unlock date of dave's tokens.
const UNLOCK: u64 = 100 * W;

/// `funded_hub`, a vault `v` staking GOV, a split `s` paying alice, the ALLY
/// escrow, gauge `a`; then dave receives 1000 ALLY and 1000 GOV locked until
/// `UNLOCK` (t = 10).
fn dave_locked() -> Scenario {
    funded_hub().given([
        cmd(admin(), 2, create_vault("v", &VaultSpec::default())),
        cmd(admin(), 2, create_split("s", &[(alice(), 10_000)], alice())),
        cmd(admin(), 2, create_escrow()),
        cmd(admin(), 2, CommandBody::CreateGauge(CreateGauge { id: gid("a"), target: vid("vault-v") })),
        cmd(alice(), 3, transfer("GOV", admin(), 1000)),
        cmd(admin(), 10, transfer_locked("ALLY", dave(), 1000, UNLOCK)),
        cmd(admin(), 10, transfer_locked("GOV", dave(), 1000, UNLOCK)),
    ])
}

fn locked(token: &str, free: u128) -> EngineError {
    EngineError::Ledger(LedgerError::Locked {
        token: tok(token),
        locked: Amount(1000),
        free: Amount(free),
        until: Timestamp(UNLOCK),
    })
}

fn bribe(amount: u128) -> CommandBody {
    CommandBody::DepositBribe(DepositBribe {
        gauge: gid("a"),
        epoch: Timestamp(W),
        token: tok("GOV"),
        amount: Amount(amount),
    })
}

/// Every way out for dave's locked tokens, at t = 100.
fn ways_out() -> Vec<(&'static str, CommandBody, EngineError)> {
    vec![
        ("transfer", transfer("GOV", alice(), 1), locked("GOV", 0)),
        ("withdraw", withdraw("GOV", alice(), 1), locked("GOV", 0)),
        ("stake", stake("v", 1), locked("GOV", 0)),
        ("distribute-fees", distribute("s", "GOV", 1), locked("GOV", 0)),
        ("create-vesting", create_vesting(alice(), "GOV", 1, 0, 0, 10, false), locked("GOV", 0)),
        ("transfer-locked", transfer_locked("GOV", alice(), 1, UNLOCK), locked("GOV", 0)),
        ("create-lock", lock(500, 50 * W), locked("ALLY", 0)),
        ("deposit-bribe", bribe(500), locked("GOV", 0)),
    ]
}

#[test]
fn locked_tokens_cannot_leave_by_any_command_before_the_unlock_date() {
    let mut bypasses = Vec::new();
    for (name, body, error) in ways_out() {
        let mut engine = dave_locked().into_engine();
        let before = engine.state_hash();
        let result = engine.apply(&cmd(dave(), 100, body));
        if result != Err(error.clone()) || engine.state_hash() != before {
            bypasses.push(format!("{name}: {result:?}"));
        }
    }
    assert!(bypasses.is_empty(), "locked tokens left early: {bypasses:#?}");
}

#[test]
fn the_minter_cannot_burn_tokens_it_holds_under_a_lock_up() {
    // The admin (ALLY's minter) holds 1e9 ALLY free and receives 1000 locked from alice.
    let s = dave_locked().given([
        cmd(admin(), 20, mint("ALLY", alice(), 1000)),
        cmd(alice(), 30, transfer_locked("ALLY", admin(), 1000, UNLOCK)),
    ]);
    s.when(&cmd(admin(), 100, burn("ALLY", 1_000_000_000 - 1000 + 1))).then_error(&EngineError::Ledger(
        LedgerError::Locked {
            token: tok("ALLY"),
            locked: Amount(1000),
            free: Amount(1_000_000_000 - 1000),
            until: Timestamp(UNLOCK),
        },
    ));
}

#[test]
fn increasing_a_lock_with_locked_tokens_is_refused() {
    // dave locks 10 free ALLY, then tries to add 500 of his locked 1000.
    dave_locked()
        .given([cmd(admin(), 20, mint("ALLY", dave(), 10)), cmd(dave(), 30, lock(10, 50 * W))])
        .when(&cmd(
            dave(),
            100,
            CommandBody::IncreaseLockAmount(concord_core::escrow::IncreaseLockAmount { amount: Amount(500) }),
        ))
        .then_error(&locked("ALLY", 0));
}

#[test]
fn the_free_part_still_moves_and_everything_moves_at_the_unlock_date() {
    // With 10 free GOV beside the 1000 locked, a 10 GOV bribe passes; 11 does not.
    let s = dave_locked().given([cmd(alice(), 20, transfer("GOV", dave(), 10))]);
    s.when(&cmd(dave(), 100, bribe(11))).then_error(&locked("GOV", 10));
    let s = dave_locked().given([cmd(alice(), 20, transfer("GOV", dave(), 10))]);
    let engine = s.when(&cmd(dave(), 100, bribe(10))).then_ok();
    assert_eq!(engine.state().ledger.balance(dave(), tok("GOV")), Amount(1000));
    // At UNLOCK (a Thursday-aligned week start) all 1000 ALLY may be locked in the escrow.
    let engine = dave_locked().when(&cmd(dave(), UNLOCK, lock(1000, UNLOCK + 10 * W))).then_ok();
    assert_eq!(engine.state().ledger.balance(dave(), tok("ALLY")), Amount(0));
}
