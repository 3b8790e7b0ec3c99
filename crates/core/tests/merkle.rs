//! Merkle reward roots: the leaf encoding and tree layout written out by hand,
//! the same root and proofs as `@openzeppelin/merkle-tree` (npm, run with
//! node), and publishing and claiming through the engine.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use alloy_primitives::{Address as EvmAddress, B256, U256, keccak256};
use concord_core::command::{CommandBody, Event};
use concord_core::ledger::Transferred;
use concord_core::merkle::{
    ClaimMerkleReward, Entry, Leaf, MerkleRewardClaimed, MerkleRootPublished, PublishMerkleRoot,
    StandardTree, distributor_account, leaf_hash, proof_for, verify,
};
use concord_core::testing::{Scenario, cmd, sample_charter};
use concord_core::types::{Address, Amount};
use serde_json::{Value, json};

use crate::common::{GOV_CHAIN, admin, deposit, dev, relayer, tok, transfer};

/// abi.encode(address, address, uint256) written out: each address left-padded
/// with 12 zero bytes, the amount as 32 big-endian bytes.
fn reference_leaf(account: [u8; 20], token: [u8; 20], amount: u128) -> B256 {
    let mut encoded = Vec::with_capacity(96);
    encoded.extend_from_slice(&[0u8; 12]);
    encoded.extend_from_slice(&account);
    encoded.extend_from_slice(&[0u8; 12]);
    encoded.extend_from_slice(&token);
    encoded.extend_from_slice(&[0u8; 16]);
    encoded.extend_from_slice(&amount.to_be_bytes());
    keccak256(keccak256(&encoded))
}

fn reference_node(a: B256, b: B256) -> B256 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    keccak256([lo.as_slice(), hi.as_slice()].concat())
}

fn leaf(account: u8, token: u8, amount: u128) -> Leaf {
    Leaf {
        account: EvmAddress::repeat_byte(account),
        token: EvmAddress::repeat_byte(token),
        amount: U256::from(amount),
    }
}

#[test]
fn leaves_and_the_tree_layout_by_hand() {
    let values = [leaf(0xa1, 0x11, 100), leaf(0xb2, 0x11, 250), leaf(0xc3, 0x22, 7)];
    let hashes: Vec<B256> = [(0xa1, 0x11, 100), (0xb2, 0x11, 250), (0xc3, 0x22, 7)]
        .iter()
        .map(|&(a, t, m)| reference_leaf([a; 20], [t; 20], m))
        .collect();
    for (v, h) in values.iter().zip(&hashes) {
        assert_eq!(leaf_hash(v), *h);
    }
    // Three leaves sorted ascending, placed from the end backwards:
    // tree[4] = s0, tree[3] = s1, tree[2] = s2; tree[1] = H(tree[3], tree[4]); tree[0] = H(tree[1], tree[2]).
    let mut sorted = hashes.clone();
    sorted.sort();
    let n1 = reference_node(sorted[1], sorted[0]);
    let root = reference_node(n1, sorted[2]);
    let tree = StandardTree::build(&values).unwrap();
    assert_eq!(tree.tree, vec![root, n1, sorted[2], sorted[1], sorted[0]]);
    // Proofs: the leaf at index 2 (s2) needs only tree[1]; s0 needs s1 then s2.
    for (i, h) in hashes.iter().enumerate() {
        let expected = if *h == sorted[2] {
            vec![n1]
        } else if *h == sorted[1] {
            vec![sorted[0], sorted[2]]
        } else {
            vec![sorted[1], sorted[2]]
        };
        assert_eq!(tree.proof(i).unwrap(), expected, "value {i}");
        assert!(verify(root, &values[i], &expected));
    }
    assert!(!verify(root, &leaf(0xa1, 0x11, 101), &tree.proof(0).unwrap()), "another amount does not verify");
}

fn interop_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../interop")
}

