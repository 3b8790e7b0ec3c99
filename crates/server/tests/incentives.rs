//! The incentive reads over HTTP, after signed incentive commands.

use axum::http::StatusCode;
use concord_core::command::CommandBody;
use concord_core::keys::Key;
use concord_core::ledger::{Mint, RecordDeposit};
use concord_core::split::{CreateSplit, DistributeFees, Share};
use concord_core::vault::{CreateVault, FundVault, IdleRewards, Stake};
use concord_core::vesting::CreateVesting;
use concord_core::{Amount, B256, Bps, ChainId, Timestamp};
use serde_json::json;

use crate::support::{NOW, get, head, hub, post};

fn create_vault() -> CommandBody {
    CommandBody::CreateVault(Box::new(CreateVault {
        id: "farm".parse().unwrap(),
        alliance: "gov-play-pool".parse().unwrap(),
        stake_token: "GOV".parse().unwrap(),
        reward_tokens: vec!["ALLY".parse().unwrap()],
        reward_duration_secs: 100,
        idle_rewards: IdleRewards::CarryForward,
        loyalty: None,
        unbonding_secs: 0,
        exit_penalty: None,
    }))
}

#[tokio::test]
async fn vault_position_vesting_and_split_reads() {
    let t = hub().await;
    let d = t.hub.domain().clone();
    let (admin, relayer, staker) = (Key::dev(0), Key::dev(1), Key::dev(5));
    let ok = |(status, body): (StatusCode, serde_json::Value)| assert_eq!(status, StatusCode::OK, "{body}");
    ok(post(&t.app, &admin.sign(&d, 0, &create_vault())).await);
    let deposit = CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(1),
        log_index: 0,
        token: "GOV".parse().unwrap(),
        to: staker.address,
        amount: Amount(1000),
    });
    ok(post(&t.app, &relayer.sign(&d, 0, &deposit)).await);
    let stake =
        CommandBody::Stake(Stake { vault: "farm".parse().unwrap(), amount: Amount(100), lock_secs: 0 });
    ok(post(&t.app, &staker.sign(&d, 0, &stake)).await);
    let mint =
        CommandBody::Mint(Mint { token: "ALLY".parse().unwrap(), to: admin.address, amount: Amount(5000) });
    ok(post(&t.app, &admin.sign(&d, 1, &mint)).await);
    let fund = CommandBody::FundVault(FundVault {
        vault: "farm".parse().unwrap(),
        token: "ALLY".parse().unwrap(),
        amount: Amount(1000),
    });
    ok(post(&t.app, &admin.sign(&d, 2, &fund)).await);

    let (status, body) = get(&t.app, "/v1/vaults/farm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["stakers"], 1);
    assert_eq!(body["total_staked"], "100");
    assert_eq!(body["rewards"]["ALLY"]["rate_per_sec"], "10");
    assert_eq!(body["rewards"]["ALLY"]["period_finish"], NOW + 100);
    // Half the period later (a projection; nothing changes): 50 s · 10 = 500.
    let path = format!("/v1/vaults/farm/positions/{}?at={}", staker.address, NOW + 50);
    let (status, body) = get(&t.app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["earned"], json!({"ALLY": "500"}));
    assert_eq!(body["staked"], "100");
    let (status, body) = get(&t.app, &format!("/v1/vaults/farm/positions/{}?at=1", staker.address)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "at");
    let (status, body) = get(&t.app, "/v1/vaults/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "unknown_vault");
    let (_, body) = get(&t.app, "/v1/vaults").await;
    assert_eq!(body["vaults"][0]["id"], "farm");

    // An outsider may not create a vault for the alliance: 403, nothing changes.
    let before = head(&t.app).await;
    let (status, body) = post(&t.app, &Key::dev(4).sign(&d, 0, &create_vault())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}"); // the id is taken: checked first
    let other = match create_vault() {
        CommandBody::CreateVault(mut c) => {
            c.id = "other".parse().unwrap();
            CommandBody::CreateVault(c)
        }
        _ => unreachable!(),
    };
    let (status, body) = post(&t.app, &Key::dev(4).sign(&d, 0, &other)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"]["code"], "not_admin_or_leader");
    assert_eq!(head(&t.app).await, before);

    // Vesting: 1000 ALLY over 400 s from NOW, cliff 100 s.
    let vesting = CommandBody::CreateVesting(CreateVesting {
        beneficiary: staker.address,
        token: "ALLY".parse().unwrap(),
        total: Amount(1000),
        start: Timestamp(NOW),
        cliff_secs: 100,
        duration_secs: 400,
        revocable: true,
    });
    ok(post(&t.app, &admin.sign(&d, 3, &vesting)).await);
    let (status, body) = get(&t.app, &format!("/v1/vesting/1?at={}", NOW + 200)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["vested"], "500");
    assert_eq!(body["releasable"], "500");
    let (_, body) = get(&t.app, &format!("/v1/accounts/{}/vesting?at={}", staker.address, NOW + 99)).await;
    assert_eq!(body["grants"][0]["vested"], "0");

    // A 60/40 split of 101 ALLY: 60, 40 and 1 of dust; volume 101.
    let split = CommandBody::CreateSplit(CreateSplit {
        id: "fees".parse().unwrap(),
        alliance: "gov-play-pool".parse().unwrap(),
        shares: vec![
            Share { recipient: Key::dev(8).address, bps: Bps(6000) },
            Share { recipient: Key::dev(9).address, bps: Bps(4000) },
        ],
        dust_recipient: Key::dev(7).address,
    });
    ok(post(&t.app, &admin.sign(&d, 4, &split)).await);
    let pay = CommandBody::DistributeFees(DistributeFees {
        split: "fees".parse().unwrap(),
        token: "ALLY".parse().unwrap(),
        amount: Amount(101),
    });
    let (status, body) = post(&t.app, &admin.sign(&d, 5, &pay)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let events = body["events"].as_array().unwrap();
    let distributed =
        events.iter().find(|e| e["kind"] == "fees-distributed").unwrap_or_else(|| panic!("{body}"));
    assert_eq!(distributed["dust"], "1");
    let (_, body) = get(&t.app, "/v1/splits/fees").await;
    assert_eq!(body["volume"], json!({"ALLY": "101"}), "{body}");
    let (_, body) = get(&t.app, "/v1/emissions").await;
    assert_eq!(body["emissions"], json!([]));
    let (_, doc) = get(&t.app, "/v1/openapi.json").await;
    for (path, view) in [
        ("/v1/vaults/{vault}", "VaultView"),
        ("/v1/vaults/{vault}/positions/{address}", "PositionView"),
        ("/v1/vesting/{grant}", "GrantView"),
        ("/v1/splits/{split}", "SplitView"),
    ] {
        let schema = &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        assert_eq!(schema["$ref"], format!("#/components/schemas/{view}"), "{path}: {schema}");
        assert!(doc["components"]["schemas"].get(view).is_some(), "{view} missing from the components");
    }
    // A view's figures are typed in the schema: earned amounts are decimal strings.
    let position = &doc["components"]["schemas"]["PositionView"]["properties"];
    assert_eq!(
        position["earned"]["additionalProperties"]["$ref"], "#/components/schemas/Amount",
        "{position}"
    );
    assert_eq!(doc["components"]["schemas"]["Amount"]["type"], "string");
    // Ids are typed too: a position names its vault by a `VaultId`.
    assert_eq!(position["vault"]["$ref"], "#/components/schemas/VaultId", "{position}");
    assert_eq!(doc["components"]["schemas"]["VaultId"]["type"], "string");
}

#[tokio::test]
async fn a_fund_vault_with_a_rate_above_2_pow_64_is_answered_and_read_back_exactly() {
    let t = hub().await;
    let d = t.hub.domain().clone();
    let admin = Key::dev(0);
    let ok = |(status, body): (StatusCode, serde_json::Value)| {
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    };
    ok(post(&t.app, &admin.sign(&d, 0, &create_vault())).await);
    let huge = Amount(1 << 100);
    let mint = CommandBody::Mint(Mint { token: "ALLY".parse().unwrap(), to: admin.address, amount: huge });
    ok(post(&t.app, &admin.sign(&d, 1, &mint)).await);
    let fund = CommandBody::FundVault(FundVault {
        vault: "farm".parse().unwrap(),
        token: "ALLY".parse().unwrap(),
        amount: huge,
    });
    let body = ok(post(&t.app, &admin.sign(&d, 2, &fund)).await);
    // ⌊2^100 / 100 s⌋ = 12 676 506 002 282 294 014 967 032 053, dust 2^100 − 100 · rate = 76.
    let funded = body["events"].as_array().unwrap().iter().find(|e| e["kind"] == "vault-funded").unwrap();
    assert_eq!(funded["rate"], "12676506002282294014967032053", "{body}");
    let (_, vault) = get(&t.app, "/v1/vaults/farm").await;
    assert_eq!(vault["rewards"]["ALLY"]["rate_per_sec"], "12676506002282294014967032053");
    assert_eq!(vault["rewards"]["ALLY"]["funding_dust"], "76");
    assert_eq!(head(&t.app).await.0, 3);
}

#[tokio::test]
async fn post_query_answers_a_query_line_and_bad_parameters_name_the_parameter() {
    let t = hub().await;
    let query = |body: serde_json::Value| {
        let app = t.app.clone();
        async move { crate::support::post_json(&app, "/v1/query", &body).await }
    };
    let (status, body) = query(json!({"query": "tokens", "args": {}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tokens"][0]["token"]["id"], "ALLY");
    let (status, body) = query(json!({"query": "vault", "args": {"vault": "nope"}})).await;
    assert_eq!((status, body["error"]["code"].clone()), (StatusCode::NOT_FOUND, json!("unknown_vault")));
    assert_eq!(body["error"]["field"], "vault");
    let (status, body) = query(json!({"query": "treasure", "args": {}})).await;
    assert_eq!((status, body["error"]["field"].clone()), (StatusCode::BAD_REQUEST, json!("query")));

    for (path, field) in [
        ("/v1/vesting/x", "grant"),
        ("/v1/merkle/18446744073709551616", "epoch"),
        ("/v1/alliances/gov-play-pool/proposals/-1", "proposal"),
        ("/v1/vaults/farm?at=soon", "at"),
        ("/v1/vaults/farm?when=1", "when"),
        ("/v1/log?after=x", "after"),
    ] {
        let (status, body) = get(&t.app, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(body["error"]["field"], field, "{path}: {body}");
    }
}
