//! OpenAPI schemas of the value types (feature `openapi`): how each appears
//! in JSON, for the hub's document.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use super::{
    Address, AllianceId, Amount, Bps, ChainId, EmissionId, GaugeId, IntentId, SplitId, Timestamp, TokenId,
    VaultId,
};

fn string(description: &str, pattern: Option<&str>, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(pattern)
        .examples([serde_json::Value::String(example.into())])
        .into()
}

fn integer(description: &str, minimum: f64, maximum: f64) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .description(Some(description))
        .minimum(Some(minimum))
        .maximum(Some(maximum))
        .into()
}

macro_rules! schema {
    ($ty:ty, $name:literal, $body:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $body
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

schema!(
    Amount,
    "Amount",
    string(
        "An integer in base units (or a power, rate or fixed-point value) as a decimal string, exact in JavaScript",
        Some("^(0|[1-9][0-9]*)$"),
        "1000000000000000000"
    )
);
schema!(
    Address,
    "Address",
    string(
        "An EVM address, EIP-55 checksummed",
        Some("^0x[0-9a-fA-F]{40}$"),
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
    )
);
schema!(
    TokenId,
    "TokenId",
    string("A hub token id (1 to 23 of A-Z a-z 0-9 . _ -)", Some("^[A-Za-z0-9][A-Za-z0-9._-]{0,22}$"), "GOV")
);
/// The pattern of every slug id (its length, 1 to 64, is in the description).
const SLUG: Option<&str> = Some("^[A-Za-z0-9][A-Za-z0-9._-]*$");

schema!(
    AllianceId,
    "AllianceId",
    string("An alliance id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "gov-play-pool")
);
schema!(VaultId, "VaultId", string("A staking vault id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "gov-farm"));
schema!(
    EmissionId,
    "EmissionId",
    string("An emission id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "ally-weekly")
);
schema!(SplitId, "SplitId", string("A fee split id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "pool-fees"));
schema!(GaugeId, "GaugeId", string("A gauge id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "g-gov"));
schema!(
    IntentId,
    "IntentId",
    string("A season intent id (1 to 64 of A-Z a-z 0-9 . _ -)", SLUG, "grow-developers")
);
schema!(Timestamp, "Timestamp", integer("Unix seconds", 0.0, 18_446_744_073_709_551_615.0));
schema!(ChainId, "ChainId", integer("An EVM chain id", 0.0, 18_446_744_073_709_551_615.0));
schema!(Bps, "Bps", integer("Basis points (10000 = 100 %)", 0.0, 10_000.0));
