//! Small identifier and unit types: `TokenId`, the slug ids (`AllianceId`,
//! `VaultId`, `EmissionId`, `SplitId`, `GaugeId`), `Bps`, `Timestamp`,
//! `ChainId`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why an identifier is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {max} characters of A-Z a-z 0-9 . _ - starting with a letter or digit, got `{got}`")]
pub struct IdError {
    /// Longest allowed length.
    pub max: usize,
    /// The rejected text.
    pub got: String,
}

fn check_id(text: &str, max: usize) -> Result<(), IdError> {
    let ok = !text.is_empty()
        && text.len() <= max
        && text.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok { Ok(()) } else { Err(IdError { max, got: text.chars().take(80).collect() }) }
}

/// A token's identifier in the hub, such as `GOV` or `PLAY-LP`.
///
/// Stored inline (up to 23 ASCII bytes) so it is `Copy` and cheap to compare on
/// the ledger's hot path.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TokenId {
    // Field order matters: the derived `Ord` compares `bytes` first, and the
    // zero padding makes that the same as comparing the text.
    bytes: [u8; TokenId::MAX_LEN],
    len: u8,
}

impl TokenId {
    /// Longest token id.
    pub const MAX_LEN: usize = 23;

    /// The id as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (checked in `from_str`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl FromStr for TokenId {
    type Err = IdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        check_id(text, Self::MAX_LEN)?;
        let mut bytes = [0u8; Self::MAX_LEN];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        // `check_id` bounds the length by MAX_LEN (23), so it fits in a u8.
        Ok(Self { bytes, len: text.len() as u8 })
    }
}

impl fmt::Display for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TokenId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TokenId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TokenId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Defines a slug identifier: a `String` newtype whose text is checked by
/// [`check_id`] (1 to 64 characters of `A-Z a-z 0-9 . _ -`, starting with a
/// letter or digit). It serialises as the bare string (the same JSON and BCS
/// bytes as a `String`), deserialises through [`FromStr`], orders like its
/// text, and prints as its text in both `Display` and `Debug`.
macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Longest id.
            pub const MAX_LEN: usize = 64;

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                check_id(text, Self::MAX_LEN)?;
                Ok(Self(text.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

slug_id!(
    /// An alliance's identifier (a slug such as `gov-play`), unique in the hub.
    AllianceId
);
slug_id!(
    /// A staking vault's identifier (a slug such as `gov-farm`), unique in the hub.
    VaultId
);
slug_id!(
    /// An emission's identifier (a slug such as `ally-weekly`), unique in the hub.
    EmissionId
);
slug_id!(
    /// A fee split's identifier (a slug such as `pool-fees`), unique in the hub.
    SplitId
);
slug_id!(
    /// A gauge's identifier (a slug such as `g-gov`), unique in the hub.
    GaugeId
);
slug_id!(
    /// An intent of a collective's season (a slug such as `grow-developers`).
    IntentId
);

/// Basis points: 1 bps = 0.01 %, 10 000 bps = 100 %.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bps(pub u16);

impl Bps {
    /// 100 %.
    pub const ONE: Self = Self(10_000);

    /// Whether the value is at most 100 %.
    pub const fn is_valid(self) -> bool {
        self.0 <= 10_000
    }
}

/// Unix time in whole seconds. The engine never reads a clock: every command
/// carries its time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub u64);

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// An EVM chain id (1 = Ethereum, 10 = OP Mainnet, …).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChainId(pub u64);

impl fmt::Display for ChainId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_ids_round_trip_and_reject_bad_text() {
        let id: TokenId = "PLAY-LP".parse().unwrap();
        assert_eq!(id.as_str(), "PLAY-LP");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"PLAY-LP\"");
        let longest = "A".repeat(23);
        assert_eq!(longest.parse::<TokenId>().unwrap().as_str(), longest);
        for bad in ["", "-GOV", "GO V", "GÖV", &"A".repeat(24)] {
            assert!(bad.parse::<TokenId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slug_ids_are_distinct_types_with_the_bytes_of_their_text() {
        let vault: VaultId = "gov-farm".parse().unwrap();
        let gauge: GaugeId = "gov-farm".parse().unwrap();
        assert_eq!((vault.as_str(), gauge.to_string()), ("gov-farm", "gov-farm".to_owned()));
        assert_eq!(format!("{vault:?}"), "gov-farm");
        // The same JSON and BCS bytes as the bare string.
        assert_eq!(serde_json::to_string(&vault).unwrap(), "\"gov-farm\"");
        assert_eq!(bcs::to_bytes(&gauge).unwrap(), bcs::to_bytes("gov-farm").unwrap());
        let back: SplitId = bcs::from_bytes(&bcs::to_bytes("pool-fees").unwrap()).unwrap();
        assert_eq!(back.as_str(), "pool-fees");
        assert_eq!(serde_json::from_str::<EmissionId>("\"e.1_x\"").unwrap().as_str(), "e.1_x");
        // Deserialising checks the rules.
        assert!(serde_json::from_str::<VaultId>("\"-bad\"").is_err());
        assert!(bcs::from_bytes::<GaugeId>(&bcs::to_bytes("a b").unwrap()).is_err());
        let longest = "a".repeat(64);
        assert_eq!(longest.parse::<AllianceId>().unwrap().as_str(), longest);
        for bad in ["", "_x", "a/b", "é", &"a".repeat(65)] {
            assert!(bad.parse::<GaugeId>().is_err(), "{bad}");
        }
        let mut ids: Vec<VaultId> = ["b", "a-2", "a"].iter().map(|s| s.parse().unwrap()).collect();
        ids.sort();
        assert_eq!(ids.iter().map(VaultId::as_str).collect::<Vec<_>>(), ["a", "a-2", "b"]);
    }

    #[test]
    fn token_ids_order_like_their_text() {
        let mut ids: Vec<TokenId> =
            ["PLAY", "GOV", "ALLY", "GOV2"].iter().map(|s| s.parse().unwrap()).collect();
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(TokenId::as_str).collect();
        // Inline storage pads with zero bytes, so shorter prefixes sort first.
        assert_eq!(texts, ["ALLY", "GOV", "GOV2", "PLAY"]);
    }
}
