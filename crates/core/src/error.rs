//! The engine's error: every way a command can be rejected. A rejected
//! command changes nothing.

use crate::emission::EmissionError;
use crate::errors_macro::error_codes;
use crate::escrow::EscrowError;
use crate::gauge::GaugeError;
use crate::governance::GovernanceError;
use crate::governance::council::CouncilError;
use crate::kernel::AuthError;
use crate::ledger::LedgerError;
use crate::merkle::MerkleError;
use crate::problem::{Problem, render};
use crate::roles::Role;
use crate::split::SplitError;
use crate::types::{Address, AllianceId, Timestamp};
use crate::vault::VaultError;
use crate::vesting::VestingError;

/// Why the engine rejected a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The zero address cannot act.
    #[error("actor: must not be the zero address")]
    ZeroActor,
    /// Commands arrive in time order.
    #[error("at: {got} is earlier than the previous command's time {last}; time never goes back")]
    ClockWentBack {
        /// The previous command's time.
        last: Timestamp,
        /// This command's time.
        got: Timestamp,
    },
    /// Signed commands carry the account's next nonce.
    #[error("nonce: expected {expected} for {account}, got {got} (stale or replayed)")]
    BadNonce {
        /// The signer.
        account: Address,
        /// The next nonce.
        expected: u64,
        /// The nonce in the command.
        got: u64,
    },
    /// The actor lacks a role the command needs.
    #[error("actor: {actor} does not hold the {role} role")]
    MissingRole {
        /// Who tried.
        actor: Address,
        /// The role needed.
        role: Role,
    },
    /// Granting a role already held, or revoking one not held.
    #[error("body.account: {account} {} the {role} role", if *.held { "already holds" } else { "does not hold" })]
    RoleUnchanged {
        /// The account.
        account: Address,
        /// The role.
        role: Role,
        /// Whether the account holds it.
        held: bool,
    },
    /// The hub keeps at least one admin.
    #[error("body.account: {account} is the last admin and cannot be revoked")]
    LastAdmin {
        /// The last admin.
        account: Address,
    },
    /// A ledger rule was broken.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The actor may not do this, or the alliance is unknown.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// An alliance with this id exists.
    #[error("body.id: alliance `{id}` already exists")]
    DuplicateAlliance {
        /// The id.
        id: AllianceId,
    },
    /// A new alliance is led by whoever creates it.
    #[error("body.leader: must be the actor {actor}, got {leader}")]
    LeaderNotActor {
        /// Who created it.
        actor: Address,
        /// The leader named.
        leader: Address,
    },
    /// The charter's policy does not let this account create alliances.
    #[error("actor: {actor} may not create an alliance: {rule}")]
    CreationRefused {
        /// Who tried.
        actor: Address,
        /// The policy's rule.
        rule: &'static str,
    },
    /// The account already leads as many alliances as the open policy allows.
    #[error(
        "actor: {actor} already leads {max} alliances created after genesis, the most this hub allows per address"
    )]
    AllianceQuota {
        /// Who tried.
        actor: Address,
        /// The quota.
        max: u32,
    },
    /// A governance rule was broken.
    #[error(transparent)]
    Governance(#[from] GovernanceError),
    /// A council rule was broken.
    #[error(transparent)]
    Council(#[from] CouncilError),
    /// An alliance definition breaks rules (all listed).
    #[error("{}", render(.problems))]
    InvalidAlliance {
        /// Every broken rule.
        problems: Vec<Problem>,
    },
    /// A vault rule was broken.
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// An emission rule was broken.
    #[error(transparent)]
    Emission(#[from] EmissionError),
    /// A vesting or lock-up rule was broken.
    #[error(transparent)]
    Vesting(#[from] VestingError),
    /// A fee-split rule was broken.
    #[error(transparent)]
    Split(#[from] SplitError),
    /// A vote-escrow rule was broken.
    #[error(transparent)]
    Escrow(#[from] EscrowError),
    /// A gauge or vote-incentive rule was broken.
    #[error(transparent)]
    Gauge(#[from] GaugeError),
    /// A Merkle reward rule was broken.
    #[error(transparent)]
    Merkle(#[from] MerkleError),
    /// A board profile breaks a rule.
    #[error("{}", crate::problem::render(.problems))]
    InvalidProfile {
        /// Every broken rule.
        problems: Vec<crate::problem::Problem>,
    },
    /// A mission rule was broken.
    #[error(transparent)]
    Mission(#[from] crate::mission::MissionError),
    /// A scorecard or a candidate's card breaks a rule.
    #[error("{}", crate::problem::render(.problems))]
    InvalidScorecard {
        /// Every broken rule.
        problems: Vec<crate::problem::Problem>,
    },
    /// A roadmap or exit command broke a rule.
    #[error(transparent)]
    Alliance(#[from] crate::alliance::AllianceError),
    /// A share vault command broke a rule.
    #[error(transparent)]
    ShareVault(#[from] crate::share_vault::ShareVaultError),
    /// The actor may not do this.
    #[error("actor: {rule}")]
    NotAllowed {
        /// The rule.
        rule: String,
    },
}

error_codes! {
    EngineError {
        ZeroActor => "zero_actor", "actor";
        ClockWentBack => "clock_went_back", "at";
        BadNonce => "bad_nonce", "nonce";
        MissingRole => "missing_role", "actor";
        RoleUnchanged => "role_unchanged", "body.account";
        LastAdmin => "last_admin", "body.account";
        Ledger(e) => e.code(), e.field();
        Auth(e) => e.code(), e.field();
        DuplicateAlliance => "duplicate_alliance", "body.id";
        LeaderNotActor => "leader_not_actor", "body.leader";
        CreationRefused => "alliance_creation_refused", "actor";
        AllianceQuota => "alliance_quota", "actor";
        Governance(e) => e.code(), e.field();
        Council(e) => e.code(), e.field();
        InvalidAlliance { problems, .. } => "invalid_alliance", problems.first().map_or("body", |p| &p.path);
        Vault(e) => e.code(), e.field();
        Emission(e) => e.code(), e.field();
        Vesting(e) => e.code(), e.field();
        Split(e) => e.code(), e.field();
        Escrow(e) => e.code(), e.field();
        Gauge(e) => e.code(), e.field();
        Merkle(e) => e.code(), e.field();
        Mission(e) => e.code(), e.field();
        InvalidProfile { problems, .. } => "invalid_profile", problems.first().map_or("body", |p| &p.path);
        InvalidScorecard { problems, .. } => "invalid_scorecard", problems.first().map_or("body", |p| &p.path);
        ShareVault(e) => e.code(), e.field();
        Alliance(e) => e.code(), e.field();
        NotAllowed => "not_allowed", "actor";
    }
}

/// Engine result.
pub type EngineResult<T> = Result<T, EngineError>;
#[cfg(test)]
mod tests {
    /// Every `Result<_, EngineError>` in the workspace stays under clippy's
    /// `result_large_err` budget (128 bytes); `ReplayError` boxes it.
    #[test]
    fn the_engine_error_stays_small() {
        assert!(
            std::mem::size_of::<super::EngineError>() <= 112,
            "{}",
            std::mem::size_of::<super::EngineError>()
        );
    }
}
