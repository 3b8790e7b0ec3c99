//! Vaults through the engine, with every figure worked out by hand in the
//! comments (Synthetix accumulator: rpt += dt·rate·1e18/W, earned =
//! w·Δrpt/1e18, floors).

use concord_core::command::Event;
use concord_core::testing::cmd;
use concord_core::types::{Amount, Timestamp};
use concord_core::vault::{
    EmergencyWithdrawn, ExitedInstantly, IdleRewards, IdleRewardsReturned, Loyalty, PenaltyTo, RewardPaid,
    Staked, UnbondedWithdrawn, UnbondingStarted, VaultFunded, VaultPauseSet,
};

use crate::common::{admin, moved, tok};
use crate::incentives_support::*;

fn paid(account: concord_core::Address, token: &str, amount: u128) -> Event {
    Event::RewardPaid(RewardPaid { vault: vid("v"), account, token: tok(token), amount: Amount(amount) })
}

fn funded(amount: u128, leftover: u128, rate: u128, finish: u64, dust: u128) -> Event {
    Event::VaultFunded(VaultFunded {
        vault: vid("v"),
        token: tok("ALLY"),
        funder: admin(),
        amount: Amount(amount),
        leftover: Amount(leftover),
        rate,
        period_finish: Timestamp(finish),
        dust: Amount(dust),
    })
}

#[test]
fn two_stakers_entering_at_different_times() {
    // 1000 ALLY over 100 s from t=1000: rate 10/s. Alice stakes 100 at t=990,
    // Bob 300 at t=1040.
    //   1000–1040: 400 to Alice alone (rpt 4e18).
    //   1040–1100: 600 shared 100:300 → Alice 150, Bob 450 (rpt + 1.5e18).
    let s = with_vault(&VaultSpec::default()).given([
        cmd(alice(), 990, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
        cmd(bob(), 1040, stake("v", 300)),
    ]);
    let engine = s
        .when(&cmd(alice(), 1100, claim("v")))
        .then_events(&[moved("ALLY", vault_addr("v"), alice(), 550), paid(alice(), "ALLY", 550)]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(bob(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(450));
    // Nothing accrues after the period ends.
    assert_eq!(v.earned_at(bob(), Timestamp(5000)).unwrap()[&tok("ALLY")], Amount(450));
    assert_eq!(engine.state().ledger.balance(alice(), tok("ALLY")), Amount(550));
}

#[test]
fn funding_with_leftover_keeps_the_dust_in_the_vault() {
    // t=1000: 1000 over 100 s → rate 10, finish 1100, dust 0.
    // t=1030: 555 more; leftover 10·70 = 700; rate ⌊1255/100⌋ = 12; finish
    // 1130; dust 1255 − 1200 = 55.
    let s = with_vault(&VaultSpec::default())
        .given([cmd(alice(), 990, stake("v", 100)), cmd(admin(), 1000, fund("v", "ALLY", 1000))]);
    let engine = s
        .when(&cmd(admin(), 1030, fund("v", "ALLY", 555)))
        .then_events(&[moved("ALLY", admin(), vault_addr("v"), 555), funded(555, 700, 12, 1130, 55)]);
    // Alice alone: 30·10 + 100·12 = 1500; funded 1555 = 1500 + 55.
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1130)).unwrap()[&tok("ALLY")], Amount(1500));
    let r = &v.rewards[&tok("ALLY")];
    assert_eq!((r.funded, r.dust), (Amount(1555), Amount(55)));
    assert_eq!(engine.state().ledger.balance(vault_addr("v"), tok("ALLY")), Amount(1555));
}

#[test]
fn first_funding_states_rate_and_dust() {
    // 1001 over 100 s: rate 10, dust 1.
    with_vault(&VaultSpec::default())
        .when(&cmd(admin(), 1000, fund("v", "ALLY", 1001)))
        .then_events(&[moved("ALLY", admin(), vault_addr("v"), 1001), funded(1001, 0, 10, 1100, 1)]);
}

#[test]
fn nothing_staked_carry_forward_pauses_the_stream() {
    // Funded at 1000 (rate 10, finish 1100) with nobody staked. Alice stakes at
    // 1050: the 50 idle seconds move the end to 1150, so she earns all 1000.
    // (Synthetix would pay her 500 and strand the other 500 forever.)
    let s = with_vault(&VaultSpec::default())
        .given([cmd(admin(), 1000, fund("v", "ALLY", 1000)), cmd(alice(), 1050, stake("v", 100))]);
    let engine = s
        .when(&cmd(alice(), 1150, claim("v")))
        .then_events(&[moved("ALLY", vault_addr("v"), alice(), 1000), paid(alice(), "ALLY", 1000)]);
    assert_eq!(engine.state().vaults.vaults[&vid("v")].rewards[&tok("ALLY")].period_finish, Timestamp(1150));
}

