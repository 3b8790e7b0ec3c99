//! End-to-end tests of the `concord` binary.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod apply;
mod browser;

const GOV_DAO: &str = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const PLAY_GUILD: &str = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const RELAYER: &str = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

fn concord(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord")).args(args).current_dir(dir).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn init_writes_a_valid_charter_for_every_model() {
    let dir = tempfile::tempdir().unwrap();
    for model in ["liquidity-pool", "governance-syndicate", "revenue-sharing", "mission"] {
        let file = format!("{model}.toml");
        let out = concord(dir.path(), &["init", model, "--out", &file]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let check = concord(dir.path(), &["check", &file]);
        assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
        assert!(stdout(&check).contains(": ok — alliance"), "{}", stdout(&check));
    }
    // No silent overwrite.
    let again = concord(dir.path(), &["init", "mission", "--out", "mission.toml"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bogus = concord(dir.path(), &["init", "cartel"]);
    assert_eq!(bogus.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bogus.stderr).contains("model: must be one of liquidity-pool"));
}

#[test]
fn check_lists_every_problem_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    concord(dir.path(), &["init", "liquidity-pool", "--out", "c.toml"]);
    let text = std::fs::read_to_string(dir.path().join("c.toml")).unwrap();
    let bad = text
        .replacen("decimals = 18", "decimals = 40", 1)
        .replacen("timezone = \"UTC+1\"", "timezone = \"Mars/Olympus\"", 1)
        .replacen("chain_id = 10 ", "chain_id = \"ten\" ", 1)
        + "\n[surprise]\nkey = 1\n";
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let out = concord(dir.path(), &["check", "bad.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for expected in [
        "bad.toml: surprise: unknown key (expected one of: hub, tokens, alliance, vaults)",
        "bad.toml: hub.chain_id: must be an integer, got string",
        "bad.toml: tokens[0].decimals: must be ≤ 36, got 40",
        "bad.toml: alliance.members[0].timezone: must look like `UTC`",
        "4 problems found",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
    }
}

fn write_commands(dir: &Path, lines: &[String]) {
    std::fs::write(dir.join("cmds.jsonl"), lines.join("\n")).unwrap();
}

fn deposit_line(amount: &str) -> String {
    format!(
        r#"{{"actor":"{RELAYER}","at":1700000000,"kind":"record-deposit","body":{{"chain_id":1,"tx_hash":"0x{}","log_index":0,"token":"GOV","to":"{GOV_DAO}","amount":"{amount}"}}}}"#,
        "01".repeat(32)
    )
}

fn transfer_line(amount: &str) -> String {
    format!(
        r#"{{"actor":"{GOV_DAO}","at":1700000060,"kind":"transfer","body":{{"token":"GOV","to":"{PLAY_GUILD}","amount":"{amount}"}}}}"#
    )
}

#[test]
fn apply_prints_events_and_a_reproducible_final_state() {
    let dir = tempfile::tempdir().unwrap();
    concord(dir.path(), &["init", "liquidity-pool", "--out", "c.toml"]);
    write_commands(dir.path(), &[deposit_line("1000"), String::new(), transfer_line("250")]);
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--out", "state.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "record-deposit");
    assert_eq!(lines[1]["line"], 3);
    assert_eq!(lines[1]["events"][0]["amount"], "250");
    assert_eq!(lines[2]["final"]["rejected"], 0);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("state.json")).unwrap()).unwrap();
    assert_eq!(
        state["ledger"]["balances"][GOV_DAO]["GOV"].as_array().unwrap().last().unwrap()["amount"],
        "750"
    );
    assert_eq!(state["clock"], 1_700_000_060);
    // The same commands give the same state hash.
    let again = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--out", "state2.json"]);
    let last = |o: &Output| stdout(o).lines().last().unwrap().to_owned();
    let hash = |line: String| {
        serde_json::from_str::<serde_json::Value>(&line).unwrap()["final"]["state_hash"].clone()
    };
    assert_eq!(hash(last(&out)), hash(last(&again)));
}

#[test]
fn apply_stops_at_a_rejected_command_naming_the_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    concord(dir.path(), &["init", "liquidity-pool", "--out", "c.toml"]);
    write_commands(dir.path(), &[deposit_line("1000"), transfer_line("5000"), transfer_line("1")]);
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "stops after the rejected line:\n{text}");
    let error: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(error["line"], 2);
    assert_eq!(error["error"]["code"], "insufficient_balance");
    assert_eq!(error["error"]["field"], "body.amount");
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: body.amount:"));
    // A malformed line names the field too.
    write_commands(dir.path(), &[deposit_line("12.5")]);
    let out = concord(dir.path(), &["apply", "cmds.jsonl", "--charter", "c.toml", "--keep-going"]);
    let first: serde_json::Value = serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(first["error"]["field"], "body.amount");
    assert_eq!(first["error"]["code"], "malformed_command");
}

