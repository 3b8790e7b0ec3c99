//! Fee split errors. Each message starts with the field it is about.

use super::SplitId;
use crate::errors_macro::error_codes;

/// Why a split command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// No split has this id.
    #[error("body.split: unknown split `{split}`")]
    UnknownSplit {
        /// The id.
        split: SplitId,
    },
    /// A split with this id exists.
    #[error("body.id: split `{split}` already exists")]
    DuplicateSplit {
        /// The id.
        split: SplitId,
    },
    /// The shares break a rule.
    #[error("{path}: {rule}")]
    InvalidShares {
        /// The offending field.
        path: String,
        /// The rule.
        rule: String,
    },
    /// The dust recipient cannot be the zero address.
    #[error("body.dust_recipient: must not be the zero address")]
    ZeroDustRecipient,
    /// Fees must be positive.
    #[error("body.amount: must be greater than zero")]
    ZeroAmount,
}

error_codes! {
    SplitError {
        UnknownSplit => "unknown_split", "body.split";
        DuplicateSplit => "duplicate_split", "body.id";
        InvalidShares { path, .. } => "invalid_shares", path;
        ZeroDustRecipient => "zero_address", "body.dust_recipient";
        ZeroAmount => "zero_amount", "body.amount";
    }
}

/// Split result.
pub type SplitResult<T> = Result<T, SplitError>;
