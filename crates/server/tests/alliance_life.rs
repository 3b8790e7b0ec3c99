//! The alliance's life over HTTP (docs/examples/second-seed.toml): signed
//! share-vault deposits read back with positions and previews, the roadmap,
//! a candidate's compatibility from hub state, an exit locking the shares,
//! and malformed, unknown, unauthorised and replayed requests.

use std::sync::Arc;

use axum::http::StatusCode;
use concord_core::command::CommandBody;
use concord_core::envelope::Domain;
use concord_core::keys::Key;
use concord_core::ledger::RecordDeposit;
use concord_core::mission::LeaveAlliance;
use concord_core::partner::{ScoreCandidate, parse_candidates};
use concord_core::share_vault::{CreateShareVault, DepositAssets, RedeemShares};
use concord_core::{Amount, B256, ChainId, Timestamp};
use serde_json::json;

use crate::support::{get, hub_with, post};

fn charter() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/second-seed.toml"))
        .unwrap()
}

struct Signer {
    domain: Domain,
    nonces: [u64; 8],
}

impl Signer {
    fn sign(&mut self, who: usize, body: &CommandBody) -> concord_core::envelope::SignedEnvelope {
        let e = Key::dev(who).sign(&self.domain, self.nonces[who], body);
        self.nonces[who] += 1;
        e
    }
}

fn pool() -> concord_core::AllianceId {
    "gov-play-pool".parse().unwrap()
}

