//! `concord apply` with query lines: a script reads a quadratic result, a ve
//! balance at a time and an earned amount between commands, on a state that
//! holds 2^100-sized values. Expected values are worked out by hand from the
//! reference formulas (Snapshot quadratic, Curve ve, Synthetix earned).

use std::path::Path;

use serde_json::{Value, json};

use super::{concord, stdout};

const ADMIN: &str = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const RELAYER: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const A: &str = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const B: &str = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const C: &str = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const D: &str = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const T0: u64 = 1_700_000_000;
const E18: u128 = 1_000_000_000_000_000_000;
const TWO_100: u128 = 1 << 100;
/// A week boundary (2863 · 604 800).
const UNLOCK: u64 = 1_731_542_400;

/// The governance-syndicate charter (token-weighted) with an alliance token for the escrow.
fn charter(dir: &Path) {
    let out = concord(dir, &["init", "governance-syndicate", "--out", "base.toml"]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.join("base.toml")).unwrap();
    let ally = format!(
        "[[tokens]]\nid = \"ALLY\"\nsymbol = \"ALLY\"\ndecimals = 18\nchain_id = 10\nrole = \"alliance\"\nminter = \"{ADMIN}\"\n\n[alliance]"
    );
    std::fs::write(dir.join("c.toml"), text.replacen("[alliance]", &ally, 1)).unwrap();
}

fn cmd(actor: &str, at: u64, kind: &str, body: Value) -> Value {
    let mut line = json!({ "actor": actor, "at": at, "kind": kind });
    line["body"] = body;
    line
}

fn deposit(to: &str, token: &str, amount: u128, n: u8, at: u64) -> Value {
    let body = json!({ "chain_id": if token == "GOV" { 1 } else { 10 }, "tx_hash": format!("0x{}", format!("{:02x}", n + 1).repeat(32)),
        "log_index": n, "token": token, "to": to, "amount": amount.to_string() });
    cmd(RELAYER, at, "record-deposit", body)
}

fn query(kind: &str, args: Value) -> Value {
    let mut line = json!({ "query": kind });
    line["args"] = args;
    line
}

