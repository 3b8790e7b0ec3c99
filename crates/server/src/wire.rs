//! JSON wire types of the API (request and response shapes, with their
//! OpenAPI schemas). Core types serialise themselves; these wrap them.

use serde::Serialize;
use utoipa::ToSchema;

/// The EIP-712 domain and types a client signs with.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DomainInfo {
    /// `{name, version, chainId, verifyingContract}`.
    #[schema(value_type = Object)]
    pub domain: serde_json::Value,
    /// EIP-712 types: `Command(address account,uint64 nonce,string kind,string body)` and
    /// `Vote(address voter,uint64 nonce,string alliance,uint64 proposal,string choice,string reason)`.
    #[schema(value_type = Object)]
    pub types: serde_json::Value,
    /// `Command` for every kind but votes.
    pub primary_type: String,
    /// The kind signed with the `Vote` type instead (`cast-vote`).
    pub vote_kind: String,
    /// Every command kind the hub accepts.
    pub kinds: Vec<String>,
}

/// A signed command, as posted to `/v1/commands`.
#[derive(Debug, Serialize, ToSchema)]
#[allow(dead_code)]
pub struct EnvelopeDoc {
    /// `{name: "Concord", version: "1", chainId, verifyingContract}`.
    #[schema(value_type = Object)]
    pub domain: serde_json::Value,
    /// Signer address (EIP-55).
    pub account: String,
    /// The signer's next nonce (`GET /v1/accounts/{address}/balances`).
    pub nonce: u64,
    /// Command kind, e.g. `transfer`.
    pub kind: String,
    /// The command body as JSON text, exactly as signed.
    pub body: String,
    /// 65-byte r‖s‖v signature, 0x-hex, low s.
    pub signature: String,
}

/// An accepted command.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedBody {
    /// Log position.
    pub seq: u64,
    /// Sequencing time (unix seconds).
    pub at: u64,
    /// The signer.
    pub actor: String,
    /// The entry's hash (the new chain head).
    pub hash: String,
    /// What happened.
    #[schema(value_type = Vec<Object>)]
    pub events: serde_json::Value,
}

/// A page of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogPage {
    /// Entries in seq order.
    #[schema(value_type = Vec<Object>)]
    pub entries: serde_json::Value,
    /// Pass as `after` for the next page (null when this page is the end).
    pub next_after: Option<u64>,
}

/// The chain head and state hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadBody {
    /// Last entry's seq (0 at genesis).
    pub seq: u64,
    /// Last entry's hash (the genesis hash at genesis).
    pub head: String,
    /// keccak256 of the canonical state.
    pub state_hash: String,
}

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// Last entry's seq.
    pub seq: u64,
}
