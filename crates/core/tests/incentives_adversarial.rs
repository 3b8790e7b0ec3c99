//! Attacks on the incentive modules. Each is rejected with an exact error
//! (and `then_error` checks that the state hash did not change) or shown
//! harmless with exact numbers.

use concord_core::command::Event;
use concord_core::emission::{EmissionError, Schedule};
use concord_core::error::EngineError;
use concord_core::kernel::AuthError;
use concord_core::ledger::LedgerError;
use concord_core::ledger::SetMinter;
use concord_core::testing::cmd;
use concord_core::types::{Amount, Timestamp};
use concord_core::vault::{
    ExitedInstantly, Loyalty, PenaltyTo, RewardPaid, Unstaked, VaultError, VaultFunded,
};
use concord_core::vesting::VestingError;

use crate::common::{admin, mint, moved, outsider, tok, transfer, withdraw};
use crate::incentives_support::*;

fn vault_err(e: VaultError) -> EngineError {
    EngineError::Vault(e)
}

/// Alice staked 100 at 990; 1000 ALLY over 100 s from 1000 (rate 10).
fn farming() -> concord_core::testing::Scenario {
    with_vault(&VaultSpec::default())
        .given([cmd(alice(), 990, stake("v", 100)), cmd(admin(), 1000, fund("v", "ALLY", 1000))])
}

#[test]
fn an_outsider_cannot_dilute_the_rate_with_a_tiny_top_up() {
    farming()
        .given([cmd(admin(), 1000, transfer("ALLY", outsider(), 5))])
        .when(&cmd(outsider(), 1090, fund("v", "ALLY", 1)))
        .then_error(&vault_err(VaultError::NotDistributor {
            actor: outsider(),
            vault: vid("v"),
            alliance: alliance(),
        }));
}

#[test]
fn a_distributor_s_tiny_top_up_only_stretches_the_stream_and_loses_nothing() {
    // At 1090 the leftover is 100; adding 1 gives rate ⌊101/100⌋ = 1 until
    // 1190, dust 1. Alice still receives 900 + 100 = 1000 of the 1001 funded;
    // the 1 of dust stays in the vault, counted.
    let engine = farming().when(&cmd(admin(), 1090, fund("v", "ALLY", 1))).then_events(&[
        moved("ALLY", admin(), vault_addr("v"), 1),
        Event::VaultFunded(VaultFunded {
            vault: vid("v"),
            token: tok("ALLY"),
            funder: admin(),
            amount: Amount(1),
            leftover: Amount(100),
            rate: 1,
            period_finish: Timestamp(1190),
            dust: Amount(1),
        }),
    ]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1190)).unwrap()[&tok("ALLY")], Amount(1000));
    assert_eq!(v.rewards[&tok("ALLY")].dust, Amount(1));
}

#[test]
fn a_top_up_too_small_for_a_positive_rate_is_refused() {
    with_vault(&VaultSpec::default())
        .when(&cmd(admin(), 1000, fund("v", "ALLY", 99)))
        .then_error(&vault_err(VaultError::RateZero { total: Amount(99), duration_secs: 100 }));
}

#[test]
fn stake_claim_unstake_in_one_second_earns_nothing_and_takes_nothing() {
    // Bob arrives at 1050 and tries to take a share at once.
    let s = farming().given([cmd(bob(), 1050, stake("v", 1_000_000))]);
    s.when(&cmd(bob(), 1050, claim("v")))
        .then_error(&vault_err(VaultError::NothingToClaim { vault: vid("v"), account: bob() }));
    let engine = farming()
        .given([cmd(bob(), 1050, stake("v", 1_000_000))])
        .when(&cmd(bob(), 1050, unstake("v", 1_000_000)))
        .then_events(&[
            moved("GOV", vault_addr("v"), bob(), 1_000_000),
            Event::Unstaked(Unstaked { vault: vid("v"), account: bob(), amount: Amount(1_000_000) }),
        ]);
    // Alice keeps every unit: 1000 over the period.
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(1000));
    assert!(!v.positions.contains_key(&bob()));
    assert_eq!(engine.state().ledger.balance(bob(), tok("GOV")), Amount(1_000_000));
}

