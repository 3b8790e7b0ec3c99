//! Emissions routed by gauge weight (Curve's GaugeController feeding the
//! minter), worked out by hand on the gauge fixtures: alice (slope 1000)
//! votes 60 % on gauge a and 40 % on b, bob (slope 500) 100 % on b, from
//! epoch 11W. Relative weights at 11W: a = 600/1500 = 0.4, b = 900/1500 = 0.6;
//! gauge c has no votes.

use concord_core::command::{CommandBody, Event};
use concord_core::emission::{CreateEmission, Routing, Schedule};
use concord_core::ledger::SetMinter;
use concord_core::testing::cmd;
use concord_core::types::Amount;

use crate::common::{admin, outsider, tok};
use crate::escrow::W;
use crate::gauge::{carol, voted};
use crate::incentives_support::{VaultSpec, create_vault, emission_addr, vault_addr};

#[test]
fn an_epoch_is_split_by_relative_gauge_weight() {
    let constant = Schedule::Constant { per_epoch: Amount(1000) };
    let create = CommandBody::CreateEmission(Box::new(CreateEmission {
        id: "by-gauges".parse().unwrap(),
        token: tok("ALLY"),
        schedule: constant,
        routing: Routing::Gauges {},
        start_epoch: 11,
        sunset_epoch: None,
        cap: Amount(1_000_000),
        dust_recipient: carol(),
    }));
    let mut engine = voted()
        .given([
            cmd(admin(), 10 * W + 6, create_vault("vault-a", &VaultSpec::default())),
            cmd(admin(), 10 * W + 6, create_vault("vault-b", &VaultSpec::default())),
            cmd(
                admin(),
                10 * W + 6,
                CommandBody::SetMinter(SetMinter { token: tok("ALLY"), minter: Some(emission_addr()) }),
            ),
            cmd(admin(), 10 * W + 6, create),
        ])
        .into_engine();
    let carol_before = engine.state().ledger.balance(carol(), tok("ALLY"));
    let events = engine
        .apply(&cmd(
            outsider(),
            11 * W + 10,
            CommandBody::Emit(concord_core::emission::Emit { emission: "by-gauges".parse().unwrap() }),
        ))
        .unwrap();
    // Epoch 11 mints 1000: 400 to vault-a, 600 to vault-b (floor of 1000 · 0.4
    // and 1000 · 0.6, no remainder); gauge c points at no vault and had no votes.
    let funded: Vec<(String, u128)> = events
        .iter()
        .filter_map(|e| match e {
            Event::VaultFunded(f) => Some((f.vault.to_string(), f.amount.0)),
            _ => None,
        })
        .collect();
    assert_eq!(funded, vec![("vault-a".to_owned(), 400), ("vault-b".to_owned(), 600)]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(vault_addr("vault-a"), tok("ALLY")), Amount(400));
    assert_eq!(ledger.balance(vault_addr("vault-b"), tok("ALLY")), Amount(600));
    assert_eq!(ledger.balance(carol(), tok("ALLY")), carol_before, "no dust this epoch");
}

#[test]
fn an_epoch_nobody_voted_in_goes_to_the_dust_recipient() {
    // Epoch 10 has no gauge weights (votes count from 11W).
    let create = CommandBody::CreateEmission(Box::new(CreateEmission {
        id: "early".parse().unwrap(),
        token: tok("ALLY"),
        schedule: Schedule::Constant { per_epoch: Amount(1000) },
        routing: Routing::Gauges {},
        start_epoch: 10,
        sunset_epoch: Some(11),
        cap: Amount(1_000_000),
        dust_recipient: carol(),
    }));
    let mut engine = voted()
        .given([
            cmd(admin(), 10 * W + 6, create_vault("vault-a", &VaultSpec::default())),
            cmd(
                admin(),
                10 * W + 6,
                CommandBody::SetMinter(SetMinter { token: tok("ALLY"), minter: Some(emission_addr()) }),
            ),
            cmd(admin(), 10 * W + 6, create),
        ])
        .into_engine();
    let before = engine.state().ledger.balance(carol(), tok("ALLY"));
    engine
        .apply(&cmd(
            outsider(),
            11 * W + 10,
            CommandBody::Emit(concord_core::emission::Emit { emission: "early".parse().unwrap() }),
        ))
        .unwrap();
    assert_eq!(engine.state().ledger.balance(carol(), tok("ALLY")), Amount(before.0 + 1000));
    assert_eq!(engine.state().ledger.balance(vault_addr("vault-a"), tok("ALLY")), Amount(0));
}
