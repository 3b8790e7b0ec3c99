//! Governance over HTTP on the governance-syndicate template: propose, vote
//! (one vote signed by viem with the EIP-712 `Vote` type), read live tallies,
//! votes and power, queue and execute.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use concord_core::alliance::AllianceModel;
use concord_core::charter::templates::template;
use concord_core::command::CommandBody;
use concord_core::envelope::{Domain, signing_hash};
use concord_core::governance::{Action, CastVote, CreateProposal, ProposalRef, Scope, VotingType};
use concord_core::keys::{DEV_SECRETS, Key};
use concord_core::ledger::{RecordDeposit, Transfer};
use concord_core::{Amount, B256, ChainId, Timestamp};
use serde_json::json;

use crate::support::{get, hub_with, post};

const E18: u128 = 1_000_000_000_000_000_000;

struct Clock(Arc<AtomicU64>);

impl Clock {
    fn set(&self, t: u64) {
        self.0.store(t, Ordering::SeqCst);
    }
}

async fn syndicate() -> (crate::support::TestHub, Domain, Clock) {
    let now = Arc::new(AtomicU64::new(1_000));
    let clock = now.clone();
    let t = hub_with(
        template(AllianceModel::GovernanceSyndicate),
        Arc::new(move || Timestamp(clock.load(Ordering::SeqCst))),
    )
    .await;
    let domain = t.hub.domain().clone();
    // Relayer dev 1 funds dev 4 (2000 GOV, 100 VOTE) and dev 5 (500 GOV).
    // Dual majority needs both communities (GOV and VOTE) to approve.
    let deposits = [(4, "GOV", 1, 2000 * E18), (5, "GOV", 1, 500 * E18), (4, "VOTE", 10, 100_000_000)];
    for (nonce, (to, token, chain, amount)) in deposits.into_iter().enumerate() {
        let body = CommandBody::RecordDeposit(RecordDeposit {
            chain_id: ChainId(chain),
            tx_hash: B256::repeat_byte(9),
            log_index: nonce as u64,
            token: token.parse().unwrap(),
            to: Key::dev(to).address,
            amount: Amount(amount),
        });
        assert_eq!(post(&t.app, &Key::dev(1).sign(&domain, nonce as u64, &body)).await.0, StatusCode::OK);
    }
    // dev 4 funds the treasury with 100 GOV.
    let treasury = concord_core::alliance::treasury_address(&"delegate-syndicate".parse().unwrap());
    let pay = CommandBody::Transfer(Transfer {
        token: "GOV".parse().unwrap(),
        to: treasury,
        amount: Amount(100 * E18),
    });
    assert_eq!(post(&t.app, &Key::dev(4).sign(&domain, 0, &pay)).await.0, StatusCode::OK);
    (t, domain, Clock(now))
}

fn viem_vote(domain: &Domain, nonce: u64, body: &str) -> serde_json::Value {
    use std::io::Write;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../interop");
    assert!(dir.join("node_modules/viem").exists(), "run `npm ci --prefix interop` (scripts/test.sh does)");
    let request = json!({
        "privateKey": format!("0x{}", DEV_SECRETS[5]),
        "domain": domain,
        "commands": [{"nonce": nonce, "kind": "cast-vote", "body": body}],
    });
    let mut child = std::process::Command::new("node")
        .arg("sign.mjs")
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let mut signed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    signed["envelopes"][0].take()
}

