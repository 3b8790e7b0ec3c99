//! Emission schedules per weekly epoch, the cap, the sunset and routing, with
//! every amount worked out by hand.

use concord_core::command::{CommandBody, Event};
use concord_core::emission::{EmissionDustPaid, EmissionError, EpochEmitted, Schedule};
use concord_core::error::EngineError;
use concord_core::ledger::SetMinter;
use concord_core::testing::{cmd, sample_charter};
use concord_core::types::{Amount, Bps, Timestamp};
use concord_core::vault::VaultFunded;
use concord_core::{Command, Engine};

use crate::common::{admin, minted, outsider, tok};
use crate::incentives_support::*;

const WEEK: u64 = 604_800;

fn set_minter() -> Command {
    cmd(admin(), 3, CommandBody::SetMinter(SetMinter { token: tok("ALLY"), minter: Some(emission_addr()) }))
}

/// Hub, vault `v` (100 s periods), ALLY minted by the emission module, and an
/// emission `e` starting at epoch 1 routed 100 % to `v`.
fn engine(schedule: Schedule, cap: u128, sunset: Option<u64>) -> Engine {
    let mut engine = Engine::genesis(&sample_charter());
    let mut all = hub_commands();
    all.push(cmd(admin(), 2, create_vault("v", &VaultSpec::default())));
    all.push(set_minter());
    all.push(cmd(admin(), 10, create_emission("e", schedule, &[("v", 10_000)], 1, sunset, cap, carol())));
    for c in &all {
        engine.apply(c).unwrap_or_else(|e| panic!("{} rejected: {e}", c.body.kind()));
    }
    engine
}

/// The amounts of the epochs an `emit` at `at` emitted.
fn emitted(engine: &mut Engine, at: u64) -> Vec<(u64, u128)> {
    let events = engine.apply(&cmd(outsider(), at, emit("e"))).expect("emit accepted");
    events
        .iter()
        .filter_map(|e| match e {
            Event::EpochEmitted(x) => Some((x.epoch, x.amount.0)),
            _ => None,
        })
        .collect()
}

#[test]
fn constant_schedule_emits_the_same_each_epoch_and_catches_up() {
    let mut e = engine(Schedule::Constant { per_epoch: Amount(1000) }, 1_000_000, None);
    // At epoch 3: epochs 1, 2, 3 at once.
    assert_eq!(emitted(&mut e, 3 * WEEK + 5), vec![(1, 1000), (2, 1000), (3, 1000)]);
    assert_eq!(emitted(&mut e, 4 * WEEK), vec![(4, 1000)]);
    let ledger = &e.state().ledger;
    assert_eq!(ledger.balance(vault_addr("v"), tok("ALLY")), Amount(4000));
    assert_eq!(ledger.tokens[&tok("ALLY")].supply.minted, Amount(1_000_000_000 + 4000));
}

#[test]
fn linear_decay_reaches_zero() {
    // 1000 − 300k, floored at 0.
    let mut e = engine(
        Schedule::LinearDecay { initial: Amount(1000), decrease_per_epoch: Amount(300) },
        1_000_000,
        None,
    );
    assert_eq!(emitted(&mut e, 5 * WEEK), vec![(1, 1000), (2, 700), (3, 400), (4, 100)]);
    // The schedule reached 0, so the emission has finished.
    let err = e.apply(&cmd(outsider(), 6 * WEEK, emit("e"))).unwrap_err();
    assert_eq!(
        err,
        EngineError::Emission(EmissionError::NothingToEmit {
            emission: "e".parse().unwrap(),
            current: 6,
            next_epoch: 5,
            finished: true
        })
    );
}

#[test]
fn exponential_decay_floors_each_step() {
    // ×0.9 per epoch: 1000, 900, 810, 729, ⌊656.1⌋ = 656, ⌊590.4⌋ = 590, 531.
    let mut e = engine(
        Schedule::ExponentialDecay { initial: Amount(1000), factor: Amount(900_000_000_000_000_000) },
        1_000_000,
        None,
    );
    assert_eq!(
        emitted(&mut e, 7 * WEEK),
        vec![(1, 1000), (2, 900), (3, 810), (4, 729), (5, 656), (6, 590), (7, 531)]
    );
}

#[test]
fn step_halving_every_two_epochs() {
    let mut e = engine(
        Schedule::Step { initial: Amount(1000), period_epochs: 2, factor_bps: Bps(5000) },
        1_000_000,
        None,
    );
    assert_eq!(emitted(&mut e, 6 * WEEK), vec![(1, 1000), (2, 1000), (3, 500), (4, 500), (5, 250), (6, 250)]);
}

#[test]
fn the_cap_clips_the_last_epoch_and_ends_the_emission() {
    // Cap 2500: 1000, 1000, then 500, then nothing.
    let mut e = engine(Schedule::Constant { per_epoch: Amount(1000) }, 2500, None);
    assert_eq!(emitted(&mut e, 5 * WEEK), vec![(1, 1000), (2, 1000), (3, 500)]);
    let err = e.apply(&cmd(outsider(), 6 * WEEK, emit("e"))).unwrap_err();
    assert_eq!(
        err,
        EngineError::Emission(EmissionError::NothingToEmit {
            emission: "e".parse().unwrap(),
            current: 6,
            next_epoch: 4,
            finished: true
        })
    );
}

