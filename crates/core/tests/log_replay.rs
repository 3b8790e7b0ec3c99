//! The hash-chained log: entries link to the genesis hash and to each other,
//! and every kind of corruption is refused on replay with the right seq.

use alloy_primitives::{Bytes, keccak256};
use concord_core::envelope::{EnvelopeError, signing_hash};
use concord_core::error::EngineError;
use concord_core::keys::Key;
use concord_core::log::{Chain, LogEntry, ReplayError};
use concord_core::testing::sample_charter;
use concord_core::types::{B256, Timestamp};

use crate::common::{GOV_CHAIN, deposit, dev, gov_dao, mint, play_guild, reference_entry_hash, transfer};

const T: u64 = 1_700_000_000;

/// Four accepted entries:
/// 1. the relayer records 100 GOV for the GOV DAO (t = T);
/// 2. the GOV DAO sends 40 GOV to the PLAY Guild (T + 1);
/// 3. the admin mints 7 ALLY to the GOV DAO (T + 2);
/// 4. the GOV DAO sends 10 GOV to the PLAY Guild (T + 3).
fn log() -> (Chain, Vec<LogEntry>) {
    let mut chain = Chain::genesis(&sample_charter());
    let domain = chain.domain().clone();
    let steps = [
        (1, 0, deposit(GOV_CHAIN, 1, 0, "GOV", gov_dao(), 100)),
        (2, 0, transfer("GOV", play_guild(), 40)),
        (0, 0, mint("ALLY", gov_dao(), 7)),
        (2, 1, transfer("GOV", play_guild(), 10)),
    ];
    let mut entries = Vec::new();
    for (i, (signer, nonce, body)) in steps.into_iter().enumerate() {
        let envelope = Key::dev(signer).sign(&domain, nonce, &body);
        let (entry, _) = chain.submit(Timestamp(T + i as u64), envelope).expect("the fixture log is valid");
        entries.push(entry);
    }
    (chain, entries)
}

/// Replays `entries` on a fresh chain until the first error.
fn replay(entries: &[LogEntry]) -> (Chain, Result<(), ReplayError>) {
    let mut chain = Chain::genesis(&sample_charter());
    for entry in entries {
        if let Err(e) = chain.replay(entry) {
            return (chain, Err(e));
        }
    }
    (chain, Ok(()))
}

/// Recomputes an edited entry's hash so only the intended check can fail.
fn rehash(entry: &mut LogEntry) {
    entry.hash = reference_entry_hash(entry.prev_hash, entry.seq, entry.at, entry.actor, &entry.envelope);
}

#[test]
fn entries_chain_from_the_genesis_hash() {
    let charter = sample_charter();
    let (chain, entries) = log();
    // keccak256("concord:genesis:v1" ‖ BCS(charter)).
    let mut bytes = b"concord:genesis:v1".to_vec();
    bytes.extend(bcs::to_bytes(&charter).unwrap());
    let genesis = keccak256(&bytes);
    assert_eq!(Chain::genesis(&charter).head(), genesis);
    assert_eq!(chain.engine().state().hub.genesis_hash, genesis);
    let mut prev = genesis;
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry.seq, i as u64 + 1);
        assert_eq!(entry.at, Timestamp(T + i as u64));
        assert_eq!(entry.prev_hash, prev);
        assert_eq!(entry.hash, reference_entry_hash(prev, entry.seq, entry.at, entry.actor, &entry.envelope));
        prev = entry.hash;
    }
    let actors: Vec<_> = entries.iter().map(|e| e.actor).collect();
    assert_eq!(actors, [dev(1), dev(2), dev(0), dev(2)]);
    assert_eq!(chain.head(), prev);
    assert_eq!(chain.seq(), 4);
}

#[test]
fn an_intact_log_replays_to_the_same_head_and_state() {
    let (original, entries) = log();
    let (replica, result) = replay(&entries);
    assert_eq!(result, Ok(()));
    assert_eq!(replica.head(), original.head());
    assert_eq!(replica.engine().state_hash(), original.engine().state_hash());
    let gov = "GOV".parse().unwrap();
    assert_eq!(replica.engine().state().ledger.balance(play_guild(), gov), concord_core::Amount(50));
}

