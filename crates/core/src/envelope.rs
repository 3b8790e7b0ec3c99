//! Signed commands: an EIP-712 envelope any standard wallet can sign.
//!
//! Domain: `{name: "Concord", version: "1", chainId, verifyingContract}` where
//! `verifyingContract` is derived from the genesis alliance id. Primary type:
//!
//! ```text
//! Command(address account,uint64 nonce,string kind,string body)
//! ```
//!
//! `body` is the command body as JSON text, so a wallet shows the signer
//! exactly what they approve. Votes (`cast-vote`) have their own type, like
//! Snapshot's:
//!
//! ```text
//! Vote(address voter,uint64 nonce,string alliance,uint64 proposal,string choice,string reason)
//! ```
//! Signatures are 65 bytes `r ‖ s ‖ v`, with `s`
//! in the lower half of the curve order (EIP-2) so they cannot be mauled.

use alloy_primitives::{Bytes, U256};
use alloy_sol_types::{Eip712Domain, SolStruct};
use serde::{Deserialize, Serialize};

use crate::command::{BodyError, CommandBody};
use crate::types::{Address, ChainId};

mod typed {
    alloy_sol_types::sol! {
        /// The EIP-712 typed message of a command.
        struct Command {
            address account;
            uint64 nonce;
            string kind;
            string body;
        }

        /// The EIP-712 typed message of a vote (`cast-vote`), like Snapshot's.
        struct Vote {
            address voter;
            uint64 nonce;
            string alliance;
            uint64 proposal;
            string choice;
            string reason;
        }
    }
}

/// EIP-712 domain name.
pub const DOMAIN_NAME: &str = "Concord";
/// EIP-712 domain version.
pub const DOMAIN_VERSION: &str = "1";
/// Longest accepted command body, in bytes of JSON.
pub const MAX_BODY_BYTES: usize = 128 * 1024;

/// The EIP-712 domain as it appears in an envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Domain {
    /// Always `Concord`.
    pub name: String,
    /// Always `1`.
    pub version: String,
    /// The hub's chain id.
    pub chain_id: ChainId,
    /// Derived from the genesis alliance id.
    pub verifying_contract: Address,
}

impl Domain {
    /// The hub's domain.
    pub fn new(chain_id: ChainId, verifying_contract: Address) -> Self {
        Self { name: DOMAIN_NAME.into(), version: DOMAIN_VERSION.into(), chain_id, verifying_contract }
    }

    fn eip712(&self) -> Eip712Domain {
        Eip712Domain::new(
            Some(self.name.clone().into()),
            Some(self.version.clone().into()),
            Some(U256::from(self.chain_id.0)),
            Some(self.verifying_contract.0),
            None,
        )
    }
}

/// A command signed by its account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedEnvelope {
    /// The domain the signer signed for.
    pub domain: Domain,
    /// The signer.
    pub account: Address,
    /// The signer's nonce.
    #[serde(deserialize_with = "crate::types::dec::nonce")]
    pub nonce: u64,
    /// The command kind.
    pub kind: String,
    /// The command body as JSON text, exactly as signed.
    pub body: String,
    /// 65-byte `r ‖ s ‖ v` signature, hex.
    pub signature: Bytes,
}

/// A verified envelope: who signed, with which nonce, what command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The recovered signer (equal to the envelope's account).
    pub actor: Address,
    /// The nonce.
    pub nonce: u64,
    /// The parsed body.
    pub body: CommandBody,
}

/// Why an envelope was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The envelope was signed for another domain.
    #[error("{field}: signed for {got}, but this hub's domain has {expected}")]
    WrongDomain {
        /// `domain.name`, `domain.version`, `domain.chainId` or `domain.verifyingContract`.
        field: &'static str,
        /// This hub's value.
        expected: String,
        /// The envelope's value.
        got: String,
    },
    /// The signature is not 65 well-formed bytes.
    #[error("signature: {rule}")]
    MalformedSignature {
        /// What is wrong.
        rule: &'static str,
    },
    /// The signature is valid but by someone else (or over other data).
    #[error("signature: recovers to {recovered}, not the envelope's account {account}")]
    SignerMismatch {
        /// The claimed signer.
        account: Address,
        /// Who actually signed.
        recovered: Address,
    },
    /// The body is too large.
    #[error("body: must be at most {max} bytes, got {got}")]
    BodyTooLarge {
        /// The limit.
        max: usize,
        /// The size.
        got: usize,
    },
    /// The body or kind is not a valid command.
    #[error(transparent)]
    Body(#[from] BodyError),
}