#[tokio::test]
async fn propose_vote_read_queue_and_execute_over_http() {
    let (t, domain, clock) = syndicate().await;
    let alliance: concord_core::AllianceId = "delegate-syndicate".parse().unwrap();
    let create = CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::TreasuryAllocation,
        title: "Pay the auditor".into(),
        body: String::new(),
        actions: vec![Action::TreasuryTransfer {
            token: "GOV".parse().unwrap(),
            to: Key::dev(7).address,
            amount: Amount(10 * E18),
        }],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(1_100),
        end: Timestamp(1_200),
        proposing_alliance: None,
    }));
    let (status, answer) = post(&t.app, &Key::dev(4).sign(&domain, 1, &create)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, list) = get(&t.app, "/v1/alliances/delegate-syndicate/proposals").await;
    assert_eq!(list["proposals"][0]["state"], "pending");

    clock.set(1_150);
    let vote = |choice: &str| {
        CommandBody::CastVote(CastVote {
            alliance: alliance.clone(),
            proposal: 1,
            choice: choice.into(),
            reason: "audit matters".into(),
        })
    };
    let (status, answer) = post(&t.app, &Key::dev(4).sign(&domain, 2, &vote("1"))).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // dev 4: 1900 GOV + 100 VOTE (normalised to 18 decimals) = 2000e18.
    assert_eq!(answer["events"][0]["weight"], (2000 * E18).to_string());
    // dev 5 votes against, signed by viem as an EIP-712 Vote.
    let body =
        json!({"alliance": "delegate-syndicate", "proposal": 1, "choice": "2", "reason": "too expensive"})
            .to_string();
    let mut envelope = viem_vote(&domain, 0, &body);
    let viem_digest = envelope.as_object_mut().unwrap().remove("digest").unwrap();
    let ours = signing_hash(&domain, Key::dev(5).address, 0, "cast-vote", &body);
    assert_eq!(viem_digest, format!("0x{}", ours.iter().map(|b| format!("{b:02x}")).collect::<String>()));
    let (status, answer) = post(&t.app, &envelope).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let (_, p) = get(&t.app, "/v1/alliances/delegate-syndicate/proposals/1").await;
    assert_eq!(p["state"], "active");
    assert_eq!(p["tally"]["scores"], json!([(2000 * E18).to_string(), (500 * E18).to_string(), "0"]));
    assert_eq!(p["tally"]["voters"], 2);
    assert_eq!(p["total_power"], (2600 * E18).to_string()); // 2500 GOV + 100 VOTE
    let (_, votes) = get(&t.app, "/v1/alliances/delegate-syndicate/proposals/1/votes?limit=1").await;
    assert_eq!(votes["total"], 2);
    assert_eq!(votes["votes"].as_array().unwrap().len(), 1);
    let after = votes["next_after"].as_str().unwrap().to_owned();
    let (_, rest) =
        get(&t.app, &format!("/v1/alliances/delegate-syndicate/proposals/1/votes?after={after}")).await;
    assert_eq!(rest["votes"].as_array().unwrap().len(), 1);
    assert_ne!(rest["votes"][0]["voter"], votes["votes"][0]["voter"]);
    let (_, power) =
        get(&t.app, &format!("/v1/alliances/delegate-syndicate/proposals/1/power/{}", Key::dev(5).address))
            .await;
    assert_eq!(power["power"], (500 * E18).to_string());
    assert_eq!(power["voted"], true);

    clock.set(1_201);
    let queue = CommandBody::QueueProposal(ProposalRef { alliance: alliance.clone(), proposal: 1 });
    let (status, answer) = post(&t.app, &Key::dev(8).sign(&domain, 0, &queue)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let execute = CommandBody::ExecuteProposal(ProposalRef { alliance, proposal: 1 });
    let (status, answer) = post(&t.app, &Key::dev(8).sign(&domain, 1, &execute)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["code"], "timelock_not_elapsed");
    assert_eq!(answer["error"]["field"], "body.proposal");
    clock.set(1_201 + 172_800);
    let (status, answer) = post(&t.app, &Key::dev(8).sign(&domain, 1, &execute)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (_, balances) = get(&t.app, &format!("/v1/accounts/{}/balances", Key::dev(7).address)).await;
    assert_eq!(balances["balances"]["GOV"], (10 * E18).to_string());
    let (_, council) = get(&t.app, "/v1/alliances/delegate-syndicate/council").await;
    assert_eq!(council["council"]["threshold"], 2);
}

#[tokio::test]
async fn governance_reads_name_bad_input() {
    let (t, _, _) = syndicate().await;
    for (path, status, code) in [
        ("/v1/alliances/nope/proposals", StatusCode::NOT_FOUND, "unknown_alliance"),
        ("/v1/alliances/delegate-syndicate/proposals/9", StatusCode::NOT_FOUND, "unknown_proposal"),
        (
            "/v1/alliances/delegate-syndicate/proposals/9/votes?limit=0",
            StatusCode::BAD_REQUEST,
            "limit_out_of_range",
        ),
        (
            "/v1/alliances/delegate-syndicate/proposals/1/votes?after=0x12",
            StatusCode::BAD_REQUEST,
            "malformed_address",
        ),
        (
            "/v1/alliances/delegate-syndicate/proposals/1/power/bob",
            StatusCode::BAD_REQUEST,
            "malformed_address",
        ),
    ] {
        let (got, body) = get(&t.app, path).await;
        assert_eq!(got, status, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}");
    }
}

/// A third party rewrites a signed vote's body to an equivalent JSON text (keys
/// reordered, `\u0031` for `1`, whitespace). The `Vote` signature covers the
/// fields, not the text, so it still verifies; the log keeps the engine's own
/// encoding, so both texts give the same entry hash, and the original is then
/// a replay. Bytes after the envelope are refused.
#[tokio::test]
async fn a_rewritten_vote_body_is_logged_canonically_and_trailing_bytes_are_refused() {
    let (t, domain, clock) = syndicate().await;
    let (t2, _, clock2) = syndicate().await;
    let alliance: concord_core::AllianceId = "delegate-syndicate".parse().unwrap();
    let create = CommandBody::CreateProposal(Box::new(CreateProposal {
        alliance: alliance.clone(),
        scope: Scope::Signal,
        title: "Signal".into(),
        body: String::new(),
        actions: vec![],
        voting: VotingType::Basic,
        choices: vec![],
        start: Timestamp(1_100),
        end: Timestamp(1_200),
        proposing_alliance: None,
    }));
    for app in [&t.app, &t2.app] {
        assert_eq!(post(app, &Key::dev(4).sign(&domain, 1, &create)).await.0, StatusCode::OK);
    }
    clock.set(1_150);
    clock2.set(1_150);
    let vote = CommandBody::CastVote(CastVote {
        alliance: alliance.clone(),
        proposal: 1,
        choice: "1".into(),
        reason: "yes".into(),
    });
    let original = Key::dev(5).sign(&domain, 0, &vote);
    let mut rewritten = serde_json::to_value(&original).unwrap();
    rewritten["body"] =
        json!(r#"{ "reason":"yes", "choice":"\u0031", "proposal":1, "alliance":"delegate-syndicate" }"#);

    let (status, first) = post(&t.app, &rewritten).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, _) = post(&t.app, &original).await;
    assert_eq!(status, StatusCode::CONFLICT, "the same signed vote again is a replay");
    let (status, second) = post(&t2.app, &original).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["hash"], second["hash"], "one signed vote, one entry hash");
    let (_, log) = get(&t.app, "/v1/log?after=5").await;
    assert_eq!(
        log["entries"][0]["envelope"]["body"],
        r#"{"alliance":"delegate-syndicate","proposal":1,"choice":"1","reason":"yes"}"#
    );

    let mut text = serde_json::to_string(&Key::dev(4).sign(&domain, 2, &vote)).unwrap();
    text.push_str(" xyz");
    let (status, body) = crate::support::post_raw(&t.app, text).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("request")),
        "{body}"
    );
}
