//! The incentive routes over HTTP: a vote-escrow lock and its power, gauge
//! relative weights, and a Merkle proof served by the hub that the engine then
//! accepts as a claim (a second claim is refused and changes nothing).

use axum::http::StatusCode;
use concord_core::command::CommandBody;
use concord_core::escrow::{CreateEscrow, CreateLock};
use concord_core::gauge::{CreateGauge, VoteGauge};
use concord_core::keys::Key;
use concord_core::ledger::{Mint, RecordDeposit, Transfer};
use concord_core::merkle::{ClaimMerkleReward, Entry, PublishMerkleRoot, distributor_account};
use concord_core::{Amount, B256, ChainId, Timestamp};
use serde_json::Value;

use crate::support::{NOW, balance, get, head, hub, post};

const WEEK: u64 = 604_800;

/// A slug id (gauge or vault).
fn slug<T: std::str::FromStr<Err = concord_core::types::IdError>>(text: &str) -> T {
    text.parse().expect("valid id")
}
const MAXTIME: u128 = 126_144_000;

#[tokio::test]
async fn escrow_gauges_and_merkle_proofs_over_http() {
    let t = hub().await;
    let d = t.hub.domain().clone();
    let (admin, relayer, gov, holder, claimant) =
        (Key::dev(0), Key::dev(1), Key::dev(2), Key::dev(5), Key::dev(3));
    let ally = "ALLY".parse().unwrap();
    let gov_token = "GOV".parse().unwrap();
    let commands = [
        (&admin, 0, CommandBody::CreateEscrow(CreateEscrow { token: ally, max_lock_secs: 126_144_000 })),
        (
            &admin,
            1,
            CommandBody::Mint(Mint { token: ally, to: holder.address, amount: Amount(1000 * MAXTIME) }),
        ),
        (&admin, 2, CommandBody::CreateGauge(CreateGauge { id: slug("a"), target: slug("vault-a") })),
        (
            &admin,
            3,
            CommandBody::PublishMerkleRoot(PublishMerkleRoot {
                epoch: 1,
                entries: vec![
                    Entry { account: claimant.address, token: gov_token, amount: Amount(250) },
                    Entry { account: holder.address, token: gov_token, amount: Amount(750) },
                ],
            }),
        ),
        (
            &relayer,
            0,
            CommandBody::RecordDeposit(RecordDeposit {
                chain_id: ChainId(1),
                tx_hash: B256::repeat_byte(0x42),
                log_index: 0,
                token: gov_token,
                to: gov.address,
                amount: Amount(1000),
            }),
        ),
        (
            &gov,
            0,
            CommandBody::Transfer(Transfer {
                token: gov_token,
                to: distributor_account(),
                amount: Amount(1000),
            }),
        ),
        (
            &holder,
            0,
            CommandBody::CreateLock(CreateLock {
                amount: Amount(1000 * MAXTIME),
                unlock_time: Timestamp(NOW + 52 * WEEK),
            }),
        ),
        (&holder, 1, CommandBody::VoteGauge(VoteGauge { gauge: slug("a"), weight_bps: 10_000 })),
    ];
    for (key, nonce, body) in &commands {
        let (status, answer) = post(&t.app, &key.sign(&d, *nonce, body)).await;
        assert_eq!(status, StatusCode::OK, "{} {answer}", body.kind());
    }

    // Power by hand: slope 1000, end ⌊(NOW + 52W) / W⌋ · W.
    let end = (NOW + 52 * WEEK) / WEEK * WEEK;
    let power = (1000 * u128::from(end - NOW)).to_string();
    let (_, body) = get(&t.app, &format!("/v1/escrow/{}", holder.address)).await;
    assert_eq!(body["power"], power.as_str(), "{body}");
    assert_eq!(body["lock"]["end"], end);
    let (_, body) = get(&t.app, "/v1/escrow").await;
    assert_eq!(body["total_power"], power.as_str(), "{body}");
    assert_eq!(body["locked"], (1000 * MAXTIME).to_string());

    // The vote applies from the next epoch, where `a` holds 100 %.
    let next = NOW / WEEK * WEEK + WEEK;
    let (_, body) = get(&t.app, &format!("/v1/gauges?at={next}")).await;
    assert_eq!(body["gauges"][0]["relative_weight"], "1000000000000000000", "{body}");
    let (_, body) = get(&t.app, "/v1/gauges").await;
    assert_eq!(body["gauges"][0]["relative_weight"], "0", "{body}");

    // A proof served by the hub is accepted by the engine.
    let (status, proof) =
        get(&t.app, &format!("/v1/merkle/1/proof?account={}&token=GOV", claimant.address)).await;
    assert_eq!(status, StatusCode::OK, "{proof}");
    assert_eq!(proof["amount"], "250");
    let hashes: Vec<B256> = serde_json::from_value(proof["proof"].clone()).unwrap();
    let claim = CommandBody::ClaimMerkleReward(ClaimMerkleReward {
        epoch: 1,
        token: gov_token,
        amount: Amount(250),
        proof: hashes,
    });
    let (status, answer) = post(&t.app, &claimant.sign(&d, 0, &claim)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(balance(&t.app, claimant.address, "GOV").await, "250");
    let before = head(&t.app).await;
    let (status, answer) = post(&t.app, &claimant.sign(&d, 1, &claim)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["error"]["code"], "already_claimed");
    assert_eq!(answer["error"]["field"], "body.epoch");
    assert_eq!(head(&t.app).await, before);

    // Unknown epochs and gauges are 404s naming the field.
    let (status, body): (StatusCode, Value) = get(&t.app, "/v1/merkle/9").await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::NOT_FOUND, Some("epoch")));
    let (status, body) = get(&t.app, "/v1/gauges/zz/bribes").await;
    assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::NOT_FOUND, Some("gauge")));
    let (_, doc) = get(&t.app, "/v1/openapi.json").await;
    assert!(
        doc["paths"]["/v1/merkle/{epoch}/proof"].is_object(),
        "the OpenAPI document lists the new routes"
    );
}
