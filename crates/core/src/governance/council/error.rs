//! Council errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::types::{Address, AllianceId, Amount, TokenId};

/// Why a council command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CouncilError {
    /// No such alliance.
    #[error("body.alliance: unknown alliance `{alliance}`")]
    UnknownAlliance {
        /// The id.
        alliance: AllianceId,
    },
    /// The alliance has no council.
    #[error("body.alliance: `{alliance}` has no council")]
    NoCouncil {
        /// The id.
        alliance: AllianceId,
    },
    /// Only signers act for the council.
    #[error("actor: {actor} is not a council signer")]
    NotSigner {
        /// Who tried.
        actor: Address,
    },
    /// No such transaction.
    #[error("body.nonce: no council transaction {nonce}")]
    UnknownTx {
        /// The nonce.
        nonce: u64,
    },
    /// The signer already approved (a replayed approval).
    #[error("body.nonce: {signer} already approved council transaction {nonce}")]
    AlreadyApproved {
        /// The nonce.
        nonce: u64,
        /// The signer.
        signer: Address,
    },
    /// Executed already.
    #[error("body.nonce: council transaction {nonce} was already executed")]
    AlreadyExecuted {
        /// The nonce.
        nonce: u64,
    },
    /// Too few approvals.
    #[error("body.nonce: council transaction {nonce} has {have} of the {need} approvals it needs")]
    NotEnoughApprovals {
        /// The nonce.
        nonce: u64,
        /// Approvals from current signers.
        have: u64,
        /// Approvals needed.
        need: u64,
    },
    /// The charter sets no council limit for this token.
    #[error(
        "body.action.token: the charter sets no council limit for {token}, so it cannot leave the treasury by council transaction"
    )]
    NoLimit {
        /// The token.
        token: TokenId,
    },
    /// Over the weekly limit.
    #[error(
        "body.action.amount: {amount} {token} would exceed the council's weekly limit of {limit} ({spent} already spent this week)"
    )]
    OverLimit {
        /// The token.
        token: TokenId,
        /// The weekly limit.
        limit: Amount,
        /// Spent this week.
        spent: Amount,
        /// Requested.
        amount: Amount,
    },
    /// A signer, threshold or pause change that breaks a rule.
    #[error("body.action: {rule}")]
    BadSignerChange {
        /// The rule.
        rule: String,
    },
    /// No such proposal.
    #[error("body.action.proposal: no proposal {proposal}")]
    UnknownProposal {
        /// The id.
        proposal: u64,
    },
    /// Executed or canceled proposals cannot be canceled.
    #[error("body.action.proposal: proposal {proposal} was already executed or canceled")]
    CannotCancel {
        /// The id.
        proposal: u64,
    },
}

error_codes! {
    CouncilError {
        UnknownAlliance => "unknown_alliance", "body.alliance";
        NoCouncil => "no_council", "body.alliance";
        NotSigner => "not_signer", "actor";
        UnknownTx => "unknown_council_tx", "body.nonce";
        AlreadyApproved => "already_approved", "body.nonce";
        AlreadyExecuted => "already_executed", "body.nonce";
        NotEnoughApprovals => "not_enough_approvals", "body.nonce";
        NoLimit => "no_limit", "body.action.token";
        OverLimit => "over_limit", "body.action.amount";
        BadSignerChange => "bad_council_change", "body.action";
        UnknownProposal => "unknown_proposal", "body.action.proposal";
        CannotCancel => "cannot_cancel", "body.action.proposal";
    }
}

/// Council result.
pub type CouncilResult<T> = Result<T, CouncilError>;
