//! Interoperability: envelopes signed by viem (npm), a real wallet library,
//! are accepted by the hub, and viem's EIP-712 digest equals ours.

use std::io::Write;
use std::process::{Command, Stdio};

use axum::http::StatusCode;
use concord_core::envelope::{SignedEnvelope, signing_hash};
use concord_core::keys::{DEV_SECRETS, Key};
use serde_json::{Value, json};

use crate::support::{balance, hub, post};

fn interop_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../interop")
}

/// Runs `node interop/sign.mjs` on a request.
fn viem_sign(request: &Value) -> Value {
    let dir = interop_dir();
    assert!(
        dir.join("node_modules/viem").exists(),
        "viem is not installed: run `npm ci --prefix interop` (scripts/test.sh does)"
    );
    let mut child = Command::new("node")
        .arg("sign.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is on PATH");
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "viem signing failed");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn the_hub_accepts_commands_signed_by_viem() {
    let t = hub().await;
    let domain = t.hub.domain().clone();
    let (relayer, gov, play) = (Key::dev(1), Key::dev(2), Key::dev(3));
    let deposit = json!({
        "chain_id": 1, "tx_hash": format!("0x{}", "ab".repeat(32)), "log_index": 0,
        "token": "GOV", "to": gov.address, "amount": "1000000000000000000000"
    })
    .to_string();
    let transfer = json!({"token": "GOV", "to": play.address, "amount": "250000000000000000000"}).to_string();

    let relayer_signed = viem_sign(&json!({
        "privateKey": format!("0x{}", DEV_SECRETS[1]),
        "domain": domain,
        "commands": [{"nonce": 0, "kind": "record-deposit", "body": deposit}],
    }));
    let gov_signed = viem_sign(&json!({
        "privateKey": format!("0x{}", DEV_SECRETS[2]),
        "domain": domain,
        "commands": [{"nonce": 0, "kind": "transfer", "body": transfer}],
    }));
    assert_eq!(relayer_signed["address"], relayer.address.to_string());

    for signed in [&relayer_signed, &gov_signed] {
        let mut envelope = signed["envelopes"][0].clone();
        let viem_digest = envelope.as_object_mut().unwrap().remove("digest").unwrap();
        let parsed: SignedEnvelope = serde_json::from_value(envelope.clone()).unwrap();
        let ours = signing_hash(&domain, parsed.account, parsed.nonce, &parsed.kind, &parsed.body);
        assert_eq!(viem_digest, format!("0x{}", alloy_hex(&ours)), "EIP-712 digests differ");
        let (status, answer) = post(&t.app, &envelope).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["actor"], parsed.account.to_string());
    }
    assert_eq!(balance(&t.app, gov.address, "GOV").await, "750000000000000000000");
    assert_eq!(balance(&t.app, play.address, "GOV").await, "250000000000000000000");

    // viem signing for the wrong chain is refused with the field named.
    let wrong = viem_sign(&json!({
        "privateKey": format!("0x{}", DEV_SECRETS[2]),
        "domain": {"name": "Concord", "version": "1", "chainId": 1, "verifyingContract": domain.verifying_contract},
        "commands": [{"nonce": 1, "kind": "transfer", "body": transfer}],
    }));
    let mut envelope = wrong["envelopes"][0].clone();
    envelope.as_object_mut().unwrap().remove("digest");
    let (status, answer) = post(&t.app, &envelope).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(answer["error"]["field"], "domain.chainId");
}

fn alloy_hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