#[tokio::test]
async fn share_vaults_roadmap_compatibility_and_exits_over_http() {
    let text = charter();
    let t = hub_with(&text, Arc::new(|| Timestamp(1_000))).await;
    let mut s = Signer { domain: t.hub.domain().clone(), nonces: [0; 8] };
    let ok = |status: StatusCode, body: &serde_json::Value| assert_eq!(status, StatusCode::OK, "{body}");
    let deposit = CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(1),
        log_index: 0,
        token: "GOV".parse().unwrap(),
        to: Key::dev(3).address,
        amount: Amount(5_000),
    });
    let (st, body) = post(&t.app, &s.sign(1, &deposit)).await;
    ok(st, &body);
    let create = CommandBody::CreateShareVault(CreateShareVault {
        id: "joint-gov".parse().unwrap(),
        alliance: pool(),
        asset: "GOV".parse().unwrap(),
        share_token: "jGOV".parse().unwrap(),
        symbol: "jGOV".into(),
        decimals_offset: 0,
    });
    // An outsider may not create the alliance's vault (403); the leader may, once (then 409).
    let (st, body) = post(&t.app, &Key::dev(5).sign(&s.domain, 0, &create)).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("not_admin_or_leader")),
        "{body}"
    );
    let (st, body) = post(&t.app, &s.sign(0, &create)).await;
    ok(st, &body);
    let (st, body) = post(&t.app, &s.sign(0, &create)).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("duplicate_share_vault")),
        "{body}"
    );
    s.nonces[0] -= 1;
    let put = CommandBody::DepositAssets(DepositAssets {
        vault: "joint-gov".parse().unwrap(),
        assets: Amount(3_500),
        receiver: None,
    });
    let signed = s.sign(3, &put);
    let (st, body) = post(&t.app, &signed).await;
    ok(st, &body);
    // Replayed: the nonce is spent.
    let (st, body) = post(&t.app, &signed).await;
    assert_eq!((st, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("bad_nonce")), "{body}");

    let who = Key::dev(3).address;
    let (st, v) = get(&t.app, &format!("/v1/share-vaults/joint-gov?account={who}&amount=700")).await;
    ok(st, &v);
    // 3500 in at offset 0: 3500 shares; previews of 700 at assets 3500, supply 3500:
    // deposit ⌊700 · 3501 / 3501⌋ = 700, mint ⌈700 · 3501 / 3501⌉ = 700.
    assert_eq!(
        (v["total_assets"].clone(), v["total_supply"].clone(), v["position"]["max_redeem"].clone()),
        (json!("3500"), json!("3500"), json!("3500"))
    );
    assert_eq!(
        (v["previews"]["deposit"].clone(), v["previews"]["redeem"].clone()),
        (json!("700"), json!("700"))
    );
    let (st, list) = get(&t.app, "/v1/share-vaults").await;
    ok(st, &list);
    assert_eq!(list["vaults"][0]["vault"], "joint-gov");

    // Bad reads: unknown vault (404), a malformed amount and an unknown parameter (400).
    let (st, e) = get(&t.app, "/v1/share-vaults/nope").await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("unknown_share_vault")),
        "{e}"
    );
    let (st, e) = get(&t.app, "/v1/share-vaults/joint-gov?amount=12x").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{e}");
    let (st, e) = get(&t.app, "/v1/share-vaults/joint-gov?when=3").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{e}");

    // The roadmap: phase 0 open scopes.
    let (st, r) = get(&t.app, "/v1/alliances/gov-play-pool/roadmap").await;
    ok(st, &r);
    assert_eq!(r["current"], 0);
    assert_eq!(
        r["open_scopes"],
        json!(["member-admission", "governance-parameters", "roadmap-ratification", "signal"])
    );
    let (st, _) = get(&t.app, "/v1/alliances/nope/roadmap").await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // Compatibility: score Yield DAO, then read its checks (no hub unlocks here: the
    // collision check passes; its 12 % inflation warns).
    let file = parse_candidates(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/candidates.toml"))
            .unwrap(),
    )
    .unwrap();
    let yld = file.candidates.iter().find(|c| c.id == "yield-dao").unwrap().clone();
    let score = CommandBody::ScoreCandidate(Box::new(ScoreCandidate { alliance: pool(), candidate: yld }));
    let (st, body) = post(&t.app, &s.sign(2, &score)).await;
    ok(st, &body);
    let (st, c) = get(&t.app, "/v1/alliances/gov-play-pool/candidates/yield-dao/compatibility").await;
    ok(st, &c);
    let verdicts: Vec<(String, String)> = c["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["check"].as_str().unwrap().to_owned(), x["verdict"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(verdicts[0], ("inflation".to_owned(), "warning".to_owned()));
    let (st, e) = get(&t.app, "/v1/alliances/gov-play-pool/candidates/nobody/compatibility").await;
    assert_eq!((st, e["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("unknown_candidate")), "{e}");

    // PLAY Guild exits: its shares are locked in 7 tranches; redeeming now is refused (422),
    // and leaving twice is a conflict (409).
    let leave = CommandBody::LeaveAlliance(LeaveAlliance { alliance: pool() });
    let (st, body) = post(&t.app, &s.sign(3, &leave)).await;
    ok(st, &body);
    let (st, v) = get(&t.app, &format!("/v1/share-vaults/joint-gov?account={who}")).await;
    ok(st, &v);
    assert_eq!(v["position"]["max_redeem"], json!("0"));
    let redeem = CommandBody::RedeemShares(RedeemShares {
        vault: "joint-gov".parse().unwrap(),
        shares: Amount(1),
        receiver: None,
    });
    let (st, body) = post(&t.app, &Key::dev(3).sign(&s.domain, s.nonces[3], &redeem)).await;
    assert_eq!(
        (st, body["error"]["code"].as_str(), body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("exceeds_max"), Some("body.shares")),
        "{body}"
    );
    let (st, body) = post(&t.app, &Key::dev(3).sign(&s.domain, s.nonces[3], &leave)).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_exiting")),
        "{body}"
    );
    let (st, a) = get(&t.app, "/v1/alliances/gov-play-pool").await;
    ok(st, &a);
    let members = a["alliance"]["spec"]["members"].as_array().or_else(|| a["spec"]["members"].as_array());
    let status = members
        .and_then(|m| m.iter().find(|m| m["account"] == json!(who.to_string())))
        .map(|m| m["status"].clone());
    assert_eq!(status, Some(json!("exiting")), "{a}");
}
