//! Gauges (Curve GaugeController semantics) and vote incentives: weights and
//! relative weights worked out by hand, bribes paid pro rata with the fee and
//! the dust accounted for, and properties (allocations ≤ 10000 bps, paid ≤
//! deposited − fee, ledger conservation).

use concord_core::command::{CommandBody, Event};
use concord_core::gauge::{
    BribeDeposited, BribePaid, ClaimBribe, CreateGauge, DepositBribe, GaugeError, GaugeVoted, SetGaugeParams,
    VoteGauge, bribe_account,
};
use concord_core::ledger::Transferred;
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, Amount, Bps, GaugeId, Timestamp};
use concord_core::{Engine, EngineError};
use proptest::prelude::*;

use crate::common::{GOV_CHAIN, admin, deposit, dev, mint, relayer, tok};
use crate::escrow::{MAXTIME, W, alice, bob, create_escrow, lock};
use crate::incentives_support::vid;

pub(crate) fn carol() -> Address {
    dev(8)
}

pub(crate) fn fee_collector() -> Address {
    dev(7)
}

pub(crate) fn gid(id: &str) -> GaugeId {
    id.parse().expect("valid gauge id")
}

pub(crate) fn gauge(id: &str) -> CommandBody {
    CommandBody::CreateGauge(CreateGauge { id: gid(id), target: vid(&format!("vault-{id}")) })
}

pub(crate) fn vote(g: &str, bps: u16) -> CommandBody {
    CommandBody::VoteGauge(VoteGauge { gauge: gid(g), weight_bps: bps })
}

pub(crate) fn bribe(g: &str, epoch: u64, amount: u128) -> CommandBody {
    CommandBody::DepositBribe(DepositBribe {
        gauge: gid(g),
        epoch: Timestamp(epoch),
        token: tok("GOV"),
        amount: Amount(amount),
    })
}

pub(crate) fn claim(g: &str, epoch: u64) -> CommandBody {
    CommandBody::ClaimBribe(ClaimBribe { gauge: gid(g), epoch: Timestamp(epoch), token: tok("GOV") })
}

/// alice locks 1000·MAXTIME and bob 500·MAXTIME until 30W (slopes 1000 and
/// 500); gauges `a` and `b`; a 1 % incentive fee to `fee_collector`; carol
/// holds 10,001 GOV.
pub(crate) fn voters() -> Scenario {
    Scenario::new(&sample_charter()).given([
        cmd(admin(), 1, create_escrow()),
        cmd(admin(), 1, mint("ALLY", alice(), 1000 * MAXTIME)),
        cmd(admin(), 1, mint("ALLY", bob(), 500 * MAXTIME)),
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 0, "GOV", carol(), 10_001)),
        cmd(admin(), 1, gauge("a")),
        cmd(admin(), 1, gauge("b")),
        cmd(admin(), 1, gauge("c")),
        cmd(
            admin(),
            1,
            CommandBody::SetGaugeParams(SetGaugeParams {
                vote_delay_secs: 864_000,
                bribe_fee_bps: Bps(100),
                fee_recipient: Some(fee_collector()),
            }),
        ),
        cmd(alice(), 10 * W, lock(1000 * MAXTIME, 30 * W)),
        cmd(bob(), 10 * W, lock(500 * MAXTIME, 30 * W)),
    ])
}

/// alice: 60 % on a, 40 % on b; bob: 100 % on b; all at 10W + 5 (from epoch 11W).
pub(crate) fn voted() -> Scenario {
    voters().given([
        cmd(alice(), 10 * W + 5, vote("a", 6000)),
        cmd(alice(), 10 * W + 5, vote("b", 4000)),
        cmd(bob(), 10 * W + 5, vote("b", 10_000)),
    ])
}

#[test]
fn a_vote_applies_from_the_next_epoch_with_its_share_of_the_slope() {
    // slope_vote = ⌊1000 · 6000 / 10000⌋ = 600; power at 11W = 600 · 19W = 6,894,720,000.
    let engine = voters().when(&cmd(alice(), 10 * W + 5, vote("a", 6000))).then_events(&[Event::GaugeVoted(
        GaugeVoted {
            account: alice(),
            gauge: gid("a"),
            weight_bps: 6000,
            from_epoch: Timestamp(11 * W),
            power: Amount(6_894_720_000),
        },
    )]);
    let g = &engine.state().gauges;
    assert_eq!(g.gauge_weight_at(&gid("a"), Timestamp(10 * W + 5)), 0, "not before the next epoch");
    assert_eq!(g.gauge_weight_at(&gid("a"), Timestamp(11 * W)), 6_894_720_000);
    assert_eq!(g.gauge_weight_at(&gid("a"), Timestamp(12 * W)), 600 * 18 * W as u128);
    assert_eq!(g.gauge_weight_at(&gid("a"), Timestamp(30 * W)), 0);
}

