//! `Address`: a 20-byte Ethereum account address, printed EIP-55 checksummed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A 20-byte Ethereum address.
///
/// Parsing accepts all-lowercase or all-uppercase hex, and mixed case only when
/// the EIP-55 checksum is correct, so a mistyped address is caught instead of
/// silently becoming another account. Display and JSON always print EIP-55.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Address(pub alloy_primitives::Address);

/// Why a string is not an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Not `0x` followed by 40 hex digits.
    #[error("must be 0x followed by 40 hex digits, got `{0}`")]
    Malformed(String),
    /// Mixed case whose EIP-55 checksum does not match.
    #[error("EIP-55 checksum mismatch in `{0}` (use all-lowercase or the checksummed form)")]
    BadChecksum(String),
}

impl Address {
    /// The zero address, never a valid actor or recipient.
    pub const ZERO: Self = Self(alloy_primitives::Address::ZERO);

    /// Wraps raw bytes.
    pub const fn from_bytes(bytes: [u8; 20]) -> Self {
        Self(alloy_primitives::Address::new(bytes))
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8; 20] {
        self.0.as_ref()
    }

    /// Whether this is the zero address.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// An address derived from a domain-separated label: the last 20 bytes of
    /// `keccak256("concord:" ‖ label)`. Used for module accounts (an alliance
    /// treasury) and the EIP-712 verifying contract; nobody holds its key.
    pub fn derived(label: &str) -> Self {
        let hash = crate::hash::keccak(&[b"concord:", label.as_bytes()]);
        let mut bytes = [0u8; 20];
        bytes.copy_from_slice(&hash[12..]);
        Self::from_bytes(bytes)
    }

    /// EIP-55 checksummed text.
    pub fn to_checksum(&self) -> String {
        self.0.to_checksum(None)
    }
}

/// At most 64 characters of a rejected input, for messages (an address is 42).
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(64).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

impl FromStr for Address {
    type Err = AddressError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text.strip_prefix("0x").ok_or_else(|| AddressError::Malformed(shown(text)))?;
        if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AddressError::Malformed(shown(text)));
        }
        let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
        let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
        if has_lower && has_upper {
            alloy_primitives::Address::parse_checksummed(text, None)
                .map(Self)
                .map_err(|_| AddressError::BadChecksum(shown(text)))
        } else {
            alloy_primitives::Address::from_str(text)
                .map(Self)
                .map_err(|_| AddressError::Malformed(shown(text)))
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_checksum())
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.to_checksum())
        } else {
            self.as_bytes().serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            text.parse().map_err(serde::de::Error::custom)
        } else {
            <[u8; 20]>::deserialize(deserializer).map(Self::from_bytes)
        }
    }
}

impl From<alloy_primitives::Address> for Address {
    fn from(inner: alloy_primitives::Address) -> Self {
        Self(inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The EIP-55 reference vectors from the EIP text.
    const CHECKSUMMED: [&str; 4] = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ];

    #[test]
    fn prints_and_parses_eip55_reference_vectors() {
        for text in CHECKSUMMED {
            let parsed: Address = text.parse().unwrap();
            assert_eq!(parsed.to_string(), text);
            let lower: Address = text.to_lowercase().parse().unwrap();
            assert_eq!(lower, parsed);
        }
    }

    #[test]
    fn rejects_a_wrong_checksum_and_malformed_text() {
        let wrong = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";
        assert_eq!(wrong.parse::<Address>(), Err(AddressError::BadChecksum(wrong.into())));
        for bad in ["", "0x", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x12", "0xzz"] {
            assert!(matches!(bad.parse::<Address>(), Err(AddressError::Malformed(_))), "{bad}");
        }
    }

    #[test]
    fn json_is_checksummed_text_and_bcs_is_twenty_bytes() {
        let a: Address = CHECKSUMMED[0].parse().unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{}\"", CHECKSUMMED[0]));
        let bytes = bcs::to_bytes(&a).unwrap();
        assert_eq!(bytes.len(), 20);
        assert_eq!(bcs::from_bytes::<Address>(&bytes).unwrap(), a);
    }
}
