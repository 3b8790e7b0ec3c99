//! Ledger errors. Each names the field and the rule it broke.

use crate::errors_macro::error_codes;
use crate::problem::Problem;
use crate::types::{Address, Amount, B256, ChainId, Timestamp, TokenId};

/// Why a ledger command was rejected. Nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The token is not registered in the hub.
    #[error("{field}: unknown token `{token}`")]
    UnknownToken {
        /// Where the token id appeared.
        field: &'static str,
        /// The unknown id.
        token: TokenId,
    },
    /// A token with this id is already registered.
    #[error("body.token.id: token `{token}` is already registered")]
    DuplicateToken {
        /// The id.
        token: TokenId,
    },
    /// A token definition breaks a rule.
    #[error("{problem}")]
    InvalidToken {
        /// The first broken rule.
        problem: Problem,
    },
    /// Amounts must be positive.
    #[error("{field}: must be greater than zero")]
    ZeroAmount {
        /// The offending field.
        field: &'static str,
    },
    /// The zero address cannot receive or hold tokens.
    #[error("{field}: must not be the zero address")]
    ZeroAddress {
        /// The offending field.
        field: &'static str,
    },
    /// The debit would take tokens that are locked (`transfer-locked`).
    #[error(
        "body.amount: {locked} {token} of the debited balance are locked until {until}; at most {free} can move now"
    )]
    Locked {
        /// The token.
        token: TokenId,
        /// The locked part.
        locked: Amount,
        /// What may move.
        free: Amount,
        /// The earliest unlock among the active lock-ups.
        until: Timestamp,
    },
    /// The account holds less than it tries to move.
    #[error("body.amount: {account} holds {available} {token}, needs {needed}")]
    InsufficientBalance {
        /// The debited account.
        account: Address,
        /// The token.
        token: TokenId,
        /// What the command needs.
        needed: Amount,
        /// What the account holds.
        available: Amount,
    },
    /// The result would not fit in an amount.
    #[error("body.amount: {what} of {token} would exceed 2^128 - 1")]
    Overflow {
        /// What overflowed (total supply, a balance).
        what: &'static str,
        /// The token.
        token: TokenId,
    },
    /// Only the token's minter may mint or burn it.
    #[error("actor: {actor} is not the minter of {token}")]
    NotMinter {
        /// Who tried.
        actor: Address,
        /// The token.
        token: TokenId,
    },
    /// This deposit was already recorded.
    #[error("body.tx_hash: deposit (chain {chain_id}, tx {tx_hash}, log {log_index}) was already recorded")]
    DuplicateDeposit {
        /// Source chain.
        chain_id: ChainId,
        /// Source transaction.
        tx_hash: B256,
        /// Log index in that transaction.
        log_index: u64,
    },
    /// Deposits and withdrawals use the token's home chain.
    #[error("body.chain_id: {token} lives on chain {home}, not chain {got}")]
    WrongChain {
        /// The token.
        token: TokenId,
        /// Its home chain.
        home: ChainId,
        /// The chain named in the command.
        got: ChainId,
    },
}

error_codes! {
    LedgerError {
        UnknownToken { field, .. } => "unknown_token", field;
        DuplicateToken => "duplicate_token", "body.token.id";
        InvalidToken { problem, .. } => "invalid_token", &problem.path;
        ZeroAmount { field, .. } => "zero_amount", field;
        ZeroAddress { field, .. } => "zero_address", field;
        Locked => "locked_balance", "body.amount";
        InsufficientBalance => "insufficient_balance", "body.amount";
        Overflow => "overflow", "body.amount";
        NotMinter => "not_minter", "actor";
        DuplicateDeposit => "duplicate_deposit", "body.tx_hash";
        WrongChain => "wrong_chain", "body.chain_id";
    }
}

/// Ledger result.
pub type LedgerResult<T> = Result<T, LedgerError>;
