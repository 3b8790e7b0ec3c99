//! Serde helpers: `u128` figures (voting power, tallies) as decimal strings in
//! JSON — exact in JavaScript, like [`Amount`] — and plain `u128` in BCS.
//! Use with `#[serde(with = "crate::types::dec")]` and the submodules.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Address, Amount};

/// One `u128`.
pub fn serialize<S: Serializer>(value: &u128, serializer: S) -> Result<S::Ok, S::Error> {
    Amount(*value).serialize(serializer)
}

/// One `u128`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u128, D::Error> {
    Amount::deserialize(deserializer).map(|a| a.0)
}

/// `Vec<u128>`.
pub mod vec {
    use super::*;

    /// Serialises each element as a decimal string.
    pub fn serialize<S: Serializer>(values: &[u128], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|v| Amount(*v)))
    }

    /// Reads decimal strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u128>, D::Error> {
        Vec::<Amount>::deserialize(deserializer).map(|v| v.into_iter().map(|a| a.0).collect())
    }
}

/// `Vec<[u128; 3]>`.
pub mod triples {
    use super::*;

    /// Serialises each element as a decimal string.
    pub fn serialize<S: Serializer>(values: &[[u128; 3]], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|t| t.map(Amount)))
    }

    /// Reads decimal strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<[u128; 3]>, D::Error> {
        Vec::<[Amount; 3]>::deserialize(deserializer).map(|v| v.into_iter().map(|t| t.map(|a| a.0)).collect())
    }
}

/// `BTreeMap<Vec<u8>, u128>` as a list of `[key, value]` pairs (a JSON map
/// key must be a string).
pub mod pairs {
    use super::*;

    /// Serialises as `[[key, "value"], …]` in key order.
    pub fn serialize<S: Serializer>(map: &BTreeMap<Vec<u8>, u128>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|(k, v)| (k, Amount(*v))))
    }

    /// Reads `[[key, "value"], …]`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Vec<u8>, u128>, D::Error> {
        Vec::<(Vec<u8>, Amount)>::deserialize(deserializer)
            .map(|v| v.into_iter().map(|(k, a)| (k, a.0)).collect())
    }
}

/// `BTreeMap<Address, Vec<u128>>`.
pub mod by_address {
    use super::*;

    /// Serialises each value as decimal strings.
    pub fn serialize<S: Serializer>(
        map: &BTreeMap<Address, Vec<u128>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(map.iter().map(|(k, v)| (k, v.iter().map(|x| Amount(*x)).collect::<Vec<_>>())))
    }

    /// Reads decimal strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<Address, Vec<u128>>, D::Error> {
        BTreeMap::<Address, Vec<Amount>>::deserialize(deserializer)
            .map(|m| m.into_iter().map(|(k, v)| (k, v.into_iter().map(|a| a.0).collect())).collect())
    }
}

/// `BTreeMap<K, u128>` with each value as a decimal string (keys as they are).
pub mod values {
    use super::*;

    /// Serialises each value as a decimal string.
    pub fn serialize<K: Serialize, S: Serializer>(
        map: &BTreeMap<K, u128>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(map.iter().map(|(k, v)| (k, Amount(*v))))
    }

    /// Reads decimal strings.
    pub fn deserialize<'de, K: Deserialize<'de> + Ord, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<K, u128>, D::Error> {
        BTreeMap::<K, Amount>::deserialize(deserializer)
            .map(|m| m.into_iter().map(|(k, a)| (k, a.0)).collect())
    }
}

/// A 256-bit value (a fixed-point accumulator) as a decimal string in JSON;
/// in BCS exactly as `U256` encodes itself, so state hashes do not change.
pub mod u256 {
    use alloy_primitives::U256;

    use super::*;

    /// Serialises as a decimal string when human-readable.
    pub fn serialize<S: Serializer>(value: &U256, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(value)
        } else {
            value.serialize(serializer)
        }
    }

    /// Reads a decimal string when human-readable.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<U256, D::Error> {
        if !deserializer.is_human_readable() {
            return U256::deserialize(deserializer);
        }
        let text = String::deserialize(deserializer)?;
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(serde::de::Error::custom(format!("must be a decimal integer, got `{text}`")));
        }
        U256::from_str_radix(&text, 10).map_err(serde::de::Error::custom)
    }
}

/// A nonce: a JSON integer from 0 to 2^64 − 1, with a message naming that rule
/// (serde's own says "invalid type: floating point" for 2^64).
pub fn nonce<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    struct Visitor;
    if !deserializer.is_human_readable() {
        return u64::deserialize(deserializer);
    }
    impl serde::de::Visitor<'_> for Visitor {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an integer from 0 to {}", u64::MAX)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v)
                .map_err(|_| E::custom(format!("must be an integer from 0 to {}, got {v}", u64::MAX)))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
            Err(E::custom(format!("must be an integer from 0 to {}, got {v}", u64::MAX)))
        }
    }
    deserializer.deserialize_any(Visitor)
}
