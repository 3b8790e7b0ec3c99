//! `concord merkle`: build OpenZeppelin `StandardMerkleTree`s over
//! `(address account, address token, uint256 amount)` from a JSON or CSV file,
//! print proofs, and verify a proof against a root. The tree file is the
//! library's own `standard-v1` dump, so `StandardMerkleTree.load` reads it.

use std::path::Path;
use std::process::ExitCode;

use alloy_primitives::{Address, B256, U256};
use anyhow::{Context, bail};
use concord_core::merkle::{Leaf, StandardTree, leaf_hash, verify};
use serde_json::{Value, json};

use super::read_text;

const ENCODING: [&str; 3] = ["address", "address", "uint256"];

fn address(text: &str, at: &str) -> anyhow::Result<Address> {
    let text = text.trim();
    text.parse().with_context(|| format!("{at}: must be a 0x-prefixed 20-byte address, got `{text}`"))
}

fn amount(text: &str, at: &str) -> anyhow::Result<U256> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        bail!("{at}: must be a non-negative integer in base units (decimal digits), got `{text}`");
    }
    U256::from_str_radix(text, 10).with_context(|| format!("{at}: exceeds uint256, got `{text}`"))
}

fn json_text<'a>(value: &'a Value, at: &str) -> anyhow::Result<std::borrow::Cow<'a, str>> {
    match value {
        Value::String(s) => Ok(s.as_str().into()),
        Value::Number(n) if n.is_u64() => Ok(n.to_string().into()),
        other => bail!("{at}: must be a string, got {other}"),
    }
}

/// Reads values from JSON (`[[account, token, amount], …]`, objects with those
/// keys, or a `standard-v1` dump's `values`) or CSV (`account,token,amount`,
/// optional header).
pub(crate) fn read_values(path: &Path) -> anyhow::Result<Vec<Leaf>> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('[');
    let mut values = Vec::new();
    if is_json {
        let doc: Value = serde_json::from_str(&text).with_context(|| format!("{name}: not valid JSON"))?;
        let items = match &doc {
            Value::Array(items) => items.clone(),
            Value::Object(o) if o.contains_key("values") => o["values"]
                .as_array()
                .context("values: must be an array")?
                .iter()
                .map(|v| v["value"].clone())
                .collect(),
            _ => bail!("{name}: must be an array of [account, token, amount] or a standard-v1 tree"),
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("{name}: [{i}]");
            let fields = match item {
                Value::Array(a) if a.len() == 3 => [&a[0], &a[1], &a[2]],
                Value::Object(o) => {
                    let get = |k: &str| o.get(k).with_context(|| format!("{at}.{k}: missing"));
                    [get("account")?, get("token")?, get("amount")?]
                }
                _ => bail!("{at}: must be [account, token, amount] or {{account, token, amount}}"),
            };
            values.push(Leaf {
                account: address(&json_text(fields[0], &format!("{at}.account"))?, &format!("{at}.account"))?,
                token: address(&json_text(fields[1], &format!("{at}.token"))?, &format!("{at}.token"))?,
                amount: amount(&json_text(fields[2], &format!("{at}.amount"))?, &format!("{at}.amount"))?,
            });
        }
    } else {
        for (n, line) in text.lines().enumerate() {
            let at = format!("{name}:{}", n + 1);
            let line = line.trim();
            if line.is_empty() || (n == 0 && line.to_ascii_lowercase().starts_with("account")) {
                continue;
            }
            let fields: Vec<&str> = line.split(',').collect();
            if fields.len() != 3 {
                bail!("{at}: must be `account,token,amount`, got {} fields", fields.len());
            }
            values.push(Leaf {
                account: address(fields[0], &format!("{at}: account"))?,
                token: address(fields[1], &format!("{at}: token"))?,
                amount: amount(fields[2], &format!("{at}: amount"))?,
            });
        }
    }
    if values.is_empty() {
        bail!("{name}: no values; a tree needs at least one leaf");
    }
    Ok(values)
}

fn value_json(leaf: &Leaf) -> Value {
    json!([leaf.account.to_checksum(None), leaf.token.to_checksum(None), leaf.amount.to_string()])
}

/// The library's `standard-v1` dump.
pub(crate) fn dump(tree: &StandardTree) -> Value {
    json!({
        "format": "standard-v1",
        "leafEncoding": ENCODING,
        "tree": tree.tree,
        "values": tree.values.iter().map(|(v, i)| json!({ "value": value_json(v), "treeIndex": i })).collect::<Vec<_>>(),
    })
}

/// `concord merkle build INPUT [--out FILE]`.
pub(crate) fn build(input: &Path, out: Option<&Path>) -> anyhow::Result<ExitCode> {
    let values = read_values(input)?;
    let tree = StandardTree::build(&values).context("no values")?;
    let doc = dump(&tree);
    match out {
        Some(path) => {
            std::fs::write(path, serde_json::to_string(&doc)?)
                .with_context(|| format!("writing {}", path.display()))?;
            println!(
                "{}",
                json!({ "root": tree.root(), "leaves": values.len(), "out": path.display().to_string() })
            );
        }
        None => println!("{doc}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `concord merkle proof TREE --account A --token T`: the proof of a value in a
/// tree file (or an input file).
pub(crate) fn proof(tree_file: &Path, account: &str, token: &str) -> anyhow::Result<ExitCode> {
    let account = address(account, "--account")?;
    let token = address(token, "--token")?;
    let values = read_values(tree_file)?;
    let tree = StandardTree::build(&values).context("no values")?;
    let index = values
        .iter()
        .position(|v| v.account == account && v.token == token)
        .with_context(|| format!("--account: no leaf for {account} and token {token}"))?;
    let leaf = values[index];
    println!(
        "{}",
        json!({ "root": tree.root(), "value": value_json(&leaf), "leaf": leaf_hash(&leaf), "proof": tree.proof(index) })
    );
    Ok(ExitCode::SUCCESS)
}

/// `concord merkle verify --root R --account A --token T --amount N --proof P,…`:
/// exit 0 if the proof leads to the root, 1 if not.
pub(crate) fn verify_proof(
    root: &str,
    account: &str,
    token: &str,
    amount_text: &str,
    proof: &str,
) -> anyhow::Result<ExitCode> {
    let root: B256 = root
        .trim()
        .parse()
        .with_context(|| format!("--root: must be a 0x-prefixed 32-byte hash, got `{root}`"))?;
    let leaf = Leaf {
        account: address(account, "--account")?,
        token: address(token, "--token")?,
        amount: amount(amount_text, "--amount")?,
    };
    let proof: Vec<B256> = proof
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(|(i, p)| {
            p.parse().with_context(|| format!("--proof[{i}]: must be a 0x-prefixed 32-byte hash, got `{p}`"))
        })
        .collect::<anyhow::Result<_>>()?;
    let valid = verify(root, &leaf, &proof);
    println!("{}", json!({ "valid": valid, "leaf": leaf_hash(&leaf), "root": root }));
    Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
