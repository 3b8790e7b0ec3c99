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