#[test]
fn nothing_staked_mid_period_carries_forward_too() {
    // 1000–1020: Alice alone, 200. She leaves; 1020–1050 idle → end 1130.
    // Bob (7 staked) 1050–1130: 800 streamed; rpt += ⌊800e18/7⌋ =
    // 114_285_714_285_714_285_714, so he earns ⌊7 · that / 1e18⌋ =
    // ⌊799.999…998⌋ = 799. 200 + 799 paid or claimable; 1 unit of rounding
    // dust stays in the vault.
    let s = with_vault(&VaultSpec::default()).given([
        cmd(alice(), 990, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
        cmd(alice(), 1020, unstake("v", 100)),
        cmd(bob(), 1050, stake("v", 7)),
    ]);
    let engine = s
        .when(&cmd(alice(), 1200, claim("v")))
        .then_events(&[moved("ALLY", vault_addr("v"), alice(), 200), paid(alice(), "ALLY", 200)]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(bob(), Timestamp(1200)).unwrap()[&tok("ALLY")], Amount(799));
    // Alice's claim emptied her position.
    assert!(!v.positions.contains_key(&alice()));
}

#[test]
fn nothing_staked_return_to_treasury_sends_the_idle_part_back() {
    // Funded at 1000 (rate 10); Alice stakes at 1050: 50 s · 10 = 500 go to the
    // treasury at her checkpoint; she earns 1050–1100: 500.
    let spec = VaultSpec { idle: IdleRewards::ReturnToTreasury, ..VaultSpec::default() };
    let s = with_vault(&spec).given([cmd(admin(), 1000, fund("v", "ALLY", 1000))]);
    let engine = s.when(&cmd(alice(), 1050, stake("v", 100))).then_events(&[
        moved("ALLY", vault_addr("v"), treasury(), 500),
        moved("GOV", alice(), vault_addr("v"), 100),
        Event::IdleRewardsReturned(IdleRewardsReturned {
            vault: vid("v"),
            token: tok("ALLY"),
            amount: Amount(500),
            treasury: treasury(),
        }),
        Event::Staked(Staked {
            vault: vid("v"),
            account: alice(),
            amount: Amount(100),
            staked: Amount(100),
            working: Amount(100),
            lock_until: Timestamp(1050),
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(treasury(), tok("ALLY")), Amount(500));
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(500));
}

#[test]
fn dual_rewards_accrue_independently() {
    // ALLY 1000 over 100 s (rate 10) and PLAY 333 over 100 s (rate 3, dust 33).
    // Alice alone for the whole period: 1000 ALLY and 300 PLAY.
    let spec = VaultSpec { rewards: vec!["ALLY", "PLAY"], ..VaultSpec::default() };
    let s = with_vault(&spec).given([
        cmd(alice(), 990, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
        cmd(admin(), 1000, fund("v", "PLAY", 333)),
    ]);
    s.when(&cmd(alice(), 1100, claim("v"))).then_events(&[
        moved("ALLY", vault_addr("v"), alice(), 1000),
        moved("PLAY", vault_addr("v"), alice(), 300),
        paid(alice(), "ALLY", 1000),
        paid(alice(), "PLAY", 300),
    ]);
}

#[test]
fn penalty_exit_shares_the_penalty_with_remaining_stakers() {
    // 5 % penalty to stakers. Alice 1001, Bob 3000.
    // penalty ⌈1001·500/10000⌉ = ⌈50.05⌉ = 51, paid 950.
    // GOV rpt += ⌊51e18/3000⌋ = 17e15 → Bob earns 3000·0.017 = 51 GOV.
    let spec = VaultSpec {
        penalty: Some((500, PenaltyTo::RemainingStakers)),
        unbonding: 604_800,
        ..VaultSpec::default()
    };
    let s = with_vault(&spec).given([cmd(alice(), 10, stake("v", 1001)), cmd(bob(), 10, stake("v", 3000))]);
    let engine = s.when(&cmd(alice(), 20, exit_instant("v"))).then_events(&[
        moved("GOV", vault_addr("v"), alice(), 950),
        Event::ExitedInstantly(ExitedInstantly {
            vault: vid("v"),
            account: alice(),
            principal: Amount(1001),
            penalty: Amount(51),
            paid: Amount(950),
            penalty_to: PenaltyTo::RemainingStakers,
            streamed_until: None,
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(alice(), tok("GOV")), Amount(1_000_000 - 1001 + 950));
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(bob(), Timestamp(20)).unwrap()[&tok("GOV")], Amount(51));
}

#[test]
fn penalty_share_floors_and_the_remainder_stays_in_the_vault() {
    // Alice 1000 → penalty 50. Bob 3000: rpt += ⌊50e18/3000⌋ =
    // 16_666_666_666_666_666; Bob earns ⌊3000 · that / 1e18⌋ = ⌊49.999…⌋ = 49.
    let spec = VaultSpec { penalty: Some((500, PenaltyTo::RemainingStakers)), ..VaultSpec::default() };
    let s = with_vault(&spec).given([
        cmd(alice(), 10, stake("v", 1000)),
        cmd(bob(), 10, stake("v", 3000)),
        cmd(alice(), 20, exit_instant("v")),
    ]);
    let engine = s
        .when(&cmd(bob(), 30, claim("v")))
        .then_events(&[moved("GOV", vault_addr("v"), bob(), 49), paid(bob(), "GOV", 49)]);
    // Vault GOV: Bob's 3000 principal + 1 unit of rounding dust.
    assert_eq!(engine.state().ledger.balance(vault_addr("v"), tok("GOV")), Amount(3001));
}

#[test]
fn penalty_exit_to_the_treasury() {
    let spec = VaultSpec { penalty: Some((300, PenaltyTo::Treasury)), ..VaultSpec::default() };
    let s = with_vault(&spec).given([cmd(alice(), 10, stake("v", 1000))]);
    let engine = s.when(&cmd(alice(), 20, exit_instant("v"))).then_events(&[
        moved("GOV", vault_addr("v"), alice(), 970),
        moved("GOV", vault_addr("v"), treasury(), 30),
        Event::ExitedInstantly(ExitedInstantly {
            vault: vid("v"),
            account: alice(),
            principal: Amount(1000),
            penalty: Amount(30),
            paid: Amount(970),
            penalty_to: PenaltyTo::Treasury,
            streamed_until: None,
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(treasury(), tok("GOV")), Amount(30));
}

#[test]
fn the_last_staker_s_penalty_goes_to_the_treasury() {
    let spec = VaultSpec { penalty: Some((500, PenaltyTo::RemainingStakers)), ..VaultSpec::default() };
    let s = with_vault(&spec).given([cmd(alice(), 10, stake("v", 1000))]);
    let engine = s.when(&cmd(alice(), 20, exit_instant("v"))).then_events(&[
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
    assert_eq!(engine.state().ledger.balance(treasury(), tok("GOV")), Amount(50));
}

#[test]
fn unbonding_earns_nothing_and_pays_after_the_period() {
    // Unbonding 50 s. Alice and Bob 100 each; at 1050 Alice unbonds all.
    // 1000–1050: 500 shared → 250 each. 1050–1100: 500 to Bob. Bob 750.
    let spec = VaultSpec { unbonding: 50, ..VaultSpec::default() };
    let s = with_vault(&spec).given([
        cmd(alice(), 990, stake("v", 100)),
        cmd(bob(), 990, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
    ]);
    let engine = s.when(&cmd(alice(), 1050, unstake("v", 100))).then_events(&[Event::UnbondingStarted(
        UnbondingStarted {
            vault: vid("v"),
            account: alice(),
            amount: Amount(100),
            unbonding: Amount(100),
            ready_at: Timestamp(1100),
        },
    )]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(250));
    assert_eq!(v.earned_at(bob(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(750));
    let s = with_vault(&spec).given([
        cmd(alice(), 990, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
        cmd(alice(), 1050, unstake("v", 100)),
    ]);
    s.when(&cmd(alice(), 1100, withdraw_unbonded("v"))).then_events(&[
        moved("GOV", vault_addr("v"), alice(), 100),
        Event::UnbondedWithdrawn(UnbondedWithdrawn {
            vault: vid("v"),
            account: alice(),
            amount: Amount(100),
        }),
    ]);
}

#[test]
fn emergency_withdraw_returns_principal_and_forfeits_rewards_to_the_treasury() {
    // Alice alone 1000–1040: 400 earned, forfeited to the treasury.
    let s = with_vault(&VaultSpec::default())
        .given([cmd(alice(), 990, stake("v", 100)), cmd(admin(), 1000, fund("v", "ALLY", 1000))]);
    let s = s.given([cmd(admin(), 1040, pause("v", true))]);
    let engine = s.when(&cmd(alice(), 1040, emergency("v"))).then_events(&[
        moved("ALLY", vault_addr("v"), treasury(), 400),
        moved("GOV", vault_addr("v"), alice(), 100),
        Event::EmergencyWithdrawn(EmergencyWithdrawn {
            vault: vid("v"),
            account: alice(),
            principal: Amount(100),
            forfeited: vec![(tok("ALLY"), Amount(400))],
            treasury: treasury(),
        }),
    ]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(treasury(), tok("ALLY")), Amount(400));
    assert_eq!(ledger.balance(alice(), tok("GOV")), Amount(1_000_000));
    assert_eq!(ledger.balance(alice(), tok("ALLY")), Amount(0));
}

#[test]
fn pause_is_set_by_the_leader() {
    with_vault(&VaultSpec::default())
        .when(&cmd(admin(), 10, pause("v", true)))
        .then_events(&[Event::VaultPauseSet(VaultPauseSet { vault: vid("v"), paused: true })]);
}

#[test]
fn loyalty_lock_boosts_the_working_balance_and_kick_resets_it() {
    // Max 2.5× at 100 s. Alice locks 100 for 100 s → working 250; Bob 100
    // unlocked → 100. Funded 1000 over 100 s at 1000 (both staked at 1000).
    // 1000–1100: Alice 250/350 · 1000 = 714.28… → 714; Bob 100/350 · 1000 = 285.7… → 285.
    let spec = VaultSpec {
        loyalty: Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 100 }),
        ..VaultSpec::default()
    };
    let s = with_vault(&spec).given([
        cmd(alice(), 1000, stake_locked("v", 100, 100)),
        cmd(bob(), 1000, stake("v", 100)),
        cmd(admin(), 1000, fund("v", "ALLY", 1000)),
    ]);
    let engine = s
        .when(&cmd(bob(), 1100, claim("v")))
        .then_events(&[moved("ALLY", vault_addr("v"), bob(), 285), paid(bob(), "ALLY", 285)]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(alice(), Timestamp(1100)).unwrap()[&tok("ALLY")], Amount(714));
    assert_eq!(v.positions[&alice()].working, Amount(250));
    // After the lock, anyone can kick Alice back to 1×.
    let s = with_vault(&spec).given([cmd(alice(), 1000, stake_locked("v", 100, 100))]);
    let engine = s.when(&cmd(bob(), 1100, kick("v", alice()))).then_events(&[Event::WorkingBalanceUpdated(
        concord_core::vault::WorkingBalanceUpdated {
            vault: vid("v"),
            account: alice(),
            working: Amount(100),
        },
    )]);
    assert_eq!(engine.state().vaults.vaults[&vid("v")].total_working, Amount(100));
}

#[test]
fn a_large_penalty_is_streamed_to_the_stakers_who_stay() {
    // Alice 100_000 at 5 %: penalty 5000, streamed over 100 s at 50/s until 120.
    // Bob (3000) alone 20–70: 2500. Carol stakes 3000 at 70 and shares 70–120:
    // 1250 each. Bob 3750, Carol 1250: joining late earns only for the time staked.
    // In integers: rpt += ⌊2500e18/3000⌋ = 833_333_333_333_333_333, then
    // ⌊2500e18/6000⌋ = 416_666_666_666_666_666; Bob ⌊3000 · 1_249_999_999_999_999_999 / 1e18⌋
    // = 3749, Carol ⌊3000 · 416_666_666_666_666_666 / 1e18⌋ = 1249 (2 units of rounding dust).
    let spec = VaultSpec { penalty: Some((500, PenaltyTo::RemainingStakers)), ..VaultSpec::default() };
    let s =
        with_vault(&spec).given([cmd(alice(), 10, stake("v", 100_000)), cmd(bob(), 10, stake("v", 3000))]);
    let engine = s.when(&cmd(alice(), 20, exit_instant("v"))).then_events(&[
        moved("GOV", vault_addr("v"), alice(), 95_000),
        Event::ExitedInstantly(ExitedInstantly {
            vault: vid("v"),
            account: alice(),
            principal: Amount(100_000),
            penalty: Amount(5000),
            paid: Amount(95_000),
            penalty_to: PenaltyTo::RemainingStakers,
            streamed_until: Some(Timestamp(120)),
        }),
    ]);
    assert_eq!(engine.state().vaults.vaults[&vid("v")].rewards[&tok("GOV")].rate, 50);
    let s = with_vault(&spec).given([
        cmd(alice(), 10, stake("v", 100_000)),
        cmd(bob(), 10, stake("v", 3000)),
        cmd(alice(), 20, exit_instant("v")),
        cmd(carol(), 70, stake("v", 3000)),
    ]);
    let engine = s
        .when(&cmd(bob(), 120, claim("v")))
        .then_events(&[moved("GOV", vault_addr("v"), bob(), 3749), paid(bob(), "GOV", 3749)]);
    let v = &engine.state().vaults.vaults[&vid("v")];
    assert_eq!(v.earned_at(carol(), Timestamp(500)).unwrap()[&tok("GOV")], Amount(1249));
}

// ------------------------------------------------------------ charter

const GENESIS_VAULT: &str = r#"
[[vaults]]
id = "gov-farm"
alliance = "gov-play-pool"
stake_token = "GOV"
reward_tokens = ["ALLY"]
reward_duration_secs = 604800
idle_rewards = "return-to-treasury"
unbonding_secs = 1209600
loyalty = { max_boost_bps = 25000, max_lock_secs = 31536000 }
exit_penalty = { bps = 300, to = "remaining-stakers" }
"#;

#[test]
fn a_charter_can_create_vaults_at_genesis() {
    use concord_core::Charter;
    use concord_core::vault::{ExitPenalty, VaultOptions};
    let text = format!(
        "{}{GENESIS_VAULT}",
        concord_core::charter::templates::template(concord_core::alliance::AllianceModel::LiquidityPool)
    );
    let charter = Charter::parse(&text).expect("valid");
    let engine = concord_core::Engine::genesis(&charter);
    let v = &engine.state().vaults.vaults[&vid("gov-farm")];
    assert_eq!(v.account, vault_addr("gov-farm"));
    assert_eq!(v.treasury, treasury());
    assert_eq!(
        v.options,
        VaultOptions {
            reward_duration_secs: 604_800,
            idle_rewards: IdleRewards::ReturnToTreasury,
            loyalty: Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 31_536_000 }),
            unbonding_secs: 1_209_600,
            exit_penalty: Some(ExitPenalty {
                bps: concord_core::types::Bps(300),
                to: PenaltyTo::RemainingStakers
            }),
        }
    );
    // Penalties go to stakers, so GOV is a reward token too.
    assert_eq!(v.rewards.keys().map(|t| t.as_str()).collect::<Vec<_>>(), vec!["ALLY", "GOV"]);
}

#[test]
fn a_charter_s_vault_problems_are_all_reported_with_their_paths() {
    use concord_core::Charter;
    let bad = GENESIS_VAULT
        .replace(r#"alliance = "gov-play-pool""#, r#"alliance = "other""#)
        .replace(r#"reward_tokens = ["ALLY"]"#, r#"reward_tokens = ["ALLY", "NOPE"]"#)
        .replace("bps = 300", "bps = 0")
        .replace("max_boost_bps = 25000", "max_boost_bps = 9000");
    let text = format!(
        "{}{bad}{GENESIS_VAULT}",
        concord_core::charter::templates::template(concord_core::alliance::AllianceModel::LiquidityPool)
    );
    let problems = Charter::parse(&text).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "vaults[0].alliance",
            "vaults[0].reward_tokens[1]",
            "vaults[0].exit_penalty.bps",
            "vaults[0].loyalty.max_boost_bps",
            "vaults[1].id",
        ],
        "{problems:#?}"
    );
    let text = format!(
        "{}{}",
        concord_core::charter::templates::template(concord_core::alliance::AllianceModel::LiquidityPool),
        GENESIS_VAULT.replace("return-to-treasury", "burn")
    );
    let problems = Charter::parse(&text).unwrap_err();
    assert_eq!(problems[0].path, "vaults[0].idle_rewards");
}

#[test]
fn create_vault_names_the_first_broken_option() {
    let spec = VaultSpec { duration: 0, ..VaultSpec::default() };
    funded_hub().when(&cmd(admin(), 2, create_vault("v", &spec))).then_error(
        &concord_core::EngineError::Vault(concord_core::vault::VaultError::InvalidOption {
            path: "body.reward_duration_secs".into(),
            rule: "must be 1 to 126144000, got 0".into(),
        }),
    );
}
