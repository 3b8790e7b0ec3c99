//! A check that a value's JSON form is exact: it walks the value as a
//! human-readable serializer would and refuses any `u128`/`i128` (which
//! `serde_json::Value` cannot hold above 2^64 and JavaScript reads inexactly
//! above 2^53) and any float. Every amount, power, rate and fixed-point value
//! in Concord serialises as a decimal string instead, so this passes for any
//! value of every type the project writes — whatever the magnitudes.

use std::fmt;

use serde::ser::{self, Serialize};

/// Where a value would not be exact in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inexact(pub String);

impl fmt::Display for Inexact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Inexact {}

impl ser::Error for Inexact {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// `Ok` if `value` serialises without a raw 128-bit integer or a float.
pub fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), Inexact> {
    value.serialize(Probe)
}

struct Probe;

type R = Result<(), Inexact>;

fn refuse(what: &str) -> R {
    Err(Inexact(format!("a raw {what} would reach JSON (use a decimal string)")))
}

macro_rules! fine {
    ($($name:ident: $ty:ty),*) => { $(fn $name(self, _: $ty) -> R { Ok(()) })* };
}

impl ser::Serializer for Probe {
    type Ok = ();
    type Error = Inexact;
    type SerializeSeq = Probe;
    type SerializeTuple = Probe;
    type SerializeTupleStruct = Probe;
    type SerializeTupleVariant = Probe;
    type SerializeMap = Probe;
    type SerializeStruct = Probe;
    type SerializeStructVariant = Probe;

    fine!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8]);

    fn serialize_i128(self, _: i128) -> R {
        refuse("i128")
    }
    fn serialize_u128(self, _: u128) -> R {
        refuse("u128")
    }
    fn serialize_f32(self, _: f32) -> R {
        refuse("f32")
    }
    fn serialize_f64(self, _: f64) -> R {
        refuse("f64")
    }
    fn serialize_none(self) -> R {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> R {
        v.serialize(Probe)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> R {
        v.serialize(Probe)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        v: &T,
    ) -> R {
        v.serialize(Probe)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_tuple(self, _: usize) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Probe, Inexact> {
        Ok(Probe)
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, _: &T) -> R {
        Ok(())
    }
    fn is_human_readable(&self) -> bool {
        true
    }
}

macro_rules! compound {
    ($($trait:ident { $($method:ident),* })*) => {$(
        impl ser::$trait for Probe {
            type Ok = ();
            type Error = Inexact;
            $(fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
                v.serialize(Probe)
            })*
            fn end(self) -> R {
                Ok(())
            }
        }
    )*};
}

compound! {
    SerializeSeq { serialize_element }
    SerializeTuple { serialize_element }
    SerializeTupleStruct { serialize_field }
    SerializeTupleVariant { serialize_field }
}

impl ser::SerializeMap for Probe {
    type Ok = ();
    type Error = Inexact;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> R {
        k.serialize(Probe)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> R {
        v.serialize(Probe)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStruct for Probe {
    type Ok = ();
    type Error = Inexact;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        v.serialize(Probe).map_err(|e| Inexact(format!("{key}: {e}")))
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Probe {
    type Ok = ();
    type Error = Inexact;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> R {
        v.serialize(Probe).map_err(|e| Inexact(format!("{key}: {e}")))
    }
    fn end(self) -> R {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Raw {
        rate: u128,
    }

    #[derive(Serialize)]
    struct Exact {
        #[serde(with = "crate::types::dec")]
        rate: u128,
    }

    #[test]
    fn a_raw_u128_is_refused_whatever_its_value_and_a_decimal_string_passes() {
        assert_eq!(
            check(&Raw { rate: 1 }),
            Err(Inexact("rate: a raw u128 would reach JSON (use a decimal string)".into()))
        );
        assert_eq!(check(&Exact { rate: u128::MAX }), Ok(()));
        assert_eq!(
            serde_json::to_string(&Exact { rate: u128::MAX }).unwrap(),
            format!("{{\"rate\":\"{}\"}}", u128::MAX)
        );
        assert!(check(&1.5f64).is_err());
    }
}
