//! Read endpoints and their bad input.

use axum::http::StatusCode;
use concord_core::keys::Key;

use crate::support::{get, hub};

#[tokio::test]
async fn serves_the_alliance_with_its_treasury() {
    let t = hub().await;
    let (status, body) = get(&t.app, "/v1/alliance").await;
    assert_eq!(status, StatusCode::OK);
    let alliance = &body["alliance"];
    assert_eq!(alliance["spec"]["id"], "gov-play-pool");
    assert_eq!(alliance["spec"]["leader"], Key::dev(0).address.to_string());
    assert_eq!(alliance["spec"]["members"].as_array().unwrap().len(), 3);
    assert_eq!(body["treasury_balances"]["GOV"], "0");
    let (status, body) = get(&t.app, "/v1/alliances/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["field"], "alliance");
    let (status, body) = get(&t.app, "/v1/alliances/bad%20id").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_id");
    let (_, body) = get(&t.app, "/v1/alliances").await;
    assert_eq!(body["alliances"][0]["id"], "gov-play-pool");
}

#[tokio::test]
async fn serves_balances_and_names_a_bad_address() {
    let t = hub().await;
    let who = Key::dev(4).address;
    let (status, body) =
        get(&t.app, &format!("/v1/accounts/{}/balances", who.to_string().to_lowercase())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["address"], who.to_string());
    assert_eq!(body["nonce"], 0);
    assert_eq!(body["balances"], serde_json::json!({"ALLY": "0", "GOV": "0", "PLAY": "0"}));
    let (status, body) = get(&t.app, "/v1/accounts/0x1234/balances").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "address");
    assert_eq!(body["error"]["code"], "malformed_address");
}

#[tokio::test]
async fn pages_the_log_and_checks_the_limit() {
    let t = hub().await;
    let (status, body) = get(&t.app, "/v1/log").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["entries"], serde_json::json!([]));
    assert_eq!(body["next_after"], serde_json::Value::Null);
    for bad in ["/v1/log?limit=0", "/v1/log?limit=1001"] {
        let (status, body) = get(&t.app, bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(body["error"]["field"], "limit");
    }
    let (status, body) = get(&t.app, "/v1/log?after=-1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_query");
}

#[tokio::test]
async fn serves_the_domain_and_the_openapi_document() {
    let t = hub().await;
    let (_, body) = get(&t.app, "/v1/domain").await;
    assert_eq!(body["domain"]["name"], "Concord");
    assert_eq!(body["domain"]["version"], "1");
    assert_eq!(body["domain"]["chainId"], 10);
    assert_eq!(body["primaryType"], "Command");
    assert_eq!(body["types"]["Command"][3]["name"], "body");
    let (status, doc) = get(&t.app, "/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["info"]["title"], "Concord hub");
    for path in ["/v1/commands", "/v1/accounts/{address}/balances", "/v1/log", "/v1/alliance", "/healthz"] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
    assert!(doc["paths"]["/v1/commands"]["post"]["responses"].get("413").is_some());
    let (_, health) = get(&t.app, "/healthz").await;
    assert_eq!(health, serde_json::json!({"status": "ok", "seq": 0}));
}

#[tokio::test]
async fn serves_past_balances_and_the_outbox() {
    use concord_core::command::CommandBody;
    use concord_core::ledger::{RecordDeposit, Withdraw};
    use concord_core::{Amount, B256, ChainId};

    // The clock is fixed at NOW, so every command lands at NOW.
    let t = hub().await;
    let domain = t.hub.domain().clone();
    let gov = Key::dev(2);
    let deposit = CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(3),
        log_index: 0,
        token: "GOV".parse().unwrap(),
        to: gov.address,
        amount: Amount(100),
    });
    assert_eq!(crate::support::post(&t.app, &Key::dev(1).sign(&domain, 0, &deposit)).await.0, StatusCode::OK);
    for nonce in 0..2 {
        let withdraw = CommandBody::Withdraw(Withdraw {
            token: "GOV".parse().unwrap(),
            recipient: gov.address,
            amount: Amount(10),
        });
        assert_eq!(
            crate::support::post(&t.app, &gov.sign(&domain, nonce, &withdraw)).await.0,
            StatusCode::OK
        );
    }
    let now = crate::support::NOW;
    let (_, before) = get(&t.app, &format!("/v1/accounts/{}/balances?at={}", gov.address, now - 1)).await;
    assert_eq!(before["balances"]["GOV"], "0");
    assert_eq!(before["at"], now - 1);
    let (_, after) = get(&t.app, &format!("/v1/accounts/{}/balances?at={now}", gov.address)).await;
    assert_eq!(after["balances"]["GOV"], "80");
    let (status, body) = get(&t.app, &format!("/v1/accounts/{}/balances?at=yesterday", gov.address)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_query");

    let (_, outbox) = get(&t.app, "/v1/outbox/1").await;
    assert_eq!(outbox["last_nonce"], 2);
    assert_eq!(outbox["messages"][0]["nonce"], 1);
    assert_eq!(outbox["messages"][1]["amount"], "10");
    let (_, page) = get(&t.app, "/v1/outbox/1?after=1").await;
    assert_eq!(page["messages"].as_array().unwrap().len(), 1);
    assert_eq!(page["messages"][0]["nonce"], 2);
    let (_, empty) = get(&t.app, "/v1/outbox/42161").await;
    assert_eq!(empty["messages"], serde_json::json!([]));
    let (status, body) = get(&t.app, "/v1/outbox/mainnet").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "chain_id");
}