#[test]
fn relative_weights_by_hand() {
    let engine = voted().when(&cmd(admin(), 10 * W + 6, gauge("d"))).then_events(&[Event::GaugeCreated(
        concord_core::gauge::GaugeCreated { id: gid("d"), target: vid("vault-d") },
    )]);
    let g = &engine.state().gauges;
    // At 11W: a = 600·19W, b = (400 + 500)·19W, total = 1500·19W.
    assert_eq!(g.total_weight_at(Timestamp(11 * W)), 1500 * 19 * W as u128);
    assert_eq!(g.relative_weight(&gid("a"), Timestamp(11 * W)), 400_000_000_000_000_000); // 600/1500
    assert_eq!(g.relative_weight(&gid("b"), Timestamp(11 * W)), 600_000_000_000_000_000); // 900/1500
    assert_eq!(g.relative_weight(&gid("c"), Timestamp(11 * W)), 0);
    assert_eq!(g.relative_weight(&gid("a"), Timestamp(10 * W)), 0, "nobody voted for epoch 10W");
    // Any time inside the epoch reads the epoch's weights.
    let weights = g.relative_weights(Timestamp(11 * W + 3 * 86_400));
    assert_eq!(weights[&gid("a")], 400_000_000_000_000_000);
    assert_eq!(weights[&gid("b")], 600_000_000_000_000_000);
    assert_eq!(weights[&gid("d")], 0);
}

#[test]
fn a_revote_after_the_delay_replaces_the_old_line() {
    // alice moves a from 60 % to 10 % at 12W (10 days after 10W+5 is 11W+3d+5 ≤ 12W):
    // from 13W, a = ⌊1000 · 1000 / 10000⌋ · (30W − 13W) = 100 · 17W.
    let engine = voted()
        .given([cmd(alice(), 12 * W, vote("a", 1000))])
        .when(&cmd(alice(), 12 * W, vote("c", 5000)))
        .then_events(&[Event::GaugeVoted(GaugeVoted {
            account: alice(),
            gauge: gid("c"),
            weight_bps: 5000,
            from_epoch: Timestamp(13 * W),
            power: Amount(500 * 17 * W as u128),
        })]);
    let g = &engine.state().gauges;
    assert_eq!(
        g.gauge_weight_at(&gid("a"), Timestamp(12 * W)),
        600 * 18 * W as u128,
        "epoch 12W keeps the old vote"
    );
    assert_eq!(g.gauge_weight_at(&gid("a"), Timestamp(13 * W)), 100 * 17 * W as u128);
    assert_eq!(g.power_used[&alice()], 1000 + 4000 + 5000);
    assert_eq!(g.total_weight_at(Timestamp(13 * W)), (100 + 400 + 500 + 500) * 17 * W as u128);
}

#[test]
fn bribes_are_paid_pro_rata_with_fee_and_dust_by_hand() {
    // carol deposits 10,001 GOV for (b, 11W): fee ⌊10001 · 100 / 10000⌋ = 100, pool 9,901.
    let engine = voted().when(&cmd(carol(), 10 * W + 10, bribe("b", 11 * W, 10_001))).then_events(&[
        Event::Transferred(Transferred {
            token: tok("GOV"),
            from: carol(),
            to: fee_collector(),
            amount: Amount(100),
        }),
        Event::Transferred(Transferred {
            token: tok("GOV"),
            from: carol(),
            to: bribe_account(),
            amount: Amount(9_901),
        }),
        Event::BribeDeposited(BribeDeposited {
            depositor: carol(),
            gauge: gid("b"),
            epoch: Timestamp(11 * W),
            token: tok("GOV"),
            net: Amount(9_901),
            fee: Amount(100),
        }),
    ]);
    let paid = |to, reason: &str, amount, power| {
        Event::BribePaid(BribePaid {
            to,
            reason: reason.into(),
            gauge: gid("b"),
            epoch: Timestamp(11 * W),
            token: tok("GOV"),
            amount: Amount(amount),
            power: Amount(power),
        })
    };
    let t = |from, to, amount| {
        Event::Transferred(Transferred { token: tok("GOV"), from, to, amount: Amount(amount) })
    };
    // Before the epoch ends: refused.
    let engine = Scenario::from_engine(engine)
        .when(&cmd(alice(), 12 * W - 1, claim("b", 11 * W)))
        .then_error(&EngineError::Gauge(GaugeError::EpochNotOver {
            epoch: Timestamp(11 * W),
            ends: Timestamp(12 * W),
            now: Timestamp(12 * W - 1),
        }));
    // alice voted 400 · 19W of the gauge's 900 · 19W: ⌊9901 · 400 / 900⌋ = 4400.
    let engine =
        Scenario::from_engine(engine).when(&cmd(alice(), 12 * W, claim("b", 11 * W))).then_events(&[
            t(bribe_account(), alice(), 4400),
            paid(alice(), "claim", 4400, 400 * 19 * W as u128),
        ]);
    // bob: ⌊9901 · 500 / 900⌋ = 5500; the last claim closes the pool: dust 9901 − 9900 = 1.
    let engine = Scenario::from_engine(engine).when(&cmd(bob(), 12 * W, claim("b", 11 * W))).then_events(&[
        t(bribe_account(), bob(), 5500),
        paid(bob(), "claim", 5500, 500 * 19 * W as u128),
        t(bribe_account(), fee_collector(), 1),
        paid(fee_collector(), "dust", 1, 0),
    ]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(bribe_account(), tok("GOV")), Amount(0));
    assert_eq!(ledger.balance(fee_collector(), tok("GOV")), Amount(101));
}