#[test]
fn unstaking_into_unbonding_does_not_evade_the_instant_exit_penalty() {
    // Alice unbonds 1000 (7-day unbonding), then exits instantly: the
    // penalty applies to the unbonding principal too: ⌈1000 · 5 %⌉ = 50.
    let spec =
        VaultSpec { penalty: Some((500, PenaltyTo::Treasury)), unbonding: 604_800, ..VaultSpec::default() };
    let s =
        with_vault(&spec).given([cmd(alice(), 10, stake("v", 1000)), cmd(alice(), 20, unstake("v", 1000))]);
    s.when(&cmd(alice(), 21, exit_instant("v"))).then_events(&[
        moved("GOV", vault_addr("v"), alice(), 950),
        moved("GOV", vault_addr("v"), treasury(), 50),
        Event::ExitedInstantly(ExitedInstantly {
            vault: vid("v"),
            account: alice(),
            principal: Amount(1000),
            penalty: Amount(50),
            paid: Amount(950),
            penalty_to: PenaltyTo::Treasury,
            streamed_until: None,
        }),
    ]);
}

#[test]
fn dust_exits_pay_a_rounded_up_penalty() {
    // 1 unit at 5 %: ⌈0.05⌉ = 1, so splitting an exit into dust pays more, not less.
    let spec = VaultSpec { penalty: Some((500, PenaltyTo::Treasury)), ..VaultSpec::default() };
    let s = with_vault(&spec).given([cmd(alice(), 10, stake("v", 1))]);
    s.when(&cmd(alice(), 11, exit_instant("v"))).then_events(&[
        moved("GOV", vault_addr("v"), treasury(), 1),
        Event::ExitedInstantly(ExitedInstantly {
            vault: vid("v"),
            account: alice(),
            principal: Amount(1),
            penalty: Amount(1),
            paid: Amount(0),
            penalty_to: PenaltyTo::Treasury,
            streamed_until: None,
        }),
    ]);
}

#[test]
fn a_loyalty_lock_cannot_be_left_early() {
    let spec = VaultSpec {
        loyalty: Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 100 }),
        penalty: Some((500, PenaltyTo::Treasury)),
        ..VaultSpec::default()
    };
    let locked =
        VaultError::Locked { vault: vid("v"), account: alice(), until: Timestamp(110), at: Timestamp(50) };
    with_vault(&spec)
        .given([cmd(alice(), 10, stake_locked("v", 100, 100))])
        .when(&cmd(alice(), 50, exit_instant("v")))
        .then_error(&vault_err(locked.clone()));
    with_vault(&spec)
        .given([cmd(alice(), 10, stake_locked("v", 100, 100))])
        .when(&cmd(alice(), 50, unstake("v", 100)))
        .then_error(&vault_err(locked));
    with_vault(&spec)
        .when(&cmd(alice(), 50, stake_locked("v", 100, 101)))
        .then_error(&vault_err(VaultError::LockTooLong { lock_secs: 101, max_lock_secs: 100 }));
}

#[test]
fn instant_exit_needs_the_option() {
    farming()
        .when(&cmd(alice(), 1010, exit_instant("v")))
        .then_error(&vault_err(VaultError::NoInstantExit { vault: vid("v") }));
}

