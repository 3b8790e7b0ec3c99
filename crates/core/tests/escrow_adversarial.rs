//! Adversarial cases for the vote-escrow, gauges, vote incentives and Merkle
//! roots: each is refused with an exact error and leaves the state hash
//! unchanged (`Outcome::then_error` checks the hash).

use concord_core::EngineError;
use concord_core::command::CommandBody;
use concord_core::escrow::{EscrowError, WithdrawLock};
use concord_core::gauge::GaugeError;
use concord_core::merkle::{MerkleError, proof_for};
use concord_core::testing::{Scenario, cmd};
use concord_core::types::{Address, Amount, Timestamp};

use crate::common::{admin, dev, tok};
use crate::escrow::{MAXTIME, W, alice, bob, funded, lock};
use crate::gauge::{bribe, carol, claim, gid, vote, voted, voters};
use crate::merkle::{claim_body, entries, publish, published};

#[test]
fn withdrawing_before_unlock_is_refused() {
    // Even one second before the end, and even right after locking.
    let s = || funded().given([cmd(alice(), 10 * W, lock(1000 * MAXTIME, 12 * W))]);
    for now in [10 * W, 11 * W, 12 * W - 1] {
        s().when(&cmd(alice(), now, CommandBody::WithdrawLock(WithdrawLock {}))).then_error(
            &EngineError::Escrow(EscrowError::StillLocked {
                account: alice(),
                end: Timestamp(12 * W),
                now: Timestamp(now),
            }),
        );
    }
}

#[test]
fn voting_again_before_the_delay_is_refused() {
    // alice voted on `a` at 10W + 5; the default-like delay (10 days) allows 10W + 5 + 864000.
    let allowed = Timestamp(10 * W + 5 + 864_000);
    voted().when(&cmd(alice(), allowed.0 - 1, vote("a", 1000))).then_error(&EngineError::Gauge(
        GaugeError::VoteTooSoon { account: alice(), gauge: gid("a"), last: Timestamp(10 * W + 5), allowed },
    ));
    // Removing the vote (0 bps) is a vote too.
    voted().when(&cmd(alice(), 10 * W + 6, vote("a", 0))).then_error(&EngineError::Gauge(
        GaugeError::VoteTooSoon { account: alice(), gauge: gid("a"), last: Timestamp(10 * W + 5), allowed },
    ));
}

#[test]
fn over_allocating_is_refused() {
    // alice holds 6000 + 4000 bps; one more bps on `c` is 10001.
    voted().when(&cmd(alice(), 10 * W + 5, vote("c", 1))).then_error(&EngineError::Gauge(
        GaugeError::OverAllocated { account: alice(), used: 10_000, previous: 0, total: 10_001 },
    ));
    // A single vote above 100 %.
    voters()
        .when(&cmd(bob(), 10 * W + 5, vote("a", 10_001)))
        .then_error(&EngineError::Gauge(GaugeError::BpsOutOfRange { field: "body.weight_bps", got: 10_001 }));
    // No lock, no vote; a lock that ends before the next epoch cannot vote either.
    voters().when(&cmd(carol(), 10 * W + 5, vote("a", 1))).then_error(&EngineError::Gauge(
        GaugeError::LockTooShort { account: carol(), end: None, next_epoch: Timestamp(11 * W) },
    ));
}

#[test]
fn claiming_a_bribe_twice_is_refused() {
    let s = || {
        voted().given([
            cmd(carol(), 10 * W + 10, bribe("b", 11 * W, 10_001)),
            cmd(alice(), 12 * W, claim("b", 11 * W)),
        ])
    };
    s().when(&cmd(alice(), 12 * W + 1, claim("b", 11 * W))).then_error(&EngineError::Gauge(
        GaugeError::AlreadyClaimed {
            account: alice(),
            gauge: gid("b"),
            epoch: Timestamp(11 * W),
            token: tok("GOV"),
        },
    ));
    // Claiming a gauge one did not vote for, or a deposit into a past epoch.
    s().when(&cmd(bob(), 12 * W, claim("a", 11 * W))).then_error(&EngineError::Gauge(GaugeError::NoBribe {
        gauge: gid("a"),
        epoch: Timestamp(11 * W),
        token: tok("GOV"),
    }));
    s().when(&cmd(carol(), 12 * W, bribe("b", 11 * W, 5))).then_error(&EngineError::Gauge(
        GaugeError::EpochOver { epoch: Timestamp(11 * W), ended: Timestamp(12 * W), now: Timestamp(12 * W) },
    ));
    // A depositor cannot take back incentives that voters earned.
    s().when(&cmd(
        carol(),
        12 * W,
        CommandBody::ReclaimBribe(concord_core::gauge::ClaimBribe {
            gauge: gid("b"),
            epoch: Timestamp(11 * W),
            token: tok("GOV"),
        }),
    ))
    .then_error(&EngineError::Gauge(GaugeError::NoReclaim {
        account: carol(),
        reason: "voters hold power on this gauge in this epoch and are paid instead",
    }));
}

/// The claim `who` would make for epoch 1, with the proof the engine serves.
fn claim_epoch_1(s: Scenario, who: Address) -> (Scenario, CommandBody) {
    let (_, entry, _, proof) =
        proof_for(&s.engine().state().merkle, &s.engine().state().ledger, 1, who, tok("GOV")).unwrap();
    (s, claim_body(1, "GOV", entry.amount.0, proof))
}

#[test]
fn a_second_merkle_claim_or_publication_is_refused() {
    let (s, body) = claim_epoch_1(published(), dev(5));
    let s = s.given([cmd(dev(5), 3, body.clone())]);
    s.when(&cmd(dev(5), 4, body)).then_error(&EngineError::Merkle(MerkleError::AlreadyClaimed {
        token: tok("GOV"),
        claimed_epoch: 1,
        epoch: 1,
    }));
    // Re-publishing the same epoch, even with the same entries.
    published()
        .when(&cmd(admin(), 3, publish(1, entries(100))))
        .then_error(&EngineError::Merkle(MerkleError::AlreadyPublished { epoch: 1 }));
    // Someone else's proof, or a larger amount, does not verify.
    let (s, body) = claim_epoch_1(published(), dev(5));
    s.when(&cmd(dev(3), 3, body))
        .then_error(&EngineError::Merkle(MerkleError::InvalidProof { epoch: 1, amount: Amount(300) }));
    let (s, body) = claim_epoch_1(published(), dev(5));
    let CommandBody::ClaimMerkleReward(mut c) = body else { unreachable!() };
    c.amount = Amount(301);
    s.when(&cmd(dev(5), 3, CommandBody::ClaimMerkleReward(c)))
        .then_error(&EngineError::Merkle(MerkleError::InvalidProof { epoch: 1, amount: Amount(301) }));
    // Cumulative amounts never go down between epochs.
    let mut lower = entries(100);
    lower[2].amount = Amount(299);
    published().when(&cmd(admin(), 3, publish(2, lower))).then_error(&EngineError::Merkle(
        MerkleError::BadEntry {
            path: "body.entries[2].amount".into(),
            rule: "amounts are cumulative: 299 is below the previous epoch's 300".into(),
        },
    ));
}