#[test]
fn keys_prints_the_ten_dev_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&concord(dir.path(), &["keys"]));
    assert!(text.contains("PUBLIC DEVELOPMENT KEYS"));
    assert!(text.contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assert!(text.contains("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"));
}

#[test]
fn verify_names_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = concord(dir.path(), &["verify", "nothing.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("db: no such file `nothing.db`"));
}

/// The README's main job: the demo starts a seeded hub; a signed command
/// lands through `concord submit`; `concord verify` proves the log.
#[test]
fn demo_serves_a_seeded_hub_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["demo", "--listen", "127.0.0.1:0", "--db", "demo.db"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut base = None;
    let mut seen = String::new();
    for _ in 0..40 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("listen  ") {
            base = Some(url.to_owned());
            break;
        }
    }
    let base = base.unwrap_or_else(|| panic!("demo printed no listen line:\n{seen}"));
    assert!(seen.contains("(39 signed entries"), "{seen}");

    let submit = concord(
        dir.path(),
        &[
            "submit",
            "--hub",
            &base,
            "--dev",
            "2",
            "--kind",
            "transfer",
            "--body",
            &format!(r#"{{"token":"GOV","to":"{PLAY_GUILD}","amount":"1000"}}"#),
        ],
    );
    assert!(submit.status.success(), "{}{}", stdout(&submit), String::from_utf8_lossy(&submit.stderr));
    let accepted: serde_json::Value = serde_json::from_str(&stdout(&submit)).unwrap();
    assert_eq!(accepted["seq"], 40);
    let bad =
        concord(dir.path(), &["submit", "--hub", &base, "--dev", "2", "--kind", "transfer", "--body", "{}"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("body: missing field `token`"));

    // The seeded signal proposal is listed with its state.
    let listed = concord(dir.path(), &["proposals", "--hub", &base]);
    let text = stdout(&listed);
    assert!(listed.status.success(), "{text}");
    assert!(text.contains("gov-play-pool at"), "{text}");
    assert!(text.contains("Extend PLAY incentives for another quarter?"), "{text}");
    assert!(text.contains("pending"), "{text}");
    let one = concord(dir.path(), &["proposals", "--hub", &base, "--id", "1", "--power", GOV_DAO]);
    let view: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(view["scope"], "signal");
    assert_eq!(view["votes"]["total"], 0);
    // Council model: GOV DAO is a signer, so one vote.
    assert_eq!(view["power_of"]["power"], "1");

    // The seeded vault has its two stakers: 20,000 + 50,000 GOV.
    let vault = concord(dir.path(), &["incentives", "vault", "gov-farm", "--hub", &base]);
    let vault_text = stdout(&vault);
    assert!(vault.status.success(), "{vault_text}");
    assert!(vault_text.contains("70000000000000000000000"), "{vault_text}");

    // The grants circle's season: three competing missions, a team formed on the board.
    let missions =
        concord(dir.path(), &["mission", "list", "--hub", &base, "--collective", "gov-play-grants"]);
    let text = stdout(&missions);
    assert!(missions.status.success(), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains("proposed")).count(), 3, "{text}");
    let team = concord(
        dir.path(),
        &["mission", "team", "--hub", &base, "--collective", "gov-play-grants", "--mission", "1"],
    );
    assert!(!team.status.success(), "mission 1 has no grant before its vote: {}", stdout(&team));
    let found =
        concord(dir.path(), &["board", "search", "--hub", &base, "--skill", "RUST", "--tz-min", "60"]);
    let text = stdout(&found);
    assert!(found.status.success(), "{text}");
    assert_eq!(text.lines().count(), 3, "a header and two rust profiles east of UTC+1:\n{text}");
    // Overlap 13:00–15:00 UTC = 120 minutes meets a 2 h minimum and misses 3 h (exit 1).
    let ok = concord(dir.path(), &["board", "overlap", "--hub", &base, "--alliance", "pool-analytics"]);
    assert!(ok.status.success() && stdout(&ok).contains("\"minutes\": 120"), "{}", stdout(&ok));
    let short = concord(
        dir.path(),
        &["board", "overlap", "--hub", &base, "--alliance", "pool-analytics", "--min-hours", "3"],
    );
    assert_eq!(short.status.code(), Some(1), "{}", stdout(&short));

    child.kill().unwrap();
    child.wait().unwrap();
    let verified = concord(dir.path(), &["verify", "demo.db"]);
    let text = stdout(&verified);
    assert!(verified.status.success(), "{text}");
    assert!(text.contains("entries     40"), "{text}");
    assert!(
        text.contains(accepted["hash"].as_str().unwrap()),
        "verify prints the head the hub returned:\n{text}"
    );
    let _ = std::io::stdout().flush();
}

/// keccak256(keccak256(abi.encode(address, address, uint256))) written out.
fn reference_leaf(account: u8, token: u8, amount: u64) -> alloy_primitives::B256 {
    let mut encoded = vec![0u8; 96];
    encoded[12..32].copy_from_slice(&[account; 20]);
    encoded[44..64].copy_from_slice(&[token; 20]);
    encoded[88..96].copy_from_slice(&amount.to_be_bytes());
    alloy_primitives::keccak256(alloy_primitives::keccak256(&encoded))
}

#[test]
fn merkle_build_proof_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("0x{}", "aa".repeat(20));
    let b = format!("0x{}", "bb".repeat(20));
    let t = format!("0x{}", "11".repeat(20));
    std::fs::write(dir.path().join("in.csv"), format!("account,token,amount\n{a},{t},100\n{b},{t},7\n"))
        .unwrap();
    std::fs::write(
        dir.path().join("in.json"),
        format!(r#"[["{a}","{t}","100"],{{"account":"{b}","token":"{t}","amount":"7"}}]"#),
    )
    .unwrap();
    // Two leaves: root = keccak256(min ‖ max).
    let (la, lb) = (reference_leaf(0xaa, 0x11, 100), reference_leaf(0xbb, 0x11, 7));
    let (lo, hi) = if la < lb { (la, lb) } else { (lb, la) };
    let root = alloy_primitives::keccak256([lo.as_slice(), hi.as_slice()].concat()).to_string();
    for input in ["in.csv", "in.json"] {
        let out = concord(dir.path(), &["merkle", "build", input, "--out", "tree.json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(printed["root"], root.as_str(), "{input}");
    }
    let tree: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("tree.json")).unwrap()).unwrap();
    assert_eq!(tree["format"], "standard-v1");
    let out = concord(dir.path(), &["merkle", "proof", "tree.json", "--account", &a, "--token", &t]);
    let proof: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(proof["proof"], serde_json::json!([lb.to_string()]));
    let verify = |amount: &str| {
        concord(
            dir.path(),
            &[
                "merkle",
                "verify",
                "--root",
                &root,
                "--account",
                &a,
                "--token",
                &t,
                "--amount",
                amount,
                "--proof",
                &lb.to_string(),
            ],
        )
    };
    assert_eq!(verify("100").status.code(), Some(0));
    assert_eq!(verify("101").status.code(), Some(1));
    std::fs::write(dir.path().join("bad.csv"), format!("{a},{t},-5\n")).unwrap();
    let bad = concord(dir.path(), &["merkle", "build", "bad.csv"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("bad.csv:1: amount: must be a non-negative integer"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// `concord score` on the docs' three candidates: the ranking as CSV, the table, and a
/// broken file's problems with their paths (exit 2).
#[test]
fn score_ranks_three_candidates_and_reports_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/examples/candidates.toml");
    let csv = concord(dir.path(), &["score", example, "--format", "csv"]);
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    assert_eq!(
        stdout(&csv),
        "rank,id,name,total_bps,technical,governance,roadmap,security,legal,economic,vetoed_by\n\
         1,yield-dao,\"Yield DAO\",8366,8000,6000,8000,10000,8000,9333,\n\
         2,play-guild,\"PLAY Guild\",8000,8000,8000,8000,9000,6000,8000,\n\
         3,fast-swap,\"FastSwap\",6300,10000,4000,6000,2000,4000,10000,no-audit\n"
    );
    let table = concord(dir.path(), &["score", example]);
    let text = stdout(&table);
    assert!(text.contains("total %                   83.66            80.00            63.00"), "{text}");
    assert!(text.contains("veto: no-audit"), "{text}");
    assert!(
        text.contains("unlock-collision  warning  day 120 (200000 team cliff) and gov-dao's day 110 (150000 investor cliff): 10 days apart, within 14"),
        "{text}"
    );
    let json = concord(dir.path(), &["score", example, "--format", "json"]);
    let view: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(view["ranking"][0]["id"], "yield-dao");
    assert_eq!(view["compatibility"]["yield-dao"][0]["verdict"], "warning");
    let broken = std::fs::read_to_string(example).unwrap().replacen("score = 5,", "score = 9,", 1);
    std::fs::write(dir.path().join("bad.toml"), broken).unwrap();
    let bad = concord(dir.path(), &["score", "bad.toml"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("candidates[0].scores.technical.standards.score")
            && err.contains("must be 0 to 5, got 9"),
        "{err}"
    );
}
