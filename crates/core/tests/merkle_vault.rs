//! Merkle roots from Concord's own reward state: `publish-vault-rewards`
//! settles every position of a vault into the distributor and publishes the
//! cumulative amounts, worked out by hand.
//!
//! Vault `v` stakes GOV and streams PLAY (which has a contract address, so it
//! can be a leaf): 1000 PLAY funded at t = 10 over 100 s, rate 10/s. alice
//! stakes 100 and bob 300 at t = 10. By t = 60, 500 PLAY accrued:
//! alice 500 · 100/400 = 125, bob 375 (reward_per_token = 500e18/400 = 1.25e18, exact).

use concord_core::command::{CommandBody, Event};
use concord_core::merkle::{ClaimMerkleReward, Entry, PublishVaultRewards, distributor_account, proof_for};
use concord_core::testing::cmd;
use concord_core::types::Amount;
use concord_core::{Engine, EngineError};

use crate::common::{admin, tok};
use crate::incentives_support::{VaultSpec, alice, bob, engine_with, fund, stake, vault_addr, vid};

fn publish(epoch: u64) -> CommandBody {
    CommandBody::PublishVaultRewards(PublishVaultRewards { vault: vid("v"), epoch })
}

fn play_vault() -> Engine {
    let spec = VaultSpec { rewards: vec!["PLAY"], ..VaultSpec::default() };
    engine_with(
        &spec,
        &[
            cmd(admin(), 10, fund("v", "PLAY", 1000)),
            cmd(alice(), 10, stake("v", 100)),
            cmd(bob(), 10, stake("v", 300)),
        ],
    )
}

#[test]
fn settles_every_position_and_publishes_cumulative_amounts() {
    let mut engine = play_vault();
    let vault_before = engine.state().ledger.balance(vault_addr("v"), tok("PLAY"));
    let events = engine.apply(&cmd(admin(), 60, publish(1))).unwrap();
    assert!(events.iter().any(|e| matches!(e, Event::VaultRewardsSettled(s) if s.accounts == 2 && s.totals[&tok("PLAY")] == Amount(500))));
    let entries = &engine.state().merkle.epochs[&1].entries;
    let mut expected = vec![
        Entry { account: alice(), token: tok("PLAY"), amount: Amount(125) },
        Entry { account: bob(), token: tok("PLAY"), amount: Amount(375) },
    ];
    expected.sort_by_key(|e| (e.account, e.token));
    assert_eq!(entries, &expected);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(distributor_account(), tok("PLAY")), Amount(500));
    assert_eq!(ledger.balance(vault_addr("v"), tok("PLAY")), Amount(vault_before.0 - 500));

    // Epoch 2 at t = 110 (stream end): another 500 → cumulative 250 and 750.
    engine.apply(&cmd(admin(), 110, publish(2))).unwrap();
    let amounts: Vec<u128> = engine.state().merkle.epochs[&2].entries.iter().map(|e| e.amount.0).collect();
    let mut want = [(alice(), 250u128), (bob(), 750)];
    want.sort();
    assert_eq!(amounts, want.iter().map(|(_, a)| *a).collect::<Vec<_>>());

    // alice claims her cumulative 250 with a proof against epoch 2's root.
    let (_, entry, _, proof) =
        proof_for(&engine.state().merkle, &engine.state().ledger, 2, alice(), tok("PLAY")).unwrap();
    assert_eq!(entry.amount, Amount(250));
    engine
        .apply(&cmd(
            alice(),
            111,
            CommandBody::ClaimMerkleReward(ClaimMerkleReward {
                epoch: 2,
                token: tok("PLAY"),
                amount: Amount(250),
                proof,
            }),
        ))
        .unwrap();
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(distributor_account(), tok("PLAY")), Amount(1000 - 250));
    // Nothing is left owed in the vault: claiming there now has nothing to pay.
    assert!(
        engine
            .apply(&cmd(
                alice(),
                112,
                concord_core::command::CommandBody::Claim(concord_core::vault::Claim { vault: vid("v") })
            ))
            .is_err()
    );
}

#[test]
fn a_reward_token_without_a_contract_cannot_be_published_and_nothing_is_settled() {
    // The default vault streams ALLY, which has no contract address.
    let mut engine = engine_with(
        &VaultSpec::default(),
        &[cmd(admin(), 10, fund("v", "ALLY", 1000)), cmd(alice(), 10, stake("v", 100))],
    );
    let before = engine.state_hash();
    let error = engine.apply(&cmd(admin(), 60, publish(1))).unwrap_err();
    assert_eq!(error.code(), "bad_entry", "{error}");
    assert!(error.to_string().contains("ALLY has no contract address"), "{error}");
    assert_eq!(engine.state_hash(), before);
    // Only the admin publishes.
    let error = engine.apply(&cmd(alice(), 60, publish(1))).unwrap_err();
    assert!(matches!(error, EngineError::MissingRole { .. }), "{error}");
}