#[test]
fn a_deposit_nobody_voted_for_is_reclaimed_by_its_depositor() {
    let engine = voted()
        .given([cmd(carol(), 10 * W + 10, bribe("c", 11 * W, 1000))])
        .when(&cmd(
            carol(),
            12 * W,
            CommandBody::ReclaimBribe(ClaimBribe {
                gauge: gid("c"),
                epoch: Timestamp(11 * W),
                token: tok("GOV"),
            }),
        ))
        .then_events(&[
            Event::Transferred(Transferred {
                token: tok("GOV"),
                from: bribe_account(),
                to: carol(),
                amount: Amount(990),
            }),
            Event::BribePaid(BribePaid {
                to: carol(),
                reason: "reclaim".into(),
                gauge: gid("c"),
                epoch: Timestamp(11 * W),
                token: tok("GOV"),
                amount: Amount(990),
                power: Amount(0),
            }),
        ]);
    assert_eq!(engine.state().ledger.balance(carol(), tok("GOV")), Amount(10_001 - 10));
}

// ------------------------------------------------------------------ properties

#[derive(Clone, Debug)]
enum Op {
    Vote(usize, usize, u16),
    Bribe(usize, u64, u128),
    Claim(usize, usize, u64),
}

const GAUGES: [&str; 3] = ["a", "b", "c"];