#[test]
fn a_dust_stake_earns_only_its_floored_share() {
    // Alice 999_999, Bob 1. rpt += ⌊1000e18 / 1e6⌋ = 1e15 over the period.
    // Alice ⌊999_999e15 / 1e18⌋ = 999; Bob ⌊1e15 / 1e18⌋ = 0. Paid ≤ funded.
    let s = with_vault(&VaultSpec::default()).given([
        cmd(alice(), 990, stake("v", 999_999)),
        cmd(bob(), 990, stake("v", 1)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
    ]);
    // Checkpointing every second does not help Bob: each floor is against him.
    let mut commands = Vec::new();
    for t in 1001..1100 {
        commands.push(cmd(bob(), t, stake("v", 1)));
    }
    let s = s.given(commands);
    s.when(&cmd(bob(), 1100, claim("v")))
        .then_error(&vault_err(VaultError::NothingToClaim { vault: vid("v"), account: bob() }));
    let s = with_vault(&VaultSpec::default()).given([
        cmd(alice(), 990, stake("v", 999_999)),
        cmd(bob(), 990, stake("v", 1)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
    ]);
    s.when(&cmd(alice(), 1100, claim("v"))).then_events(&[
        moved("ALLY", vault_addr("v"), alice(), 999),
        Event::RewardPaid(RewardPaid {
            vault: vid("v"),
            account: alice(),
            token: tok("ALLY"),
            amount: Amount(999),
        }),
    ]);
}

#[test]
fn a_one_unit_stake_with_a_huge_reward_does_not_overflow_the_accumulator() {
    // rpt = 1e30 · 1e18 / 1 = 1e48 > 2^128: kept on 256 bits; the single
    // staker earns exactly the 1e30 funded.
    let huge = 1_000_000_000_000_000_000_000_000_000_000u128;
    let s = with_vault(&VaultSpec::default()).given([
        cmd(admin(), 3, mint("ALLY", admin(), huge)),
        cmd(alice(), 990, stake("v", 1)),
        cmd(admin(), 1000, fund("v", "ALLY", huge)),
    ]);
    s.when(&cmd(alice(), 1100, claim("v"))).then_events(&[
        moved("ALLY", vault_addr("v"), alice(), 1_000_000_000_000_000_000_000_000_000_000),
        Event::RewardPaid(RewardPaid {
            vault: vid("v"),
            account: alice(),
            token: tok("ALLY"),
            amount: Amount(huge),
        }),
    ]);
}

#[test]
fn withdrawing_before_unbonding_ends_is_refused() {
    let spec = VaultSpec { unbonding: 50, ..VaultSpec::default() };
    let s = with_vault(&spec).given([cmd(alice(), 10, stake("v", 100)), cmd(alice(), 20, unstake("v", 100))]);
    s.when(&cmd(alice(), 69, withdraw_unbonded("v"))).then_error(&vault_err(VaultError::StillUnbonding {
        vault: vid("v"),
        amount: Amount(100),
        ready_at: Timestamp(70),
        at: Timestamp(69),
    }));
    // Unstaking again restarts the clock for the whole unbonding amount.
    let s = with_vault(&spec).given([
        cmd(alice(), 10, stake("v", 100)),
        cmd(alice(), 20, unstake("v", 50)),
        cmd(alice(), 60, unstake("v", 50)),
    ]);
    s.when(&cmd(alice(), 70, withdraw_unbonded("v"))).then_error(&vault_err(VaultError::StillUnbonding {
        vault: vid("v"),
        amount: Amount(100),
        ready_at: Timestamp(110),
        at: Timestamp(70),
    }));
}

#[test]
fn locked_tokens_cannot_leave_by_any_door() {
    // Bob receives 500 ALLY locked until 10_000 and holds nothing else.
    let spec = VaultSpec::default();
    let locked = EngineError::Ledger(LedgerError::Locked {
        token: tok("ALLY"),
        locked: Amount(500),
        free: Amount(0),
        until: Timestamp(10_000),
    });
    let setup = || {
        funded_hub().given([
            cmd(admin(), 2, create_vault("v", &spec)),
            cmd(admin(), 3, create_split("fees", &[(carol(), 10_000)], carol())),
            cmd(admin(), 10, transfer_locked("ALLY", bob(), 500, 10_000)),
        ])
    };
    for body in [
        transfer("ALLY", carol(), 1),
        withdraw("ALLY", carol(), 1),
        transfer_locked("ALLY", carol(), 1, 20_000),
        create_vesting(carol(), "ALLY", 1, 0, 0, 10, false),
        distribute("fees", "ALLY", 1),
    ] {
        setup().when(&cmd(bob(), 20, body)).then_error(&locked);
    }
    // A vault staking ALLY refuses it too.
    let s = funded_hub().given([
        cmd(admin(), 2, create_vault_staking_ally("a")),
        cmd(admin(), 10, transfer_locked("ALLY", bob(), 500, 10_000)),
    ]);
    s.when(&cmd(bob(), 20, stake("a", 1))).then_error(&locked);
}

fn create_vault_staking_ally(id: &str) -> concord_core::command::CommandBody {
    let mut body = create_vault(id, &VaultSpec::default());
    if let concord_core::command::CommandBody::CreateVault(c) = &mut body {
        c.stake_token = tok("ALLY");
        c.reward_tokens = vec![tok("PLAY")];
    }
    body
}

#[test]
fn pause_closes_everything_but_the_emergency_exit() {
    let s = farming().given([cmd(admin(), 1010, pause("v", true))]);
    s.when(&cmd(bob(), 1020, stake("v", 1))).then_error(&vault_err(VaultError::Paused { vault: vid("v") }));
    let s = farming().given([cmd(admin(), 1010, pause("v", true))]);
    s.when(&cmd(alice(), 1020, claim("v"))).then_error(&vault_err(VaultError::Paused { vault: vid("v") }));
    farming()
        .when(&cmd(alice(), 1020, emergency("v")))
        .then_error(&vault_err(VaultError::NotPaused { vault: vid("v") }));
    farming()
        .when(&cmd(alice(), 1020, pause("v", true)))
        .then_error(&EngineError::Auth(AuthError::NotAdminOrLeader { actor: alice(), alliance: alliance() }));
}

#[test]
fn positions_cannot_be_overdrawn_or_claimed_by_strangers() {
    farming().when(&cmd(alice(), 1020, unstake("v", 101))).then_error(&vault_err(
        VaultError::InsufficientStake { vault: vid("v"), staked: Amount(100), requested: Amount(101) },
    ));
    farming()
        .when(&cmd(carol(), 1020, claim("v")))
        .then_error(&vault_err(VaultError::NoPosition { vault: vid("v"), account: carol() }));
}

#[test]
fn an_epoch_is_emitted_once() {
    let s = with_vault(&VaultSpec::default()).given([
        cmd(
            admin(),
            3,
            concord_core::command::CommandBody::SetMinter(SetMinter {
                token: tok("ALLY"),
                minter: Some(emission_addr()),
            }),
        ),
        cmd(
            admin(),
            10,
            create_emission(
                "e",
                Schedule::Constant { per_epoch: Amount(1000) },
                &[("v", 10_000)],
                1,
                None,
                1_000_000,
                carol(),
            ),
        ),
        cmd(outsider(), 604_800, emit("e")),
    ]);
    s.when(&cmd(outsider(), 604_800 * 2 - 1, emit("e"))).then_error(&EngineError::Emission(
        EmissionError::NothingToEmit {
            emission: "e".parse().unwrap(),
            current: 1,
            next_epoch: 2,
            finished: false,
        },
    ));
}

#[test]
fn staking_just_before_a_penalty_exit_does_not_capture_the_penalty() {
    // Bob 3000 staked; Carol stakes 3000 in the same second as Alice's exit
    // (100_000 at 5 % → 5000, streamed at 50/s for 100 s) and leaves one second
    // later. rpt += ⌊50e18/6000⌋ = 8_333_333_333_333_333; Carol earns
    // ⌊3000 · that / 1e18⌋ = 24, not the 2500 an instant share would give her.
    let spec = VaultSpec { penalty: Some((500, PenaltyTo::RemainingStakers)), ..VaultSpec::default() };
    let s = with_vault(&spec).given([
        cmd(alice(), 10, stake("v", 100_000)),
        cmd(bob(), 10, stake("v", 3000)),
        cmd(carol(), 20, stake("v", 3000)),
        cmd(alice(), 20, exit_instant("v")),
        cmd(carol(), 21, unstake("v", 3000)),
    ]);
    s.when(&cmd(carol(), 21, claim("v"))).then_events(&[
        moved("GOV", vault_addr("v"), carol(), 24),
        Event::RewardPaid(RewardPaid {
            vault: vid("v"),
            account: carol(),
            token: tok("GOV"),
            amount: Amount(24),
        }),
    ]);
}

#[test]
fn lock_up_spam_is_bounded() {
    // Every debit sums the active lock-ups, so their number per (account, token) is capped.
    let spam: Vec<_> =
        (0..64).map(|i| cmd(admin(), 10, transfer_locked("ALLY", bob(), 1, 1_000 + i))).collect();
    funded_hub()
        .given(spam)
        .when(&cmd(admin(), 10, transfer_locked("ALLY", bob(), 1, 5_000)))
        .then_error(&EngineError::Vesting(VestingError::TooManyLockups { token: tok("ALLY"), limit: 64 }));
    // Once some expire, new ones fit again.
    let spam: Vec<_> =
        (0..64).map(|i| cmd(admin(), 10, transfer_locked("ALLY", bob(), 1, 1_000 + i))).collect();
    funded_hub()
        .given(spam)
        .when(&cmd(admin(), 1_000, transfer_locked("ALLY", bob(), 1, 5_000)))
        .then_events(&[
            moved("ALLY", admin(), bob(), 1),
            Event::LockedTransfer(concord_core::vesting::LockedTransfer {
                token: tok("ALLY"),
                from: admin(),
                to: bob(),
                amount: Amount(1),
                unlock_at: Timestamp(5_000),
            }),
        ]);
}
