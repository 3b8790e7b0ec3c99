//! Hub roles: admins register tokens and grant roles; relayers record
//! home-chain deposits. (Each token's minter is an attribute of the token.)

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::types::Address;

/// A hub-wide role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Registers tokens, sets minters, grants and revokes roles.
    Admin,
    /// Records deposits made on a token's home chain.
    Relayer,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Admin => "admin",
            Self::Relayer => "relayer",
        })
    }
}

/// Who holds each role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    /// Admins.
    pub admins: BTreeSet<Address>,
    /// Relayers.
    pub relayers: BTreeSet<Address>,
}

impl Roles {
    /// The holders of a role.
    pub fn holders(&self, role: Role) -> &BTreeSet<Address> {
        match role {
            Role::Admin => &self.admins,
            Role::Relayer => &self.relayers,
        }
    }

    /// The holders of a role, mutably.
    pub fn holders_mut(&mut self, role: Role) -> &mut BTreeSet<Address> {
        match role {
            Role::Admin => &mut self.admins,
            Role::Relayer => &mut self.relayers,
        }
    }

    /// Whether `account` holds `role`.
    pub fn has(&self, role: Role, account: Address) -> bool {
        self.holders(role).contains(&account)
    }

    /// `Ok` if `actor` holds `role`, else `MissingRole`.
    pub fn require(&self, role: Role, actor: Address) -> crate::error::EngineResult<()> {
        if self.has(role, actor) {
            Ok(())
        } else {
            Err(crate::error::EngineError::MissingRole { actor, role })
        }
    }
}

/// Give `account` a role (admin only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantRole {
    /// The role.
    pub role: Role,
    /// Who receives it.
    pub account: Address,
}

/// Take a role from `account` (admin only; the last admin stays).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeRole {
    /// The role.
    pub role: Role,
    /// Who loses it.
    pub account: Address,
}

/// A role was granted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGranted {
    /// The role.
    pub role: Role,
    /// The new holder.
    pub account: Address,
}

/// A role was revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRevoked {
    /// The role.
    pub role: Role,
    /// The former holder.
    pub account: Address,
}