/// Four voters, none of them carol (dev 8) or the fee collector (dev 7).
fn holder(i: usize) -> Address {
    dev([5, 6, 9, 4][i])
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..4usize, 0..3usize, prop_oneof![0..=10_000u16, Just(10_000u16), 9_000..=10_000u16]).prop_map(|(h, g, b)| Op::Vote(h, g, b)),
        2 => (0..3usize, 0..4u64, 1..1_000_000u128).prop_map(|(g, e, a)| Op::Bribe(g, e, a)),
        2 => (0..4usize, 0..3usize, 0..4u64).prop_map(|(h, g, e)| Op::Claim(h, g, e)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// After any sequence: every holder's allocations sum to ≤ 10000 bps and
    /// match `power_used`; each gauge's weight at each epoch is the sum of the
    /// voters' powers (reference: ⌊⌊amount/MAXTIME⌋·bps/10000⌋·(end − T));
    /// relative weights sum to ≤ 10^18; per pool, paid ≤ deposited (net of the
    /// fee) and fee = ⌊amount·100/10000⌋ per deposit; GOV is conserved.
    #[test]
    fn allocations_weights_and_bribes_stay_within_bounds(steps in prop::collection::vec((op(), 0..4 * 86_400u64), 1..40)) {
        let mut engine = Engine::genesis(&sample_charter());
        let setup = [
            cmd(admin(), 0, create_escrow()),
            cmd(relayer(), 0, deposit(GOV_CHAIN, 9, 0, "GOV", carol(), 1 << 80)),
            cmd(admin(), 0, CommandBody::SetGaugeParams(SetGaugeParams { vote_delay_secs: 86_400, bribe_fee_bps: Bps(100), fee_recipient: Some(fee_collector()) })),
        ];
        for c in setup { engine.apply(&c).unwrap(); }
        for g in GAUGES { engine.apply(&cmd(admin(), 0, gauge(g))).unwrap(); }
        let amounts = [1000 * MAXTIME + 7, 333 * MAXTIME, 77 * MAXTIME + 5, 1];
        for (i, amount) in amounts.iter().enumerate() {
            engine.apply(&cmd(admin(), 0, mint("ALLY", holder(i), *amount))).unwrap();
            engine.apply(&cmd(holder(i), 0, lock(*amount, (5 + i as u64) * W))).unwrap();
        }
        let mut now = 0u64;
        let (mut deposited, mut fees) = (0u128, 0u128);
        for (op, dt) in steps {
            now += dt;
            let (actor, body) = match op {
                Op::Vote(h, g, b) => (holder(h), vote(GAUGES[g], b)),
                Op::Bribe(g, e, a) => (carol(), bribe(GAUGES[g], e * W, a)),
                Op::Claim(h, g, e) => (holder(h), claim(GAUGES[g], e * W)),
            };
            let before = engine.state_hash();
            match engine.apply(&cmd(actor, now, body)) {
                Ok(events) => for e in events {
                    if let Event::BribeDeposited(d) = e { deposited += d.net.0; fees += d.fee.0;
                        prop_assert_eq!(d.fee.0, (d.net.0 + d.fee.0) * 100 / 10_000); }
                },
                Err(error) => {
                    prop_assert_eq!(engine.state_hash(), before);
                    prop_assert!(error.to_string().starts_with(&format!("{}: ", error.field())), "{}", error);
                }
            }
            let g = &engine.state().gauges;
            for i in 0..4 {
                let bps: u32 = GAUGES.iter().map(|id| g.vote_at(holder(i), &gid(id), Timestamp(u64::MAX)).map_or(0, |v| u32::from(v.bps))).sum();
                prop_assert!(bps <= 10_000);
                prop_assert_eq!(bps, u32::from(g.power_used.get(&holder(i)).copied().unwrap_or(0)));
            }
        }
        let state = engine.state();
        let g = &state.gauges;
        for epoch in 0..8u64 {
            let t = Timestamp(epoch * W);
            let mut relative = 0u128;
            for id in GAUGES {
                let mut expected = 0u128;
                for (i, amount) in amounts.iter().enumerate() {
                    if let Some(v) = g.vote_at(holder(i), &gid(id), t) {
                        let end = (5 + i as u64) * W;
                        if t.0 < end { expected += amount / MAXTIME * u128::from(v.bps) / 10_000 * u128::from(end - t.0); }
                    }
                }
                prop_assert_eq!(g.gauge_weight_at(&gid(id), t), expected, "gauge {} epoch {}", id, epoch);
                relative += g.relative_weight(&gid(id), t);
            }
            prop_assert!(relative <= 1_000_000_000_000_000_000);
        }
        let mut paid = 0u128;
        for pools in g.bribes.values().flat_map(|e| e.values()).flat_map(|t| t.values()) {
            prop_assert!(pools.paid <= pools.deposited);
            paid += pools.paid.0;
        }
        prop_assert!(paid <= deposited);
        let gov = tok("GOV");
        prop_assert_eq!(state.ledger.balance(bribe_account(), gov).0, deposited - paid);
        prop_assert_eq!(state.ledger.balance(fee_collector(), gov).0 + state.ledger.balance(carol(), gov).0
            + (0..4).map(|i| state.ledger.balance(holder(i), gov).0).sum::<u128>() + deposited - paid, 1u128 << 80);
        // The fee recipient holds every fee, plus the dust of closed pools.
        prop_assert!(state.ledger.balance(fee_collector(), gov).0 >= fees);
    }
}

#[test]
fn a_gauge_id_and_target_are_slugs_refused_when_the_body_is_read() {
    use concord_core::command::BodyError;
    let body = CommandBody::from_json("create-gauge", r#"{"id":"g-1","target":"gov-farm"}"#).unwrap();
    assert_eq!(body, CommandBody::CreateGauge(CreateGauge { id: gid("g-1"), target: vid("gov-farm") }));
    for (text, field) in [
        (r#"{"id":"g-1","target":"vault:gov-farm"}"#, "body.target"),
        (r#"{"id":"g-1","target":""}"#, "body.target"),
        (r#"{"id":"-g","target":"gov-farm"}"#, "body.id"),
    ] {
        let Err(BodyError::Invalid { path, message }) = CommandBody::from_json("create-gauge", text) else {
            panic!("{text} was accepted");
        };
        assert_eq!(path, field, "{text}");
        assert!(message.contains("must be 1 to 64 characters of A-Z a-z 0-9 . _ -"), "{message}");
    }
}
