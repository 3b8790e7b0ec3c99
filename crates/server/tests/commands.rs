//! `POST /v1/commands`: accepted commands and every kind of bad input.
//! Each rejection names the field and the rule and changes nothing.

use axum::http::StatusCode;
use concord_core::command::CommandBody;
use concord_core::envelope::{Domain, MAX_BODY_BYTES, SignedEnvelope};
use concord_core::keys::Key;
use concord_core::ledger::{Mint, RecordDeposit, Transfer};
use concord_core::{Address, Amount, B256, ChainId};
use serde_json::{Value, json};

use crate::support::{NOW, TestHub, balance, get, head, hub, post, post_raw};

fn deposit(to: Address, amount: u128, log_index: u64) -> CommandBody {
    CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(0x11),
        log_index,
        token: "GOV".parse().unwrap(),
        to,
        amount: Amount(amount),
    })
}

fn transfer(to: Address, amount: u128) -> CommandBody {
    CommandBody::Transfer(Transfer { token: "GOV".parse().unwrap(), to, amount: Amount(amount) })
}

/// A hub where dev 2 holds 1000 GOV (relayer dev 1 used nonce 0).
async fn funded() -> (TestHub, Domain) {
    let t = hub().await;
    let domain = t.hub.domain().clone();
    let (status, _) =
        post(&t.app, &Key::dev(1).sign(&domain, 0, &deposit(Key::dev(2).address, 1000, 0))).await;
    assert_eq!(status, StatusCode::OK);
    (t, domain)
}

/// Posts, expects a rejection with `code` and `field`, and checks nothing changed.
async fn rejected(
    t: &TestHub,
    body: impl Into<axum::body::Body>,
    status: StatusCode,
    code: &str,
    field: &str,
) -> Value {
    let before = head(&t.app).await;
    let (got, answer) = post_raw(&t.app, body).await;
    assert_eq!(got, status, "{answer}");
    assert_eq!(answer["error"]["code"], code, "{answer}");
    assert_eq!(answer["error"]["field"], field, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.starts_with(field) || message.contains(field), "message names the field: {message}");
    assert_eq!(head(&t.app).await, before, "a rejected command changed the log or state");
    answer
}

fn bytes(envelope: &SignedEnvelope) -> Vec<u8> {
    serde_json::to_vec(envelope).unwrap()
}

#[tokio::test]
async fn accepts_a_signed_transfer_and_logs_it() {
    let (t, domain) = funded().await;
    let (gov, play) = (Key::dev(2), Key::dev(3));
    let (status, answer) = post(&t.app, &gov.sign(&domain, 0, &transfer(play.address, 300))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["seq"], 2);
    assert_eq!(answer["at"], NOW);
    assert_eq!(answer["actor"], gov.address.to_string());
    assert_eq!(
        answer["events"],
        json!([{"kind": "transferred", "token": "GOV", "from": gov.address.to_string(),
                "to": play.address.to_string(), "amount": "300"}])
    );
    assert_eq!(balance(&t.app, gov.address, "GOV").await, "700");
    assert_eq!(balance(&t.app, play.address, "GOV").await, "300");
    let (_, log) = get(&t.app, "/v1/log?after=1").await;
    assert_eq!(log["entries"][0]["hash"], answer["hash"]);
}

#[tokio::test]
async fn rejects_malformed_json_naming_the_field() {
    let (t, _) = funded().await;
    rejected(&t, "{not json", StatusCode::BAD_REQUEST, "malformed_request", "request").await;
    let mut envelope: Value =
        serde_json::to_value(Key::dev(2).sign(&t.hub.domain().clone(), 0, &transfer(Key::dev(3).address, 1)))
            .unwrap();
    envelope["nonce"] = json!("zero");
    rejected(&t, envelope.to_string(), StatusCode::BAD_REQUEST, "malformed_request", "nonce").await;
    envelope["nonce"] = json!(0);
    envelope["account"] = json!("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"); // bad EIP-55 checksum
    let answer =
        rejected(&t, envelope.to_string(), StatusCode::BAD_REQUEST, "malformed_request", "account").await;
    assert!(answer["error"]["message"].as_str().unwrap().contains("checksum"));
}