#[test]
fn a_tampered_body_is_caught_at_its_seq() {
    let (_, mut entries) = log();
    let stored = entries[1].hash;
    entries[1].envelope.body = entries[1].envelope.body.replace(r#""amount":"40""#, r#""amount":"41""#);
    let computed =
        reference_entry_hash(entries[1].prev_hash, 2, entries[1].at, entries[1].actor, &entries[1].envelope);
    let (chain, result) = replay(&entries);
    assert_eq!(result, Err(ReplayError::Tampered { seq: 2, stored, computed }));
    assert_eq!(result.unwrap_err().seq(), 2);
    // Nothing after entry 1 was applied.
    assert_eq!(chain.seq(), 1);
    assert_eq!(chain.head(), entries[0].hash);
}

#[test]
fn a_failed_replay_changes_nothing_and_the_right_entry_still_applies() {
    let (original, entries) = log();
    let mut chain = Chain::genesis(&sample_charter());
    chain.replay(&entries[0]).unwrap();
    let hash_before = chain.engine().state_hash();
    let mut bad = entries[1].clone();
    bad.at = Timestamp(T + 100);
    assert!(matches!(chain.replay(&bad), Err(ReplayError::Tampered { seq: 2, .. })));
    assert_eq!(chain.engine().state_hash(), hash_before);
    assert_eq!(chain.seq(), 1);
    for entry in &entries[1..] {
        chain.replay(entry).unwrap();
    }
    assert_eq!(chain.head(), original.head());
}

#[test]
fn a_removed_entry_is_reported_missing() {
    let (_, mut entries) = log();
    entries.remove(1);
    let (chain, result) = replay(&entries);
    assert_eq!(result, Err(ReplayError::Missing { expected: 2, found: 3 }));
    assert_eq!(chain.seq(), 1);
}

#[test]
fn swapped_entries_are_reported_missing() {
    let (_, mut entries) = log();
    entries.swap(1, 2);
    let (_, result) = replay(&entries);
    assert_eq!(result, Err(ReplayError::Missing { expected: 2, found: 3 }));
}

#[test]
fn a_broken_prev_hash_is_a_broken_link() {
    let (_, mut entries) = log();
    let bogus = B256::repeat_byte(0xab);
    entries[2].prev_hash = bogus;
    rehash(&mut entries[2]);
    let (chain, result) = replay(&entries);
    assert_eq!(result, Err(ReplayError::BrokenLink { seq: 3, expected: entries[1].hash, got: bogus }));
    assert_eq!(chain.seq(), 2);
}

#[test]
fn a_rewritten_actor_with_a_recomputed_hash_is_the_wrong_actor() {
    let (_, mut entries) = log();
    entries[1].actor = dev(5);
    rehash(&mut entries[1]);
    let (_, result) = replay(&entries);
    assert_eq!(result, Err(ReplayError::WrongActor { seq: 2, recorded: dev(5), signer: gov_dao() }));
}

#[test]
fn a_forged_signature_with_a_recomputed_hash_is_a_bad_envelope() {
    let (chain, mut entries) = log();
    let env = &entries[1].envelope;
    let digest = signing_hash(chain.domain(), env.account, env.nonce, &env.kind, &env.body);
    entries[1].envelope.signature = Bytes::copy_from_slice(&Key::dev(5).sign_digest(&digest));
    rehash(&mut entries[1]);
    let (_, result) = replay(&entries);
    assert_eq!(
        result,
        Err(ReplayError::BadEnvelope {
            seq: 2,
            error: EnvelopeError::SignerMismatch { account: gov_dao(), recovered: dev(5) },
        })
    );
}

#[test]
fn an_entry_the_engine_refuses_is_rejected_on_replay() {
    let (_, mut entries) = log();
    // Entry 2 moved before entry 1 in time, hash recomputed.
    entries[1].at = Timestamp(T - 10);
    rehash(&mut entries[1]);
    let (_, result) = replay(&entries);
    assert_eq!(
        result,
        Err(ReplayError::Rejected {
            seq: 2,
            error: Box::new(EngineError::ClockWentBack { last: Timestamp(T), got: Timestamp(T - 10) }),
        })
    );
}

#[test]
fn a_replayed_envelope_is_refused_by_its_nonce() {
    let (mut chain, entries) = log();
    let again = entries[1].envelope.clone();
    let head = chain.head();
    let error = chain.submit(Timestamp(T + 10), again).unwrap_err();
    assert_eq!(
        error,
        concord_core::log::SubmitError::Engine(EngineError::BadNonce {
            account: gov_dao(),
            expected: 2,
            got: 0,
        })
    );
    assert_eq!(chain.head(), head);
    assert_eq!(chain.seq(), 4);
}

#[test]
fn sequencing_time_never_goes_back() {
    let (mut chain, _) = log();
    let envelope = Key::dev(0).sign(chain.domain(), 1, &mint("ALLY", gov_dao(), 1));
    // Submitted with a time before the last entry's: sequenced at the clock.
    let (entry, _) = chain.submit(Timestamp(T - 500), envelope).unwrap();
    assert_eq!(entry.at, Timestamp(T + 3));
    assert_eq!(entry.seq, 5);
}