impl EnvelopeError {
    /// The offending field.
    pub fn field(&self) -> &str {
        match self {
            Self::WrongDomain { field, .. } => field,
            Self::MalformedSignature { .. } | Self::SignerMismatch { .. } => "signature",
            Self::BodyTooLarge { .. } => "body",
            Self::Body(e) => e.field(),
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongDomain { field: "domain.chainId", .. } => "wrong_chain",
            Self::WrongDomain { .. } => "wrong_domain",
            Self::MalformedSignature { .. } => "malformed_signature",
            Self::SignerMismatch { .. } => "bad_signature",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::Body(_) => "malformed_body",
        }
    }
}

/// secp256k1 group order n, halved: the largest `s` accepted (EIP-2).
const HALF_ORDER: U256 = U256::from_be_bytes([
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x5d,
    0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]);

/// The EIP-712 signing hash of a command.
///
/// A `cast-vote` is signed as the `Vote` type, whose fields are the body's
/// (`alliance`, `proposal`, `choice`, `reason`), so a wallet shows the vote
/// itself; every other kind as the `Command` type.
pub fn signing_hash(domain: &Domain, account: Address, nonce: u64, kind: &str, body: &str) -> [u8; 32] {
    if kind == VOTE_KIND
        && let Ok(vote) = serde_json::from_str::<crate::governance::CastVote>(body)
    {
        let message = typed::Vote {
            voter: account.0,
            nonce,
            alliance: vote.alliance.to_string(),
            proposal: vote.proposal,
            choice: vote.choice,
            reason: vote.reason,
        };
        return message.eip712_signing_hash(&domain.eip712()).0;
    }
    let message = typed::Command { account: account.0, nonce, kind: kind.to_owned(), body: body.to_owned() };
    message.eip712_signing_hash(&domain.eip712()).0
}

/// The command kind signed with the `Vote` type.
pub const VOTE_KIND: &str = "cast-vote";

/// Recovers the signer of a 32-byte digest from a 65-byte `r ‖ s ‖ v`
/// signature, using libsecp256k1 (about 5× faster than pure-Rust k256 on
/// this path; see docs/benchmarks.md).
pub fn recover(digest: &[u8; 32], signature: &[u8]) -> Result<Address, EnvelopeError> {
    use secp256k1::ecdsa::{RecoverableSignature, RecoveryId};

    if signature.len() != 65 {
        return Err(EnvelopeError::MalformedSignature { rule: "must be 65 bytes (r ‖ s ‖ v)" });
    }
    let s = U256::from_be_slice(&signature[32..64]);
    if s > HALF_ORDER {
        return Err(EnvelopeError::MalformedSignature {
            rule: "s is in the upper half of the curve order (malleable); sign with low s (EIP-2)",
        });
    }
    let v = match signature[64] {
        0 | 27 => 0,
        1 | 28 => 1,
        _ => {
            return Err(EnvelopeError::MalformedSignature { rule: "v must be 27 or 28 (or 0 or 1)" });
        }
    };
    let malformed = || EnvelopeError::MalformedSignature { rule: "r or s is not a valid curve scalar" };
    let id = RecoveryId::try_from(v).map_err(|_| malformed())?;
    let sig = RecoverableSignature::from_compact(&signature[..64], id).map_err(|_| malformed())?;
    let message = secp256k1::Message::from_digest(*digest);
    let key = secp256k1::SECP256K1
        .recover_ecdsa(&message, &sig)
        .map_err(|_| EnvelopeError::MalformedSignature { rule: "does not recover to a public key" })?;
    let uncompressed = key.serialize_uncompressed();
    Ok(Address::from(alloy_primitives::Address::from_raw_public_key(&uncompressed[1..])))
}

impl SignedEnvelope {
    /// Checks the domain, parses the body, and recovers the signer, which
    /// must equal `account`. The nonce is checked by the engine.
    pub fn open(&self, hub: &Domain) -> Result<Opened, EnvelopeError> {
        let checks: [(&'static str, String, String); 4] = [
            ("domain.name", hub.name.clone(), self.domain.name.clone()),
            ("domain.version", hub.version.clone(), self.domain.version.clone()),
            ("domain.chainId", hub.chain_id.to_string(), self.domain.chain_id.to_string()),
            (
                "domain.verifyingContract",
                hub.verifying_contract.to_string(),
                self.domain.verifying_contract.to_string(),
            ),
        ];
        if let Some((field, expected, got)) = checks.into_iter().find(|(_, e, g)| e != g) {
            return Err(EnvelopeError::WrongDomain { field, expected, got });
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(EnvelopeError::BodyTooLarge { max: MAX_BODY_BYTES, got: self.body.len() });
        }
        let body = CommandBody::from_json(&self.kind, &self.body)?;
        let digest = signing_hash(hub, self.account, self.nonce, &self.kind, &self.body);
        let recovered = recover(&digest, &self.signature)?;
        if recovered != self.account {
            return Err(EnvelopeError::SignerMismatch { account: self.account, recovered });
        }
        Ok(Opened { actor: recovered, nonce: self.nonce, body })
    }
}
