//! Emission errors. Each message starts with the field it is about.

use super::EmissionId;
use crate::errors_macro::error_codes;
use crate::types::{Address, TokenId};

/// Why an emission command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmissionError {
    /// No emission has this id.
    #[error("body.emission: unknown emission `{emission}`")]
    UnknownEmission {
        /// The id.
        emission: EmissionId,
    },
    /// An emission with this id exists.
    #[error("body.id: emission `{emission}` already exists")]
    DuplicateEmission {
        /// The id.
        emission: EmissionId,
    },
    /// Only hub admins create emissions (they mint the alliance token).
    #[error("actor: {actor} is not a hub admin; only admins create emissions")]
    NotAdmin {
        /// Who tried.
        actor: Address,
    },
    /// The emission module must be the token's minter.
    #[error(
        "body.token: the minter of {token} must be the emission module {module}, is {minter:?}; an admin sets it with set-minter"
    )]
    NotModuleMinter {
        /// The token.
        token: TokenId,
        /// The module's account.
        module: Address,
        /// The current minter.
        minter: Option<Address>,
    },
    /// A parameter breaks a rule.
    #[error("{path}: {rule}")]
    Invalid {
        /// The offending field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// Nothing to emit yet, or the emission has finished.
    #[error("body.emission: emission `{emission}` has nothing to emit at epoch {current} (next epoch {next_epoch}{})", if *.finished { ", finished: cap reached or sunset passed" } else { "" })]
    NothingToEmit {
        /// The id.
        emission: EmissionId,
        /// The current epoch.
        current: u64,
        /// The next epoch to emit.
        next_epoch: u64,
        /// Whether it will never emit again.
        finished: bool,
    },
}

error_codes! {
    EmissionError {
        UnknownEmission => "unknown_emission", "body.emission";
        DuplicateEmission => "duplicate_emission", "body.id";
        NotAdmin => "missing_role", "actor";
        NotModuleMinter => "not_module_minter", "body.token";
        Invalid { path, .. } => "invalid_emission", path;
        NothingToEmit => "nothing_to_emit", "body.emission";
    }
}