#[tokio::test]
async fn rejects_a_wrong_chain_id() {
    let (t, domain) = funded().await;
    let other = Domain { chain_id: ChainId(1), ..domain };
    let answer = rejected(
        &t,
        bytes(&Key::dev(2).sign(&other, 0, &transfer(Key::dev(3).address, 1))),
        StatusCode::BAD_REQUEST,
        "wrong_chain",
        "domain.chainId",
    )
    .await;
    assert_eq!(answer["error"]["message"], "domain.chainId: signed for 1, but this hub's domain has 10");
}

#[tokio::test]
async fn rejects_a_wrong_domain() {
    let (t, domain) = funded().await;
    let other = Domain { verifying_contract: Address::derived("someone-else"), ..domain.clone() };
    rejected(
        &t,
        bytes(&Key::dev(2).sign(&other, 0, &transfer(Key::dev(3).address, 1))),
        StatusCode::BAD_REQUEST,
        "wrong_domain",
        "domain.verifyingContract",
    )
    .await;
    let other = Domain { name: "Uniswap".into(), ..domain };
    rejected(
        &t,
        bytes(&Key::dev(2).sign(&other, 0, &transfer(Key::dev(3).address, 1))),
        StatusCode::BAD_REQUEST,
        "wrong_domain",
        "domain.name",
    )
    .await;
}

#[tokio::test]
async fn rejects_a_bad_signature() {
    let (t, domain) = funded().await;
    // Signed by dev 3 but claiming to be dev 2.
    let mut forged = Key::dev(3).sign(&domain, 0, &transfer(Key::dev(3).address, 1));
    forged.account = Key::dev(2).address;
    let answer = rejected(&t, bytes(&forged), StatusCode::UNAUTHORIZED, "bad_signature", "signature").await;
    // The digest covers the account, so recovery yields an unrelated address.
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.ends_with(&format!("not the envelope's account {}", Key::dev(2).address)), "{message}");
    // A body changed after signing.
    let mut tampered = Key::dev(2).sign(&domain, 0, &transfer(Key::dev(3).address, 1));
    tampered.body = tampered.body.replace("\"1\"", "\"999\"");
    rejected(&t, bytes(&tampered), StatusCode::UNAUTHORIZED, "bad_signature", "signature").await;
    // A truncated signature.
    let mut short = Key::dev(2).sign(&domain, 0, &transfer(Key::dev(3).address, 1));
    short.signature = short.signature.slice(..64);
    rejected(&t, bytes(&short), StatusCode::UNAUTHORIZED, "malformed_signature", "signature").await;
}

#[tokio::test]
async fn rejects_stale_and_replayed_nonces() {
    let (t, domain) = funded().await;
    let gov = Key::dev(2);
    let first = gov.sign(&domain, 0, &transfer(Key::dev(3).address, 10));
    assert_eq!(post(&t.app, &first).await.0, StatusCode::OK);
    // The same envelope again: a replay.
    let answer = rejected(&t, bytes(&first), StatusCode::CONFLICT, "bad_nonce", "nonce").await;
    assert_eq!(
        answer["error"]["message"],
        format!("nonce: expected 1 for {}, got 0 (stale or replayed)", gov.address)
    );
    // A nonce from the future.
    rejected(
        &t,
        bytes(&gov.sign(&domain, 5, &transfer(Key::dev(3).address, 10))),
        StatusCode::CONFLICT,
        "bad_nonce",
        "nonce",
    )
    .await;
    assert_eq!(balance(&t.app, gov.address, "GOV").await, "990");
}

