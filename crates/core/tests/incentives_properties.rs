//! Property tests of the incentive modules, to the base unit: for every
//! reward token, paid + claimable + unallocated = funded (net of what went
//! back to the treasury), and the unallocated part still covers the promised
//! stream; vested never exceeds total; splits and emissions conserve; ledger
//! conservation holds; a rejected command changes nothing.

use std::collections::BTreeMap;

use concord_core::command::{CommandBody, Event};
use concord_core::emission::Schedule;
use concord_core::ledger::SetMinter;
use concord_core::testing::{cmd, sample_charter};
use concord_core::types::{Address, Amount, Bps, Timestamp, TokenId};
use concord_core::vault::{IdleRewards, Loyalty, PenaltyTo};
use concord_core::{Command, Engine};
use proptest::prelude::*;

use crate::common::{admin, dev, outsider, tok};
use crate::incentives_support::*;

const REWARDS: [&str; 3] = ["ALLY", "PLAY", "GOV"];

fn stakers() -> [Address; 3] {
    [alice(), bob(), carol()]
}

#[derive(Clone, Debug)]
enum Op {
    Stake(usize, u128, u64),
    Unstake(usize, u128),
    Claim(usize),
    WithdrawUnbonded(usize),
    Exit(usize),
    Fund(usize, u128),
    Kick(usize),
    Pause(bool),
    Emergency(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..3usize;
    let amount = prop_oneof![1..10u128, 1..100_000u128];
    prop_oneof![
        4 => (who.clone(), amount.clone(), prop_oneof![Just(0u64), 0..80u64]).prop_map(|(w, a, l)| Op::Stake(w, a, l)),
        2 => (who.clone(), amount).prop_map(|(w, a)| Op::Unstake(w, a)),
        2 => who.clone().prop_map(Op::Claim),
        1 => who.clone().prop_map(Op::WithdrawUnbonded),
        1 => who.clone().prop_map(Op::Exit),
        3 => (0..2usize, prop_oneof![1..1000u128, 100..10_000_000u128]).prop_map(|(t, a)| Op::Fund(t, a)),
        1 => who.clone().prop_map(Op::Kick),
        1 => any::<bool>().prop_map(Op::Pause),
        1 => who.prop_map(Op::Emergency),
    ]
}

impl Op {
    fn command(&self, now: u64) -> Command {
        let s = stakers();
        match self {
            Self::Stake(w, a, l) => cmd(s[*w], now, stake_locked("v", *a, *l)),
            Self::Unstake(w, a) => cmd(s[*w], now, unstake("v", *a)),
            Self::Claim(w) => cmd(s[*w], now, claim("v")),
            Self::WithdrawUnbonded(w) => cmd(s[*w], now, withdraw_unbonded("v")),
            Self::Exit(w) => cmd(s[*w], now, exit_instant("v")),
            Self::Fund(t, a) => cmd(admin(), now, fund("v", REWARDS[*t], *a)),
            Self::Kick(w) => cmd(outsider(), now, kick("v", s[*w])),
            Self::Pause(p) => cmd(admin(), now, pause("v", *p)),
            Self::Emergency(w) => cmd(s[*w], now, emergency("v")),
        }
    }
}

/// What the test itself counts from the events, per token.
#[derive(Default, Debug)]
struct Books {
    funded: BTreeMap<TokenId, u128>,
    paid: BTreeMap<TokenId, u128>,
    returned: BTreeMap<TokenId, u128>,
    forfeited: BTreeMap<TokenId, u128>,
    principal: u128,
}

fn bump(map: &mut BTreeMap<TokenId, u128>, token: TokenId, amount: Amount) {
    *map.entry(token).or_default() += amount.0;
}

impl Books {
    fn record(&mut self, event: &Event) {
        match event {
            Event::VaultFunded(e) => bump(&mut self.funded, e.token, e.amount),
            Event::RewardPaid(e) => bump(&mut self.paid, e.token, e.amount),
            Event::IdleRewardsReturned(e) => bump(&mut self.returned, e.token, e.amount),
            Event::EmergencyWithdrawn(e) => {
                self.principal -= e.principal.0;
                for (t, a) in &e.forfeited {
                    bump(&mut self.forfeited, *t, *a);
                }
            }
            Event::Staked(e) => self.principal += e.amount.0,
            Event::Unstaked(e) => self.principal -= e.amount.0,
            Event::UnbondedWithdrawn(e) => self.principal -= e.amount.0,
            Event::ExitedInstantly(e) => {
                self.principal -= e.principal.0;
                if e.penalty_to == PenaltyTo::RemainingStakers {
                    bump(&mut self.funded, tok("GOV"), e.penalty);
                }
            }
            _ => {}
        }
    }
}

fn get(map: &BTreeMap<TokenId, u128>, t: TokenId) -> u128 {
    map.get(&t).copied().unwrap_or(0)
}

/// Ledger conservation: Σ balances = minted + deposited − burned − withdrawn, per token.
fn check_conservation(engine: &Engine) -> Result<(), TestCaseError> {
    let ledger = &engine.state().ledger;
    for (token, entry) in &ledger.tokens {
        let sum: u128 = ledger.balances.values().filter_map(|m| m.get(token)).map(|h| h.latest().0).sum();
        let s = &entry.supply;
        prop_assert_eq!(
            sum,
            s.minted.0 + s.deposited.0 - s.burned.0 - s.withdrawn.0,
            "conservation of {}",
            token
        );
    }
    Ok(())
}

fn check_books(engine: &Engine, books: &Books, now: u64) -> Result<(), TestCaseError> {
    let state = engine.state();
    let v = &state.vaults.vaults[&vid("v")];
    prop_assert_eq!(v.total_staked.0 + v.total_unbonding.0, books.principal);
    let projected = v.rewards_at(Timestamp(now)).unwrap();
    for t in REWARDS.map(tok) {
        let mut held = state.ledger.balance(vault_addr("v"), t).0;
        if t == tok("GOV") {
            held -= books.principal;
        }
        let funded = get(&books.funded, t);
        let out = get(&books.paid, t) + get(&books.returned, t) + get(&books.forfeited, t);
        // What the vault holds is exactly what came in minus what went out.
        prop_assert_eq!(held, funded - out, "held {}", t);
        let claimable: u128 = stakers().iter().map(|a| v.earned_at(*a, Timestamp(now)).unwrap()[&t].0).sum();
        // Idle rewards the next checkpoint will return are still held now.
        let to_return = projected[&t].returned.0 - v.rewards[&t].returned.0;
        prop_assert!(
            claimable + to_return <= held,
            "claimable {} + returns {} > held {} of {}",
            claimable,
            to_return,
            held,
            t
        );
        let unallocated = held - claimable - to_return;
        // paid + claimable + unallocated = funded, to the base unit (net of returns and forfeits).
        prop_assert_eq!(
            get(&books.paid, t)
                + claimable
                + unallocated
                + get(&books.returned, t)
                + to_return
                + get(&books.forfeited, t),
            funded
        );
        // The unallocated part still covers the promised stream and the counted funding dust.
        let promised = projected[&t].stream_remaining().0 + projected[&t].dust.0;
        prop_assert!(unallocated >= promised, "unallocated {} < promised {} of {}", unallocated, promised, t);
        // Beyond that only rounding dust remains: at most one unit per staker per checkpoint.
        prop_assert!(unallocated - promised <= 4 * 64, "rounding dust {} of {}", unallocated - promised, t);
    }
    Ok(())
}

fn vault_spec(idle_return: bool) -> VaultSpec {
    VaultSpec {
        rewards: vec!["ALLY", "PLAY"],
        duration: 100,
        idle: if idle_return { IdleRewards::ReturnToTreasury } else { IdleRewards::CarryForward },
        loyalty: Some(Loyalty { max_boost_bps: 25_000, max_lock_secs: 80 }),
        unbonding: 20,
        penalty: Some((300, PenaltyTo::RemainingStakers)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn vault_books_balance_to_the_base_unit(
        idle_return in any::<bool>(),
        steps in prop::collection::vec((op(), 0..60u64), 1..40),
    ) {
        let mut engine = engine_with(&vault_spec(idle_return), &[]);
        let mut books = Books::default();
        let mut accepted = Vec::new();
        let mut now = 10;
        for (op, dt) in &steps {
            now += dt;
            let before = engine.state_hash();
            let command = op.command(now);
            match engine.apply(&command) {
                Ok(events) => {
                    events.iter().for_each(|e| books.record(e));
                    accepted.push(command);
                }
                Err(_) => prop_assert_eq!(engine.state_hash(), before, "a rejected {:?} changed the state", op),
            }
            check_books(&engine, &books, now)?;
            check_conservation(&engine)?;
        }
        // Long after every period: the same books hold.
        check_books(&engine, &books, now + 10_000)?;
        // Determinism: replaying the accepted commands reaches the same state hash.
        let replica = engine_with(&vault_spec(idle_return), &accepted);
        prop_assert_eq!(replica.state_hash(), engine.state_hash());
    }

    #[test]
    fn vested_never_exceeds_total_and_the_grant_conserves(
        total in 1..1_000_000_000_000_000_000_000_000u128,
        start in 0..1_000u64,
        duration in 0..1_000u64,
        cliff_frac in 0..=100u64,
        times in prop::collection::vec(0..3_000u64, 1..6),
        revoke_at in prop::option::of(0..3_000u64),
    ) {
        let cliff = duration * cliff_frac / 100;
        let mut engine = Engine::genesis(&sample_charter());
        engine.apply(&cmd(admin(), 1, crate::common::mint("ALLY", admin(), total))).unwrap();
        engine.apply(&cmd(admin(), 1, create_vesting(alice(), "ALLY", total, start, cliff, duration, true))).unwrap();
        let mut times = times;
        if let Some(r) = revoke_at { times.push(r); }
        times.sort_unstable();
        let mut released = 0u128;
        let mut returned = 0u128;
        let mut revoked: Option<u128> = None;
        for t in times {
            let reference = if t < start + cliff { 0 } else if t >= start + duration { total }
                else { total / u128::from(duration) * u128::from(t - start)
                    + total % u128::from(duration) * u128::from(t - start) / u128::from(duration) };
            let vested = revoked.unwrap_or(reference);
            let g = &engine.state().vesting.grants.by_id[&1];
            prop_assert_eq!(g.vested_at(Timestamp(t)).0, vested);
            prop_assert!(vested <= total);
            if revoke_at == Some(t) && revoked.is_none() {
                match engine.apply(&cmd(admin(), t.max(1), revoke(1))) {
                    Ok(_) => { revoked = Some(reference); returned = total - reference; }
                    Err(_) => prop_assert_eq!(reference, total),
                }
            } else if engine.apply(&cmd(outsider(), t.max(1), release(1))).is_ok() {
                released = vested;
            }
            let held = engine.state().ledger.balance(crate::common::derived_address("vesting:1"), tok("ALLY")).0;
            prop_assert_eq!(held + released + returned, total);
            prop_assert_eq!(engine.state().ledger.balance(alice(), tok("ALLY")).0, released);
            check_conservation(&engine)?;
        }
    }

    #[test]
    fn splits_conserve_and_floor_each_share(
        cuts in prop::collection::btree_set(1..10_000u16, 0..6),
        amount in prop_oneof![1..100u128, 1..1_000_000_000_000_000_000_000_000_000u128],
    ) {
        let mut points: Vec<u16> = cuts.into_iter().collect();
        points.push(10_000);
        let mut last = 0;
        let shares: Vec<(Address, u16)> = points.iter().enumerate().map(|(i, p)| {
            let bps = p - last; last = *p; (dev(i + 2), bps)
        }).collect();
        let mut engine = Engine::genesis(&sample_charter());
        engine.apply(&cmd(admin(), 1, crate::common::mint("ALLY", outsider(), amount))).unwrap();
        engine.apply(&cmd(admin(), 2, create_split("s", &shares, dev(9)))).unwrap();
        let events = engine.apply(&cmd(outsider(), 3, distribute("s", "ALLY", amount))).unwrap();
        let Some(Event::FeesDistributed(f)) = events.last() else { panic!("expected a fee event") };
        let mut sum = f.dust.0;
        for (p, (_, bps)) in f.payouts.iter().zip(&shares) {
            prop_assert_eq!(p.amount.0, amount * u128::from(*bps) / 10_000);
            sum += p.amount.0;
        }
        prop_assert_eq!(sum, amount);
        prop_assert!(f.dust.0 < shares.len() as u128);
        check_conservation(&engine)?;
    }

    #[test]
    fn emissions_respect_the_cap_and_route_every_unit(
        kind in 0..4u8,
        initial in 1..1_000_000u128,
        cap in 1..5_000_000u128,
        w in 1..10_000u16,
        epochs in 1..30u64,
    ) {
        let schedule = match kind {
            0 => Schedule::Constant { per_epoch: Amount(initial) },
            1 => Schedule::LinearDecay { initial: Amount(initial), decrease_per_epoch: Amount(initial / 7) },
            2 => Schedule::ExponentialDecay { initial: Amount(initial), factor: Amount(840_896_415_253_714_543) },
            _ => Schedule::Step { initial: Amount(initial), period_epochs: 3, factor_bps: Bps(5_000) },
        };
        let mut engine = Engine::genesis(&sample_charter());
        let setup = [
            cmd(admin(), 2, create_vault("v", &VaultSpec::default())),
            cmd(admin(), 2, create_vault("w", &VaultSpec::default())),
            cmd(admin(), 3, CommandBody::SetMinter(SetMinter { token: tok("ALLY"), minter: Some(emission_addr()) })),
            cmd(admin(), 4, create_emission("e", schedule, &[("v", w), ("w", 10_000 - w)].into_iter().filter(|(_, x)| *x > 0).collect::<Vec<_>>(), 1, None, cap, carol())),
        ];
        for c in &setup { engine.apply(c).unwrap(); }
        // Reference schedule (the formulas of docs/incentives.md, written out here):
        // epoch e (from 1) emits min(a_{e-1}, cap − minted) while both are positive.
        let next_ref = |k: u64, a: u128| -> u128 {
            match kind {
                0 => a,
                1 => a.saturating_sub(initial / 7),
                2 => a * 840_896_415_253_714_543 / 1_000_000_000_000_000_000,
                _ => if (k + 1).is_multiple_of(3) { a * 5_000 / 10_000 } else { a },
            }
        };
        let mut a = initial;
        let mut minted = 0u128;
        let mut emitted_epochs = 0u64;
        for e in 1..=epochs {
            let result = engine.apply(&cmd(outsider(), e * 604_800, emit("e")));
            if minted >= cap || a == 0 {
                let err = result.expect_err("a finished emission emits nothing");
                prop_assert_eq!(err.code(), "nothing_to_emit");
                continue;
            }
            let events = result.map_err(|err| TestCaseError::fail(format!("epoch {e}: {err}")))?;
            let expected = a.min(cap - minted);
            let emitted: Vec<_> = events.iter().filter_map(|ev| match ev { Event::EpochEmitted(x) => Some(x), _ => None }).collect();
            prop_assert_eq!(emitted.len(), 1);
            let x = emitted[0];
            prop_assert_eq!((x.epoch, x.amount.0), (e, expected));
            let shares: u128 = x.shares.iter().map(|(_, a)| a.0).sum();
            prop_assert_eq!(shares + x.dust.0, expected);
            minted += expected;
            prop_assert_eq!(x.minted.0, minted);
            emitted_epochs += 1;
            a = next_ref(e - 1, a);
        }
        prop_assert!(emitted_epochs >= 1, "the first epoch always emits (initial and cap are positive)");
        prop_assert!(minted <= cap);
        let ledger = &engine.state().ledger;
        let held = ledger.balance(vault_addr("v"), tok("ALLY")).0 + ledger.balance(vault_addr("w"), tok("ALLY")).0
            + ledger.balance(carol(), tok("ALLY")).0;
        prop_assert_eq!(held, minted);
        prop_assert_eq!(ledger.tokens[&tok("ALLY")].supply.minted.0, minted);
        check_conservation(&engine)?;
    }
}