#[tokio::test]
async fn tracks_commitments_against_treasury_contributions() {
    use concord_core::command::CommandBody;
    use concord_core::ledger::{RecordDeposit, Transfer};
    use concord_core::{Amount, B256, ChainId};

    let t = hub().await;
    let domain = t.hub.domain().clone();
    let gov_dao = Key::dev(2);
    let deposit = CommandBody::RecordDeposit(RecordDeposit {
        chain_id: ChainId(1),
        tx_hash: B256::repeat_byte(4),
        log_index: 0,
        token: "GOV".parse().unwrap(),
        to: gov_dao.address,
        amount: Amount(1_000),
    });
    assert_eq!(crate::support::post(&t.app, &Key::dev(1).sign(&domain, 0, &deposit)).await.0, StatusCode::OK);
    let treasury = concord_core::alliance::treasury_address(&"gov-play-pool".parse().unwrap());
    let pay =
        CommandBody::Transfer(Transfer { token: "GOV".parse().unwrap(), to: treasury, amount: Amount(400) });
    assert_eq!(crate::support::post(&t.app, &gov_dao.sign(&domain, 0, &pay)).await.0, StatusCode::OK);
    let (_, body) = get(&t.app, "/v1/alliance").await;
    // The template commits 1,000,000 GOV (1e24 base units) from GOV DAO.
    let gov = &body["commitments"][0];
    assert_eq!(gov["member"], gov_dao.address.to_string());
    assert_eq!(gov["committed"], "1000000000000000000000000");
    assert_eq!(gov["delivered"], "400");
    assert_eq!(gov["outstanding"], "999999999999999999999600");
    assert_eq!(body["commitments"][1]["delivered"], "0");
    assert_eq!(body["treasury_balances"]["GOV"], "400");
}

/// Every `.route("…")` in the server's sources, with its methods.
fn served_routes() -> Vec<(String, Vec<String>)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut routes = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split(".route(\"").skip(1) {
            let (path, rest) = part.split_once('"').unwrap();
            let call = &rest[..rest.find(")\n").unwrap_or(rest.len()).min(200)];
            let methods = ["get", "post", "put", "delete", "patch"]
                .iter()
                .filter(|m| call.contains(&format!("{m}(")))
                .map(|m| (*m).to_owned())
                .collect();
            routes.push((path.to_owned(), methods));
        }
    }
    routes
}

#[tokio::test]
async fn the_openapi_document_lists_every_served_route_and_passes_the_validator() {
    let t = hub().await;
    let (_, doc) = get(&t.app, "/v1/openapi.json").await;
    let routes = served_routes();
    assert!(routes.len() >= 30, "found {} routes", routes.len());
    for (path, methods) in &routes {
        for method in methods {
            assert!(
                doc["paths"][path.as_str()].get(method.as_str()).is_some(),
                "{} {path} is served but missing from the OpenAPI document",
                method.to_uppercase()
            );
        }
    }
    let documented = doc["paths"].as_object().unwrap().len();
    assert_eq!(documented, routes.len(), "the document lists a path that is not served");

    // openapi-spec-validator (PyPI), installed by scripts/test.sh.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .arg(&file)
        .output()
        .expect("python3");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(
        !text.contains("No module named"),
        "run scripts/test.sh (it installs openapi-spec-validator): {text}"
    );
    assert!(out.status.success(), "openapi-spec-validator: {text}");
    assert!(text.contains("OK"), "{text}");
}