fn script() -> Vec<Value> {
    let end = T0 + 100 + 3 * 86_400;
    let vote = |who: &str, at: u64, ballot: &str| {
        cmd(
            who,
            at,
            "cast-vote",
            json!({"alliance": "delegate-syndicate", "proposal": 1, "choice": ballot, "reason": ""}),
        )
    };
    vec![
        deposit(A, "GOV", 100 * E18, 0, T0),
        deposit(B, "GOV", 25 * E18, 1, T0),
        deposit(C, "GOV", 25 * E18, 2, T0),
        cmd(
            A,
            T0 + 10,
            "create-proposal",
            json!({"alliance": "delegate-syndicate", "scope": "signal", "voting": "quadratic",
            "title": "Quadratic signal", "body": "Which first?", "choices": ["Docs", "Audit"], "actions": [],
            "start": T0 + 100, "end": end, "proposing_alliance": null}),
        ),
        vote(A, T0 + 200, r#"{"1": 1}"#),
        vote(B, T0 + 210, r#"{"2": 1}"#),
        vote(C, T0 + 220, r#"{"2": 1}"#),
        query("proposal", json!({"alliance": "delegate-syndicate", "proposal": 1, "at": end + 1})),
        cmd(ADMIN, T0 + 250, "mint", json!({"token": "ALLY", "to": D, "amount": TWO_100.to_string()})),
        cmd(ADMIN, T0 + 300, "create-escrow", json!({"token": "ALLY", "max_lock_secs": 126_144_000})),
        cmd(D, T0 + 400, "create-lock", json!({"amount": TWO_100.to_string(), "unlock_time": UNLOCK})),
        query("ve-balance", json!({"account": D, "at": T0 + 86_400})),
        deposit(ADMIN, "VOTE", 604_800 * 1000, 3, T0 + 450),
        cmd(
            ADMIN,
            T0 + 500,
            "create-vault",
            json!({"alliance": "delegate-syndicate", "id": "farm", "stake_token": "GOV",
            "reward_tokens": ["VOTE"], "reward_duration_secs": 604_800, "idle_rewards": "return-to-treasury",
            "loyalty": null, "unbonding_secs": 0, "exit_penalty": null}),
        ),
        cmd(B, T0 + 600, "stake", json!({"vault": "farm", "amount": (25 * E18).to_string(), "lock_secs": 0})),
        cmd(
            ADMIN,
            T0 + 700,
            "fund-vault",
            json!({"vault": "farm", "token": "VOTE", "amount": (604_800u64 * 1000).to_string()}),
        ),
        query("earned", json!({"vault": "farm", "account": B, "at": T0 + 700 + 3600})),
    ]
}

fn write(dir: &Path, lines: &[Value]) {
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(dir.join("cmds.jsonl"), text.join("\n")).unwrap();
}

fn lines_of(out: &std::process::Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn query_lines_read_a_quadratic_result_a_ve_balance_and_earned_between_commands() {
    let dir = tempfile::tempdir().unwrap();
    charter(dir.path());
    write(dir.path(), &script());
    // No --out: the final line carries the whole state, with 2^100-sized values in it.
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = lines_of(&out);
    assert_eq!(lines.len(), 18);

    // Quadratic (Snapshot): √(100e18) = 1e10 on Docs; √(25e18) + √(25e18) = 1e10 on Audit;
    // Q = [1e20, 1e20], scaled to the 150e18 that voted: 75e18 each.
    let proposal = &lines[7];
    assert_eq!((proposal["line"].clone(), proposal["query"].clone()), (json!(8), json!("proposal")));
    assert_eq!(
        proposal["result"]["tally"]["scores"],
        json!(["75000000000000000000", "75000000000000000000"])
    );
    assert_eq!(proposal["result"]["tally"]["participation"], "150000000000000000000");

    // Curve: slope = ⌊2^100 / 126 144 000⌋ = 10 049 234 210 332 868 796 745;
    // power at T0 + 1 day = slope · (UNLOCK − T0 − 86 400) = slope · 31 456 000.
    let ve = &lines[11]["result"];
    assert_eq!(ve["power"], "316108711320230720870410720000");
    assert_eq!(ve["lock"]["amount"], TWO_100.to_string());

    // Synthetix: rate = 604 800 000 / 604 800 = 1000 VOTE units/s; B alone stakes, so after
    // 3600 s B has earned 3 600 000.
    let earned = &lines[16];
    assert_eq!(earned["query"], "earned");
    assert_eq!(earned["result"]["earned"]["VOTE"], "3600000");
    assert_eq!(earned["result"]["staked"], (25 * E18).to_string());

    // The state in the final line is exact: the escrow's point bias is a decimal string.
    let state = &lines[17]["final"]["state"];
    assert_eq!(state["escrow"]["locks"][D]["amount"], TWO_100.to_string());
    assert_eq!(state["escrow"]["user_points"][D][0]["slope"], "10049234210332868796745");
    assert_eq!(lines[17]["final"]["rejected"], 0);
}

#[test]
fn a_bad_query_names_its_field_and_keep_going_reports_it_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    charter(dir.path());
    let mut lines = script()[..3].to_vec();
    lines.push(query("earned", json!({"vault": "nowhere", "account": B})));
    lines.push(query("treasure", json!({})));
    lines.push(query("balances", json!({"account": B, "when": 5})));
    lines.push(query("vault", json!({"vault": "farm", "at": T0 - 1})));
    lines.push(query("balances", json!({"account": B})));
    write(dir.path(), &lines);

    let stop = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml"]);
    assert_eq!(stop.status.code(), Some(1));
    let out = lines_of(&stop);
    assert_eq!(out.len(), 4, "stops at the first rejected query");
    assert_eq!(
        out[3]["error"],
        json!({"code": "unknown_vault", "field": "args.vault", "message": "args.vault: vault `nowhere` does not exist"})
    );
    assert!(String::from_utf8_lossy(&stop.stderr).contains("line 4: args.vault"));

    let go = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--keep-going"]);
    assert_eq!(go.status.code(), Some(0), "every rejection is reported as output");
    let out = lines_of(&go);
    assert_eq!(out[4]["error"]["field"], "query");
    assert!(out[4]["error"]["message"].as_str().unwrap().contains("must be one of balances, tokens"));
    assert_eq!(out[5]["error"]["field"], "args");
    assert!(out[5]["error"]["message"].as_str().unwrap().contains("unknown field `when`"));
    assert_eq!(out[6]["error"]["code"], "at_in_the_past");
    assert_eq!(out[7]["result"]["balances"]["GOV"], (25 * E18).to_string());
    assert_eq!(out[7]["result"]["nonce"], 0);
    assert_eq!(out[8]["final"]["rejected"], 4);
}

#[test]
fn a_query_at_a_time_before_the_clock_is_refused_for_projections() {
    let dir = tempfile::tempdir().unwrap();
    charter(dir.path());
    let mut lines = script();
    lines.push(query("earned", json!({"vault": "farm", "account": B, "at": T0})));
    write(dir.path(), &lines);
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--keep-going"]);
    let last = &lines_of(&out)[17];
    assert_eq!(last["error"]["code"], "at_in_the_past");
    assert_eq!(last["error"]["field"], "args.at");
}

#[test]
fn apply_reaches_the_hub_s_state_hash_for_the_recorded_mixed_log_without_nonces() {
    // The hub signed and logged these 178 commands (every kind); apply gets them
    // unsigned and without nonces, and must take each actor's next nonce as the hub did.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/mixed_log.json");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.toml"), log["charter"].as_str().unwrap()).unwrap();
    let lines: Vec<Value> = log["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let envelope = &e["envelope"];
            let body: Value = serde_json::from_str(envelope["body"].as_str().unwrap()).unwrap();
            cmd(
                e["actor"].as_str().unwrap(),
                e["at"].as_u64().unwrap(),
                envelope["kind"].as_str().unwrap(),
                body,
            )
        })
        .collect();
    assert_eq!(lines.len(), 178);
    write(dir.path(), &lines);
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--out", "state.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let last = lines_of(&out).pop().unwrap();
    assert_eq!(last["final"]["state_hash"], log["state_hash"]);
    assert_eq!(last["final"]["rejected"], 0);
}