#[test]
fn nothing_is_emitted_from_the_sunset_epoch_on() {
    let mut e = engine(Schedule::Constant { per_epoch: Amount(1000) }, 1_000_000, Some(4));
    assert_eq!(emitted(&mut e, 9 * WEEK), vec![(1, 1000), (2, 1000), (3, 1000)]);
    assert!(e.apply(&cmd(outsider(), 10 * WEEK, emit("e"))).is_err());
    assert_eq!(e.state().emissions.emissions[&"e".parse().unwrap()].minted, Amount(3000));
}

#[test]
fn nothing_to_emit_before_the_start_epoch() {
    let mut e = engine(Schedule::Constant { per_epoch: Amount(1000) }, 1_000_000, None);
    let err = e.apply(&cmd(outsider(), WEEK - 1, emit("e"))).unwrap_err();
    assert_eq!(
        err,
        EngineError::Emission(EmissionError::NothingToEmit {
            emission: "e".parse().unwrap(),
            current: 0,
            next_epoch: 1,
            finished: false
        })
    );
}

#[test]
fn fixed_weights_floor_each_share_and_mint_the_remainder_to_the_dust_recipient() {
    // 1001 split 70/30: 700 and 300, remainder 1 to Carol. Each vault is
    // funded at once over its 100 s period: rates 7 and 3.
    let mut engine = Engine::genesis(&sample_charter());
    let mut all = hub_commands();
    all.push(cmd(admin(), 2, create_vault("v", &VaultSpec::default())));
    all.push(cmd(admin(), 2, create_vault("w", &VaultSpec::default())));
    all.push(set_minter());
    all.push(cmd(
        admin(),
        10,
        create_emission(
            "e",
            Schedule::Constant { per_epoch: Amount(1001) },
            &[("v", 7000), ("w", 3000)],
            1,
            None,
            10_000,
            carol(),
        ),
    ));
    for c in &all {
        engine.apply(c).unwrap();
    }
    let at = WEEK + 7;
    let events = engine.apply(&cmd(outsider(), at, emit("e"))).unwrap();
    let funded = |v: &str, amount: u128, rate: u128| {
        Event::VaultFunded(VaultFunded {
            vault: vid(v),
            token: tok("ALLY"),
            funder: emission_addr(),
            amount: Amount(amount),
            leftover: Amount(0),
            rate,
            period_finish: Timestamp(at + 100),
            dust: Amount(0),
        })
    };
    assert_eq!(
        events,
        vec![
            // The journal: each share minted into its vault, the dust to its recipient.
            minted("ALLY", vault_addr("v"), 700),
            minted("ALLY", vault_addr("w"), 300),
            minted("ALLY", carol(), 1),
            Event::EpochEmitted(EpochEmitted {
                emission: "e".parse().unwrap(),
                epoch: 1,
                amount: Amount(1001),
                shares: vec![(vid("v"), Amount(700)), (vid("w"), Amount(300))],
                dust: Amount(1),
                minted: Amount(1001),
            }),
            funded("v", 700, 7),
            funded("w", 300, 3),
            Event::EmissionDustPaid(EmissionDustPaid {
                emission: "e".parse().unwrap(),
                recipient: carol(),
                amount: Amount(1)
            }),
        ]
    );
    assert_eq!(engine.state().ledger.balance(carol(), tok("ALLY")), Amount(1));
}

#[test]
fn a_share_too_small_for_a_positive_rate_goes_to_the_dust_recipient() {
    // Vault w has 1000 s periods; its share of 300 would give rate 0, so it
    // is minted to Carol with the remainder: 1 + 300.
    let mut engine = Engine::genesis(&sample_charter());
    let mut all = hub_commands();
    all.push(cmd(admin(), 2, create_vault("v", &VaultSpec::default())));
    all.push(cmd(admin(), 2, create_vault("w", &VaultSpec { duration: 1000, ..VaultSpec::default() })));
    all.push(set_minter());
    all.push(cmd(
        admin(),
        10,
        create_emission(
            "e",
            Schedule::Constant { per_epoch: Amount(1001) },
            &[("v", 7000), ("w", 3000)],
            1,
            None,
            10_000,
            carol(),
        ),
    ));
    for c in &all {
        engine.apply(c).unwrap();
    }
    engine.apply(&cmd(outsider(), WEEK, emit("e"))).unwrap();
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(carol(), tok("ALLY")), Amount(301));
    assert_eq!(ledger.balance(vault_addr("w"), tok("ALLY")), Amount(0));
    assert_eq!(ledger.balance(vault_addr("v"), tok("ALLY")), Amount(700));
}

#[test]
fn only_admins_create_emissions_and_only_when_the_module_mints() {
    let s = with_vault(&VaultSpec::default());
    let body = create_emission(
        "e",
        Schedule::Constant { per_epoch: Amount(1) },
        &[("v", 10_000)],
        1,
        None,
        10,
        carol(),
    );
    s.when(&cmd(admin(), 10, body.clone())).then_error(&EngineError::Emission(
        EmissionError::NotModuleMinter { token: tok("ALLY"), module: emission_addr(), minter: Some(admin()) },
    ));
    with_vault(&VaultSpec::default())
        .given([set_minter()])
        .when(&cmd(outsider(), 10, body))
        .then_error(&EngineError::Emission(EmissionError::NotAdmin { actor: outsider() }));
}
