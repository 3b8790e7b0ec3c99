//! `error_codes!`: an error enum's `code()` and `field()` from one table.
//!
//! Every error in Concord names a stable machine-readable code and the
//! command field it is about. Instead of two hand-written `match`es per enum
//! that must list the same variants, each enum has one table, one row per
//! variant: its name, optionally the bindings the row uses, then the code and
//! the field.
//!
//! ```ignore
//! error_codes! {
//!     VaultError {
//!         UnknownVault => "unknown_vault", "body.vault";
//!         InvalidOption { path, .. } => "invalid_vault_option", path;
//!         ZeroAmount => "zero_amount", "body.amount";
//!     }
//! }
//! ```
//!
//! A row without bindings matches the variant whatever its shape
//! (`Variant { .. }`); a row with bindings gives them as a struct pattern
//! (`{ path, .. }`) or, for a variant wrapping another error, a tuple pattern
//! (`(e) => e.code(), e.field()`). Both expressions may use the bindings. The
//! messages stay with `thiserror`'s `#[error(...)]` on each variant.

/// Generates `code()` and `field()` for an error enum from one table (see the
/// module documentation).
macro_rules! error_codes {
    (
        $ty:ident {
            $(
                $variant:ident $( { $($fields:tt)* } )? $( ( $($inner:tt)* ) )?
                    => $code:expr, $field:expr;
            )*
        }
    ) => {
        impl $ty {
            /// The command field the error is about.
            #[allow(unused_variables)]
            pub fn field(&self) -> &str {
                match self {
                    $(
                        $crate::errors_macro::error_codes!(
                            @pattern $variant $( { $($fields)* } )? $( ( $($inner)* ) )?
                        ) => $field,
                    )*
                }
            }

            /// A stable machine-readable code.
            #[allow(unused_variables)]
            pub fn code(&self) -> &'static str {
                match self {
                    $(
                        $crate::errors_macro::error_codes!(
                            @pattern $variant $( { $($fields)* } )? $( ( $($inner)* ) )?
                        ) => $code,
                    )*
                }
            }
        }
    };
    (@pattern $variant:ident) => {
        Self::$variant { .. }
    };
    (@pattern $variant:ident { $($fields:tt)* }) => {
        Self::$variant { $($fields)* }
    };
    (@pattern $variant:ident ( $($inner:tt)* )) => {
        Self::$variant ( $($inner)* )
    };
}

pub(crate) use error_codes;

#[cfg(test)]
#[allow(unreachable_pub)] // `pub fn`s generated for the private sample enums.
mod tests {
    #[derive(Debug)]
    enum Inner {
        Only,
    }

    error_codes! {
        Inner {
            Only => "only", "body.only";
        }
    }

    #[derive(Debug)]
    enum Sample {
        Unit,
        Struct { at: u64 },
        Bound { path: String, rule: &'static str },
        Wrapped(Inner),
    }

    error_codes! {
        Sample {
            Unit => "unit", "body";
            Struct => "struct", "at";
            Bound { path, .. } => "bound", path;
            Wrapped(e) => e.code(), e.field();
        }
    }

    #[test]
    fn each_row_gives_its_code_and_field() {
        let bound = Sample::Bound { path: "body.shares[2].bps".into(), rule: "must be > 0" };
        let cases = [
            (Sample::Unit, "unit", "body"),
            (Sample::Struct { at: 3 }, "struct", "at"),
            (bound, "bound", "body.shares[2].bps"),
            (Sample::Wrapped(Inner::Only), "only", "body.only"),
        ];
        for (error, code, field) in &cases {
            assert_eq!((error.code(), error.field()), (*code, *field), "{error:?}");
        }
        if let Sample::Struct { at } = &cases[1].0 {
            assert_eq!(*at, 3);
        }
        if let Sample::Bound { rule, .. } = &cases[2].0 {
            assert_eq!(*rule, "must be > 0");
        }
    }
}
