//! Fee split errors. Each message starts with the field it is about.

use super::SplitId;

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

impl SplitError {
    /// The command field the error is about.
    pub fn field(&self) -> &str {
        match self {
            Self::UnknownSplit { .. } => "body.split",
            Self::DuplicateSplit { .. } => "body.id",
            Self::InvalidShares { path, .. } => path,
            Self::ZeroDustRecipient => "body.dust_recipient",
            Self::ZeroAmount => "body.amount",
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownSplit { .. } => "unknown_split",
            Self::DuplicateSplit { .. } => "duplicate_split",
            Self::InvalidShares { .. } => "invalid_shares",
            Self::ZeroDustRecipient => "zero_address",
            Self::ZeroAmount => "zero_amount",
        }
    }
}

/// Split result.
pub type SplitResult<T> = Result<T, SplitError>;
