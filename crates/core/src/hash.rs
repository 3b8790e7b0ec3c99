//! Hashing and the canonical encoding.
//!
//! The canonical encoding is BCS (Binary Canonical Serialization): every value
//! has exactly one encoding, maps are written in key order, and integers have
//! fixed widths. The state hash and log entry hashes are keccak256 over it.

use serde::Serialize;

use crate::types::B256;

/// keccak256 over the concatenation of `parts`.
pub fn keccak(parts: &[&[u8]]) -> B256 {
    let mut hasher = alloy_primitives::Keccak256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()
}

/// The canonical bytes of a value.
///
/// # Panics
/// Only if a type in the engine cannot be BCS-encoded (a map key or
/// `deserialize_any` type), which is a programming error caught by the tests
/// that hash every state shape.
pub fn canonical_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    bcs::to_bytes(value).expect("engine types are BCS-encodable")
}

/// keccak256 of the canonical bytes of a value.
pub fn canonical_hash<T: Serialize>(value: &T) -> B256 {
    keccak(&[&canonical_bytes(value)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keccak_matches_the_empty_string_vector() {
        // keccak256("") from the Keccak reference.
        assert_eq!(
            keccak(&[]).to_string(),
            "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
        );
        // Concatenation of parts equals hashing the joined bytes.
        assert_eq!(keccak(&[b"ab", b"c"]), keccak(&[b"abc"]));
    }
}
