//! API errors: `{"error": {"code", "field", "message"}}` with an HTTP status.
//! Every rejection names the field and the rule; nothing is changed.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use concord_core::EngineError;
use concord_core::alliance::AllianceError;
use concord_core::envelope::EnvelopeError;
use concord_core::gauge::GaugeError;
use concord_core::ledger::LedgerError;
use concord_core::log::SubmitError;
use concord_core::merkle::MerkleError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// The offending field.
    pub field: String,
    /// Human-readable message naming the field and the rule.
    pub message: String,
    /// Seconds to wait before retrying (`Retry-After`, for 429).
    pub retry_after: Option<u64>,
}

/// The JSON shape of an error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// Error details.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code (`bad_nonce`, `wrong_chain`, ...).
    pub code: String,
    /// The offending field (`nonce`, `domain.chainId`, `body.amount`, ...).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl ApiError {
    /// An error with an explicit status.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self { status, code, field: field.into(), message: message.into(), retry_after: None }
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(field: impl Into<String>, retry_after: u64, message: impl Into<String>) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", field, message)
        }
    }

    /// 400 with a field and rule.
    pub fn bad_request(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, field, message)
    }
}

impl From<EnvelopeError> for ApiError {
    fn from(e: EnvelopeError) -> Self {
        let status = match &e {
            EnvelopeError::MalformedSignature { .. } | EnvelopeError::SignerMismatch { .. } => {
                StatusCode::UNAUTHORIZED
            }
            EnvelopeError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            EnvelopeError::WrongDomain { .. } | EnvelopeError::Body(_) => StatusCode::BAD_REQUEST,
        };
        Self::new(status, e.code(), e.field(), e.to_string())
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        let status = match &e {
            EngineError::BadNonce { .. }
            | EngineError::Ledger(LedgerError::DuplicateDeposit { .. })
            | EngineError::Ledger(LedgerError::DuplicateToken { .. })
            | EngineError::DuplicateAlliance { .. }
            | EngineError::Merkle(
                MerkleError::AlreadyPublished { .. } | MerkleError::AlreadyClaimed { .. },
            )
            | EngineError::Gauge(GaugeError::AlreadyClaimed { .. }) => StatusCode::CONFLICT,
            EngineError::MissingRole { .. }
            | EngineError::Ledger(LedgerError::NotMinter { .. })
            | EngineError::LeaderNotActor { .. }
            | EngineError::CreationRefused { .. }
            | EngineError::AllianceQuota { .. }
            | EngineError::Council(concord_core::governance::council::CouncilError::NotSigner { .. }) => {
                StatusCode::FORBIDDEN
            }
            e if incentives_forbidden(e) => StatusCode::FORBIDDEN,
            e if incentives_conflict(e) => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Self::new(status, e.code(), e.field(), e.to_string())
    }
}

/// Incentive-module rejections of who acts (403).
fn incentives_forbidden(e: &EngineError) -> bool {
    use concord_core::{
        emission::EmissionError, kernel::AuthError, vault::VaultError, vesting::VestingError,
    };
    matches!(
        e,
        EngineError::Auth(AuthError::NotAdminOrLeader { .. })
            | EngineError::Vault(VaultError::NotDistributor { .. })
            | EngineError::Emission(EmissionError::NotAdmin { .. })
            | EngineError::Vesting(VestingError::NotGrantor { .. })
            | EngineError::Mission(concord_core::mission::MissionError::NotAllowed { .. })
            | EngineError::NotAllowed { .. }
            | EngineError::Alliance(
                AllianceError::NotLeader { .. }
                    | AllianceError::NotMember { .. }
                    | AllianceError::LeaderCannotLeave { .. }
            )
    )
}

/// Incentive-module rejections of an id already taken (409).
fn incentives_conflict(e: &EngineError) -> bool {
    use concord_core::{emission::EmissionError, split::SplitError, vault::VaultError};
    matches!(
        e,
        EngineError::Vault(VaultError::DuplicateVault { .. })
            | EngineError::Emission(EmissionError::DuplicateEmission { .. })
            | EngineError::Split(SplitError::DuplicateSplit { .. })
            | EngineError::ShareVault(concord_core::share_vault::ShareVaultError::DuplicateVault { .. })
            | EngineError::Alliance(
                AllianceError::AlreadyExiting { .. } | AllianceError::AlreadyExited { .. }
            )
    )
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> Self {
        match e {
            SubmitError::Envelope(e) => e.into(),
            SubmitError::Engine(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail { code: self.code.to_owned(), field: self.field, message: self.message },
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Handler result.
pub type ApiResult<T> = Result<T, ApiError>;
