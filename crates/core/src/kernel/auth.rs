//! Authorisation rules shared by the mechanisms, each written once with one error.

use crate::alliance::Alliance;
use crate::error::EngineResult;
use crate::errors_macro::error_codes;
use crate::roles::Role;
use crate::types::{Address, AllianceId};

use super::Kernel;

/// Why the actor may not do what it asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No alliance has this id.
    #[error("body.alliance: unknown alliance `{alliance}`")]
    UnknownAlliance {
        /// The id.
        alliance: AllianceId,
    },
    /// Only a hub admin or the alliance's leader may do this.
    #[error("actor: {actor} is neither a hub admin nor the leader of alliance `{alliance}`")]
    NotAdminOrLeader {
        /// Who tried.
        actor: Address,
        /// The alliance.
        alliance: AllianceId,
    },
}

error_codes! {
    AuthError {
        UnknownAlliance => "unknown_alliance", "body.alliance";
        NotAdminOrLeader => "not_admin_or_leader", "actor";
    }
}

impl Kernel<'_> {
    /// `Ok` if `actor` holds `role`, else `MissingRole`.
    pub fn require(&self, role: Role, actor: Address) -> EngineResult<()> {
        self.roles().require(role, actor)
    }

    /// The alliance, or `UnknownAlliance`.
    pub fn alliance(&self, id: &AllianceId) -> Result<&Alliance, AuthError> {
        self.alliances().get(id).ok_or_else(|| AuthError::UnknownAlliance { alliance: id.clone() })
    }

    /// Whether `actor` is a hub admin or the leader of `alliance` (which must exist).
    pub fn is_admin_or_leader(&self, actor: Address, alliance: &AllianceId) -> Result<bool, AuthError> {
        let a = self.alliance(alliance)?;
        Ok(self.roles().has(Role::Admin, actor) || a.spec.leader == actor)
    }

    /// `Ok` if `actor` is a hub admin or the leader of `alliance`.
    pub fn require_admin_or_leader(&self, actor: Address, alliance: &AllianceId) -> Result<(), AuthError> {
        if self.is_admin_or_leader(actor, alliance)? {
            Ok(())
        } else {
            Err(AuthError::NotAdminOrLeader { actor, alliance: alliance.clone() })
        }
    }
}