/// Runs `node interop/merkle.mjs` (the npm library) on values.
fn openzeppelin(values: &[Leaf]) -> Value {
    let dir = interop_dir();
    assert!(
        dir.join("node_modules/@openzeppelin/merkle-tree").exists(),
        "@openzeppelin/merkle-tree is not installed: run `npm ci --prefix interop` (scripts/test.sh does)"
    );
    let values: Vec<Value> = values
        .iter()
        .map(|l| json!([l.account.to_checksum(None), l.token.to_checksum(None), l.amount.to_string()]))
        .collect();
    let mut child = Process::new("node")
        .arg("merkle.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is on PATH");
    child.stdin.take().unwrap().write_all(json!({ "values": values }).to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "merkle.mjs failed");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn hex(h: &B256) -> String {
    h.to_string()
}

#[test]
fn root_tree_and_proofs_equal_the_openzeppelin_library() {
    // Sizes that exercise a single leaf, powers of two and ragged trees;
    // amounts up to 2^128 − 1 and beyond u128 (uint256), repeated tokens.
    for n in [1usize, 2, 3, 4, 5, 8, 13, 64, 100] {
        let values: Vec<Leaf> = (0..n)
            .map(|i| Leaf {
                account: EvmAddress::from_word(keccak256(i.to_be_bytes())),
                token: EvmAddress::repeat_byte([0x11, 0x22, 0x33][i % 3]),
                amount: match i % 4 {
                    0 => U256::from(i as u128 * 1_000_000_007 + 1),
                    1 => U256::from(u128::MAX),
                    2 => U256::MAX - U256::from(i),
                    _ => U256::from(1u8),
                },
            })
            .collect();
        let ours = StandardTree::build(&values).unwrap();
        let theirs = openzeppelin(&values);
        assert_eq!(theirs["root"], hex(&ours.root()), "root, n = {n}");
        let tree: Vec<String> = ours.tree.iter().map(hex).collect();
        assert_eq!(theirs["tree"], json!(tree), "tree layout, n = {n}");
        for i in 0..n {
            let proof: Vec<String> = ours.proof(i).unwrap().iter().map(hex).collect();
            assert_eq!(theirs["proofs"][i], json!(proof), "proof {i}, n = {n}");
        }
    }
}

// ------------------------------------------------------------------ engine

fn gov_contract() -> [u8; 20] {
    [0x11; 20]
}

pub(crate) fn entries(epoch_scale: u128) -> Vec<Entry> {
    (0..5)
        .map(|i| Entry {
            account: dev(3 + i),
            token: tok(if i % 2 == 0 { "GOV" } else { "PLAY" }),
            amount: Amount(epoch_scale * (i as u128 + 1)),
        })
        .collect()
}

pub(crate) fn publish(epoch: u64, entries: Vec<Entry>) -> CommandBody {
    CommandBody::PublishMerkleRoot(PublishMerkleRoot { epoch, entries })
}

pub(crate) fn claim_body(epoch: u64, token: &str, amount: u128, proof: Vec<B256>) -> CommandBody {
    CommandBody::ClaimMerkleReward(ClaimMerkleReward {
        epoch,
        token: tok(token),
        amount: Amount(amount),
        proof,
    })
}

/// Epoch 1 published (GOV amounts 100, 300, 500 to dev 3, 5, 7) and the
/// distributor funded with 10,000 GOV.
pub(crate) fn published() -> Scenario {
    Scenario::new(&sample_charter()).given([
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 0, "GOV", dev(2), 10_000)),
        cmd(dev(2), 1, transfer("GOV", distributor_account(), 10_000)),
        cmd(admin(), 2, publish(1, entries(100))),
    ])
}

#[test]
fn publish_then_claim_cumulative_amounts() {
    // Entry 2: dev 5 may claim 300 GOV (3 · scale) in epoch 1.
    let claimant: Address = dev(5);
    let s = Scenario::new(&sample_charter()).given([
        cmd(relayer(), 1, deposit(GOV_CHAIN, 1, 0, "GOV", dev(2), 10_000)),
        cmd(dev(2), 1, transfer("GOV", distributor_account(), 10_000)),
    ]);
    // The root is the hand-written tree's root over the same leaves.
    let leaves: Vec<Leaf> = entries(100)
        .iter()
        .map(|e| Leaf {
            account: e.account.0,
            token: EvmAddress::from(if e.token == tok("GOV") { gov_contract() } else { [0x22; 20] }),
            amount: U256::from(e.amount.0),
        })
        .collect();
    let root = StandardTree::build(&leaves).unwrap().root();
    let engine = s
        .when(&cmd(admin(), 2, publish(1, entries(100))))
        .then_events(&[Event::MerkleRootPublished(MerkleRootPublished { epoch: 1, root, leaves: 5 })]);
    let (served_root, entry, leaf, proof) =
        proof_for(&engine.state().merkle, &engine.state().ledger, 1, claimant, tok("GOV")).unwrap();
    assert_eq!(served_root, root);
    assert_eq!(entry.amount, Amount(300));
    assert_eq!(leaf, reference_leaf(*claimant.as_bytes(), gov_contract(), 300));
    let engine = Scenario::from_engine(engine)
        .when(&cmd(claimant, 3, claim_body(1, "GOV", 300, proof)))
        .then_events(&[
            Event::Transferred(Transferred {
                token: tok("GOV"),
                from: distributor_account(),
                to: claimant,
                amount: Amount(300),
            }),
            Event::MerkleRewardClaimed(MerkleRewardClaimed {
                account: claimant,
                epoch: 1,
                token: tok("GOV"),
                cumulative: Amount(300),
                paid: Amount(300),
            }),
        ]);
    // Epoch 2 raises every cumulative amount tenfold: the claim pays 3000 − 300.
    let engine = Scenario::from_engine(engine).given([cmd(admin(), 4, publish(2, entries(1000)))]);
    let (_, _, _, proof) =
        proof_for(&engine.engine().state().merkle, &engine.engine().state().ledger, 2, claimant, tok("GOV"))
            .unwrap();
    let engine = engine.when(&cmd(claimant, 5, claim_body(2, "GOV", 3000, proof))).then_events(&[
        Event::Transferred(Transferred {
            token: tok("GOV"),
            from: distributor_account(),
            to: claimant,
            amount: Amount(2700),
        }),
        Event::MerkleRewardClaimed(MerkleRewardClaimed {
            account: claimant,
            epoch: 2,
            token: tok("GOV"),
            cumulative: Amount(3000),
            paid: Amount(2700),
        }),
    ]);
    assert_eq!(engine.state().ledger.balance(claimant, tok("GOV")), Amount(3000));
    assert_eq!(engine.state().ledger.balance(distributor_account(), tok("GOV")), Amount(7000));
}
