//! Share vault errors. Each message starts with the field it is about.

use crate::errors_macro::error_codes;
use crate::types::{Amount, VaultId};

/// Why a share vault command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareVaultError {
    /// No share vault has this id.
    #[error("body.vault: unknown share vault `{vault}`")]
    UnknownVault {
        /// The id.
        vault: VaultId,
    },
    /// A share vault with this id exists.
    #[error("body.id: share vault `{vault}` already exists")]
    DuplicateVault {
        /// The id.
        vault: VaultId,
    },
    /// A field breaks a rule.
    #[error("{field}: {rule}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// The rule.
        rule: String,
    },
    /// More than the owner may take out now (EIP-4626 `maxWithdraw` /
    /// `maxRedeem`: the unlocked shares and what they are worth).
    #[error("{field}: at most {max} {what} can be taken out now, got {got}")]
    ExceedsMax {
        /// `body.assets` or `body.shares`.
        field: &'static str,
        /// `assets` or `shares`.
        what: &'static str,
        /// The maximum.
        max: Amount,
        /// Asked.
        got: Amount,
    },
    /// The conversion rounds to nothing: the caller would pay for nothing.
    #[error("{field}: {got} converts to 0 {what} at the vault's price; nothing would be received")]
    RoundsToZero {
        /// The field.
        field: &'static str,
        /// What would be received.
        what: &'static str,
        /// Asked.
        got: Amount,
    },
}

error_codes! {
    ShareVaultError {
        UnknownVault => "unknown_share_vault", "body.vault";
        DuplicateVault => "duplicate_share_vault", "body.id";
        Invalid { field, .. } => "invalid_share_vault", field;
        ExceedsMax { field, .. } => "exceeds_max", field;
        RoundsToZero { field, .. } => "rounds_to_zero", field;
    }
}