#[tokio::test]
async fn rejects_a_duplicate_deposit() {
    let (t, domain) = funded().await;
    // Same (chain, tx_hash, log_index) as the funding deposit, fresh nonce.
    let again = Key::dev(1).sign(&domain, 1, &deposit(Key::dev(2).address, 1000, 0));
    let answer = rejected(&t, bytes(&again), StatusCode::CONFLICT, "duplicate_deposit", "body.tx_hash").await;
    assert!(answer["error"]["message"].as_str().unwrap().contains("already recorded"));
    assert_eq!(balance(&t.app, Key::dev(2).address, "GOV").await, "1000");
}

#[tokio::test]
async fn rejects_an_unknown_token_and_an_overflowing_amount() {
    let (t, domain) = funded().await;
    let gov = Key::dev(2);
    let body = json!({"token": "NOPE", "to": Key::dev(3).address, "amount": "1"}).to_string();
    let answer = rejected(
        &t,
        bytes(&gov.sign_raw(&domain, 0, "transfer", &body)),
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown_token",
        "body.token",
    )
    .await;
    assert_eq!(answer["error"]["message"], "body.token: unknown token `NOPE`");
    let body = json!({"token": "GOV", "to": Key::dev(3).address, "amount": "340282366920938463463374607431768211456"})
        .to_string();
    rejected(
        &t,
        bytes(&gov.sign_raw(&domain, 0, "transfer", &body)),
        StatusCode::BAD_REQUEST,
        "malformed_body",
        "body.amount",
    )
    .await;
    // Minting past u128::MAX: dev 0 mints the ALLY maximum, then one more.
    let admin = Key::dev(0);
    let ally = "ALLY".parse().unwrap();
    let mint = |amount| CommandBody::Mint(Mint { token: ally, to: admin.address, amount: Amount(amount) });
    assert_eq!(post(&t.app, &admin.sign(&domain, 0, &mint(u128::MAX))).await.0, StatusCode::OK);
    let answer = rejected(
        &t,
        bytes(&admin.sign(&domain, 1, &mint(1))),
        StatusCode::UNPROCESSABLE_ENTITY,
        "overflow",
        "body.amount",
    )
    .await;
    assert_eq!(answer["error"]["message"], "body.amount: total supply of ALLY would exceed 2^128 - 1");
}

#[tokio::test]
async fn rejects_unknown_kinds_and_fields() {
    let (t, domain) = funded().await;
    let gov = Key::dev(2);
    rejected(
        &t,
        bytes(&gov.sign_raw(&domain, 0, "steal", "{}")),
        StatusCode::BAD_REQUEST,
        "malformed_body",
        "kind",
    )
    .await;
    let body = json!({"token": "GOV", "to": Key::dev(3).address, "amount": "1", "memo": "hi"}).to_string();
    rejected(
        &t,
        bytes(&gov.sign_raw(&domain, 0, "transfer", &body)),
        StatusCode::BAD_REQUEST,
        "malformed_body",
        "body.memo",
    )
    .await;
}

#[tokio::test]
async fn rejects_an_actor_without_the_role() {
    let (t, domain) = funded().await;
    // dev 2 is not a relayer.
    let answer = rejected(
        &t,
        bytes(&Key::dev(2).sign(&domain, 0, &deposit(Key::dev(2).address, 5, 9))),
        StatusCode::FORBIDDEN,
        "missing_role",
        "actor",
    )
    .await;
    assert_eq!(
        answer["error"]["message"],
        format!("actor: {} does not hold the relayer role", Key::dev(2).address)
    );
}

#[tokio::test]
async fn rejects_a_body_over_the_limit() {
    let (t, domain) = funded().await;
    // Over the HTTP limit.
    let huge = vec![b' '; concord_server::MAX_REQUEST_BYTES + 1];
    rejected(&t, huge, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "request").await;
    // Under the HTTP limit but over the envelope's body limit.
    let body = format!("{{\"token\":\"GOV\",\"pad\":\"{}\"}}", "x".repeat(MAX_BODY_BYTES));
    rejected(
        &t,
        bytes(&Key::dev(2).sign_raw(&domain, 0, "transfer", &body)),
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        "body",
    )
    .await;
}
