//! OpenZeppelin `StandardMerkleTree` over `(address, address, uint256)`, with
//! the same layout, root and proofs as `@openzeppelin/merkle-tree`:
//!
//! * `leaf = keccak256(keccak256(abi.encode(account, token, amount)))`;
//! * leaves sorted by hash (byte order), placed at the end of one array in
//!   reverse (`tree[n_nodes − 1 − i] = sorted_leaf[i]`);
//! * `tree[i] = keccak256(sort(tree[2i+1], tree[2i+2]))` from the last internal
//!   node down to the root `tree[0]` (sorted-pair hashing, as `MerkleProof.sol`);
//! * a proof is the siblings from a leaf up to the root.

use alloy_primitives::{Address as EvmAddress, B256, U256, keccak256};
use alloy_sol_types::SolValue;

/// One leaf's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// Who can claim.
    pub account: EvmAddress,
    /// The token contract.
    pub token: EvmAddress,
    /// The cumulative claimable amount.
    pub amount: U256,
}

/// `keccak256(keccak256(abi.encode(account, token, amount)))`.
pub fn leaf_hash(leaf: &Leaf) -> B256 {
    let encoded = (leaf.account, leaf.token, leaf.amount).abi_encode();
    keccak256(keccak256(encoded))
}

/// `keccak256(min(a, b) ‖ max(a, b))` (OpenZeppelin's `standardNodeHash`).
pub fn node_hash(a: &B256, b: &B256) -> B256 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let mut bytes = [0u8; 64];
    bytes[..32].copy_from_slice(lo.as_slice());
    bytes[32..].copy_from_slice(hi.as_slice());
    keccak256(bytes)
}

/// The root a proof leads to from a leaf hash (`processProof`).
pub fn process_proof(leaf: B256, proof: &[B256]) -> B256 {
    proof.iter().fold(leaf, |node, sibling| node_hash(&node, sibling))
}

/// Whether `proof` proves `leaf` under `root` (`StandardMerkleTree.verify`).
pub fn verify(root: B256, leaf: &Leaf, proof: &[B256]) -> bool {
    process_proof(leaf_hash(leaf), proof) == root
}

/// A built tree: the node array and where each input value sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandardTree {
    /// Nodes, root first (`2n − 1` of them).
    pub tree: Vec<B256>,
    /// The input values in input order with their index in `tree`.
    pub values: Vec<(Leaf, usize)>,
}

impl StandardTree {
    /// Builds the tree; `None` for no values (the library refuses them too).
    pub fn build(values: &[Leaf]) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        let mut hashed: Vec<(B256, usize)> =
            values.iter().enumerate().map(|(i, v)| (leaf_hash(v), i)).collect();
        // Stable sort by hash, as the library's `Array.prototype.sort`.
        hashed.sort_by_key(|h| h.0);
        let n = hashed.len();
        let len = 2 * n - 1;
        let mut tree = vec![B256::ZERO; len];
        let mut index = vec![0usize; n];
        for (i, (hash, value_index)) in hashed.iter().enumerate() {
            tree[len - 1 - i] = *hash;
            index[*value_index] = len - 1 - i;
        }
        for i in (0..len - n).rev() {
            tree[i] = node_hash(&tree[2 * i + 1], &tree[2 * i + 2]);
        }
        Some(Self { tree, values: values.iter().copied().zip(index).collect() })
    }

    /// The root.
    pub fn root(&self) -> B256 {
        self.tree[0]
    }

    /// The proof for the value at `value_index` (input order), or `None` if out of range.
    pub fn proof(&self, value_index: usize) -> Option<Vec<B256>> {
        let mut i = self.values.get(value_index)?.1;
        let mut proof = Vec::new();
        while i > 0 {
            // Sibling: i − (−1)^(i mod 2): left children are odd, right ones even.
            let sibling = if i % 2 == 1 { i + 1 } else { i - 1 };
            proof.push(self.tree[sibling]);
            i = (i - 1) / 2;
        }
        Some(proof)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_leaf_is_its_own_root_with_an_empty_proof() {
        let leaf = Leaf {
            account: EvmAddress::repeat_byte(1),
            token: EvmAddress::repeat_byte(2),
            amount: U256::from(5),
        };
        let t = StandardTree::build(&[leaf]).unwrap();
        assert_eq!(t.root(), leaf_hash(&leaf));
        assert_eq!(t.proof(0).unwrap(), Vec::<B256>::new());
        assert!(verify(t.root(), &leaf, &[]));
        assert!(StandardTree::build(&[]).is_none());
    }
}
