//! Fee splits: each share floors, the remainder goes to the dust recipient.

use concord_core::command::Event;
use concord_core::error::EngineError;
use concord_core::kernel::AuthError;
use concord_core::split::{FeesDistributed, Payout, SplitError};
use concord_core::testing::cmd;
use concord_core::types::Amount;

use crate::common::{admin, dev, moved, outsider, tok};
use crate::incentives_support::*;

fn protocol() -> concord_core::Address {
    dev(8)
}

#[test]
fn the_seed_s_60_40_split_with_dust() {
    // 101 GOV: 60 % → ⌊60.6⌋ = 60, 40 % → ⌊40.4⌋ = 40, remainder 1 to Carol.
    let s = funded_hub().given([cmd(
        admin(),
        5,
        create_split("fees", &[(protocol(), 6000), (treasury(), 4000)], carol()),
    )]);
    let engine = s.when(&cmd(alice(), 10, distribute("fees", "GOV", 101))).then_events(&[
        moved("GOV", alice(), protocol(), 60),
        moved("GOV", alice(), treasury(), 40),
        moved("GOV", alice(), carol(), 1),
        Event::FeesDistributed(FeesDistributed {
            split: "fees".parse().unwrap(),
            token: tok("GOV"),
            payer: alice(),
            amount: Amount(101),
            payouts: vec![
                Payout { recipient: protocol(), amount: Amount(60) },
                Payout { recipient: treasury(), amount: Amount(40) },
            ],
            dust: Amount(1),
            dust_recipient: carol(),
        }),
    ]);
    let ledger = &engine.state().ledger;
    assert_eq!(ledger.balance(protocol(), tok("GOV")), Amount(60));
    assert_eq!(ledger.balance(treasury(), tok("GOV")), Amount(40));
    assert_eq!(ledger.balance(carol(), tok("GOV")), Amount(1_000_001));
    let split = &engine.state().splits.splits[&"fees".parse().unwrap()];
    assert_eq!(split.volume[&tok("GOV")], Amount(101));
}

#[test]
fn three_equal_ish_shares_of_ten() {
    // 3333/3333/3334 of 10: ⌊3.333⌋ = 3, 3, ⌊3.334⌋ = 3; remainder 1.
    let s = funded_hub().given([cmd(
        admin(),
        5,
        create_split("thirds", &[(dev(8), 3333), (dev(9), 3333), (treasury(), 3334)], carol()),
    )]);
    let engine = s.when(&cmd(alice(), 10, distribute("thirds", "GOV", 10))).then_events(&[
        moved("GOV", alice(), dev(8), 3),
        moved("GOV", alice(), dev(9), 3),
        moved("GOV", alice(), treasury(), 3),
        moved("GOV", alice(), carol(), 1),
        Event::FeesDistributed(FeesDistributed {
            split: "thirds".parse().unwrap(),
            token: tok("GOV"),
            payer: alice(),
            amount: Amount(10),
            payouts: vec![
                Payout { recipient: dev(8), amount: Amount(3) },
                Payout { recipient: dev(9), amount: Amount(3) },
                Payout { recipient: treasury(), amount: Amount(3) },
            ],
            dust: Amount(1),
            dust_recipient: carol(),
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(alice(), tok("GOV")), Amount(999_990));
}

#[test]
fn shares_must_sum_to_exactly_10000() {
    funded_hub()
        .when(&cmd(admin(), 5, create_split("s", &[(protocol(), 6000), (treasury(), 3999)], carol())))
        .then_error(&EngineError::Split(SplitError::InvalidShares {
            path: "body.shares".into(),
            rule: "bps must sum to exactly 10000, got 9999".into(),
        }));
    funded_hub()
        .when(&cmd(admin(), 5, create_split("s", &[(protocol(), 0), (treasury(), 10000)], carol())))
        .then_error(&EngineError::Split(SplitError::InvalidShares {
            path: "body.shares[0].bps".into(),
            rule: "must be 1 to 10000, got 0".into(),
        }));
}

#[test]
fn only_an_admin_or_the_leader_creates_splits() {
    funded_hub().when(&cmd(outsider(), 5, create_split("s", &[(protocol(), 10000)], carol()))).then_error(
        &EngineError::Auth(AuthError::NotAdminOrLeader { actor: outsider(), alliance: alliance() }),
    );
}
