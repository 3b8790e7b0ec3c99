//! `Amount`: token quantities in base units, with checked and explicitly
//! rounded arithmetic.

use std::fmt;
use std::str::FromStr;

use alloy_primitives::U256;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A token amount in base units (`u128`).
///
/// Every operation is checked: overflow is an error value, never a wrap or a
/// panic. Division always names its rounding direction. In JSON an amount is a
/// decimal string (JavaScript numbers lose precision above 2^53); in the
/// canonical (BCS) encoding it is a little-endian `u128`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub u128);

/// Why a decimal string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Empty, signed, with a leading zero, or containing a non-digit.
    #[error(
        "must be a non-negative integer in base units as a decimal string (digits only, no leading zero), got `{0}`"
    )]
    Malformed(String),
    /// Larger than `u128::MAX`.
    #[error("exceeds the largest amount (2^128 - 1), got `{0}`")]
    Overflow(String),
}

impl Amount {
    /// Zero.
    pub const ZERO: Self = Self(0);
    /// The largest representable amount.
    pub const MAX: Self = Self(u128::MAX);

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }

    /// `self - other`, or `None` if it would be negative.
    pub fn checked_sub(self, other: Self) -> Option<Self> {
        self.0.checked_sub(other.0).map(Self)
    }

    /// `⌊self · numerator / denominator⌋` with a 256-bit intermediate, or `None`
    /// when `denominator` is zero or the result exceeds `u128`.
    /// Rounds toward zero: use it for amounts paid *out* to an individual.
    pub fn mul_div_floor(self, numerator: u128, denominator: u128) -> Option<Self> {
        mul_div(self.0, numerator, denominator, false).map(Self)
    }

    /// `⌈self · numerator / denominator⌉` with a 256-bit intermediate, or `None`
    /// when `denominator` is zero or the result exceeds `u128`.
    /// Rounds up: use it for amounts owed *to* the pool or treasury.
    pub fn mul_div_ceil(self, numerator: u128, denominator: u128) -> Option<Self> {
        mul_div(self.0, numerator, denominator, true).map(Self)
    }
}

/// `a · b / d` on 256 bits, rounded down or up.
pub fn mul_div(a: u128, b: u128, d: u128, round_up: bool) -> Option<u128> {
    if d == 0 {
        return None;
    }
    let product = U256::from(a) * U256::from(b);
    let d = U256::from(d);
    let (quotient, remainder) = product.div_rem(d);
    let quotient = if round_up && !remainder.is_zero() { quotient + U256::from(1u8) } else { quotient };
    u128::try_from(quotient).ok()
}

impl FromStr for Amount {
    type Err = AmountError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // Canonical decimal only: digits, no sign, no leading zero (but `0` itself),
        // so one amount has one text and JavaScript readers agree with the hub.
        let canonical = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0'));
        if !canonical {
            return Err(AmountError::Malformed(text.chars().take(80).collect()));
        }
        text.parse::<u128>().map(Self).map_err(|_| AmountError::Overflow(text.chars().take(80).collect()))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<u128> for Amount {
    fn from(value: u128) -> Self {
        Self(value)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(&self.0)
        } else {
            serializer.serialize_u128(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return u128::deserialize(deserializer).map(Self);
        }
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in base units as a decimal string, e.g. \"1000000\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_div_rounds_in_the_named_direction() {
        // 10 * 1 / 3 = 3.33…
        assert_eq!(Amount(10).mul_div_floor(1, 3), Some(Amount(3)));
        assert_eq!(Amount(10).mul_div_ceil(1, 3), Some(Amount(4)));
        // Exact division does not round up.
        assert_eq!(Amount(9).mul_div_ceil(1, 3), Some(Amount(3)));
        assert_eq!(Amount(1).mul_div_floor(1, 0), None);
    }

    #[test]
    fn mul_div_uses_a_256_bit_intermediate() {
        // (2^128 - 1) * (2^128 - 1) / (2^128 - 1) overflows u128 in the middle
        // but the result fits.
        assert_eq!(Amount::MAX.mul_div_floor(u128::MAX, u128::MAX), Some(Amount::MAX));
        // 1e30 * 1e18 / 1e18 = 1e30.
        let big = 10u128.pow(30);
        assert_eq!(Amount(big).mul_div_floor(10u128.pow(18), 10u128.pow(18)), Some(Amount(big)));
        // A result above u128 is None, not a wrap.
        assert_eq!(Amount::MAX.mul_div_floor(2, 1), None);
    }

    #[test]
    fn checked_ops_refuse_overflow_and_negatives() {
        assert_eq!(Amount::MAX.checked_add(Amount(1)), None);
        assert_eq!(Amount(1).checked_sub(Amount(2)), None);
        assert_eq!(Amount(5).checked_sub(Amount(2)), Some(Amount(3)));
    }

    #[test]
    fn parses_decimal_strings_and_names_the_rule() {
        assert_eq!("340282366920938463463374607431768211455".parse(), Ok(Amount::MAX));
        assert_eq!(
            "340282366920938463463374607431768211456".parse::<Amount>(),
            Err(AmountError::Overflow("340282366920938463463374607431768211456".into()))
        );
        assert_eq!("0".parse(), Ok(Amount::ZERO));
        for bad in ["", "-1", "1.5", "1e18", " 1", "0001", "00", "+5"] {
            assert_eq!(bad.parse::<Amount>(), Err(AmountError::Malformed(bad.into())));
        }
    }

    #[test]
    fn json_is_a_canonical_decimal_string_only() {
        assert_eq!(serde_json::to_string(&Amount(12)).unwrap(), "\"12\"");
        assert_eq!(serde_json::from_str::<Amount>("\"12\"").unwrap(), Amount(12));
        // A JSON number loses precision in JavaScript above 2^53: refused, naming the form.
        let number = serde_json::from_str::<Amount>("12").unwrap_err().to_string();
        assert!(number.contains("expected an amount in base units as a decimal string"), "{number}");
        assert!(serde_json::from_str::<Amount>("\"0012\"").is_err());
        assert!(serde_json::from_str::<Amount>("-3").is_err());
        assert!(serde_json::from_str::<Amount>("1.5").is_err());
        // 200 KB of digits: the message echoes 80 characters, not the input.
        let long = format!("\"{}\"", "9".repeat(200_000));
        assert!(serde_json::from_str::<Amount>(&long).unwrap_err().to_string().len() < 300);
    }
}
