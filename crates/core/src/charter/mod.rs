//! The charter: the hub's genesis, written in TOML.
//!
//! A charter names the hub (chain id, admins, relayers), its tokens, and the
//! genesis alliance (leader, members and communities, mission, agreement,
//! decision model). [`Charter::parse`] reads it and reports *every* problem
//! with its path and rule; [`templates`] holds one commented charter per
//! alliance model for `concord init`.

mod read;
mod read_governance;
mod read_roadmap;
mod reader;
pub mod templates;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::alliance::AllianceSpec;
use crate::ledger::Token;
use crate::problem::{Problem, Problems};
use crate::types::{Address, ChainId};
use crate::vault::CreateVault;

/// Largest charter accepted, in bytes.
pub const MAX_CHARTER_BYTES: usize = 1 << 20;
/// Most tokens a charter may register.
pub const MAX_TOKENS: usize = 64;

/// Hub-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubSpec {
    /// The chain id of the EIP-712 domain that signed commands use.
    pub chain_id: ChainId,
    /// Accounts allowed to register tokens and grant roles.
    pub admins: Vec<Address>,
    /// Accounts allowed to record home-chain deposits.
    pub relayers: Vec<Address>,
    /// Who may create alliances after genesis. Left out of the canonical
    /// encoding when it is the default, so charters written before it keep
    /// their genesis hash.
    #[serde(default, skip_serializing_if = "AlliancePolicy::is_default")]
    pub alliance_creation: AlliancePolicy,
}

/// Who may create alliances after genesis: each alliance is kept and replayed
/// forever, so a hub chooses who may add them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlliancePolicy {
    /// Anyone, leading at most `per_address` alliances created after genesis.
    Open {
        /// Most alliances one address may lead.
        per_address: u32,
    },
    /// Admins and these accounts.
    Allowlist {
        /// Who may create alliances besides the admins.
        accounts: Vec<Address>,
    },
    /// Admins only.
    Admin,
}

impl AlliancePolicy {
    /// The default quota of the open policy.
    pub const DEFAULT_PER_ADDRESS: u32 = 3;

    /// Whether this is the default (open, 3 per address).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for AlliancePolicy {
    fn default() -> Self {
        Self::Open { per_address: Self::DEFAULT_PER_ADDRESS }
    }
}

/// A validated charter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charter {
    /// Hub settings.
    pub hub: HubSpec,
    /// Tokens registered at genesis.
    pub tokens: Vec<Token>,
    /// The genesis alliance.
    pub alliance: AllianceSpec,
    /// Staking vaults created at genesis (`[[vaults]]`, optional), with the
    /// same fields as the `create-vault` command.
    #[serde(default)]
    pub vaults: Vec<CreateVault>,
}

impl Charter {
    /// Parses and validates TOML, listing every problem found.
    pub fn parse(text: &str) -> Result<Self, Vec<Problem>> {
        if text.len() > MAX_CHARTER_BYTES {
            return Err(vec![Problem::new(
                "charter",
                format!("must be at most {MAX_CHARTER_BYTES} bytes, got {}", text.len()),
            )]);
        }
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| vec![syntax_problem(text, &e)])?;
        let mut problems = Problems::default();
        let parts = read::charter(&table, &mut problems);
        if let Some(hub) = &parts.hub {
            check_hub(hub, &mut problems);
        }
        check_tokens(parts.tokens.iter().map(Option::as_ref), &mut problems);
        if let Some(alliance) = &parts.alliance {
            alliance.check("alliance", &|id| parts.token_ids.get(&id).copied(), &mut problems);
        }
        check_vaults(
            parts.vaults.iter().map(Option::as_ref),
            parts.alliance.as_ref().map(|a| &a.id),
            &|id| parts.token_ids.contains_key(&id),
            &mut problems,
        );
        match parts.into_charter() {
            Some(charter) if problems.is_empty() => Ok(charter),
            _ => Err(problems.into_vec()),
        }
    }

    /// Checks the semantic rules of an already-typed charter.
    pub fn check(&self) -> Vec<Problem> {
        let mut problems = Problems::default();
        self.check_into(&mut problems);
        problems.into_vec()
    }

    fn check_into(&self, out: &mut Problems) {
        check_hub(&self.hub, out);
        check_tokens(self.tokens.iter().map(Some), out);
        let chain_of = |id| self.tokens.iter().find(|t| t.id == id).map(|t| Some(t.chain_id));
        self.alliance.check("alliance", &chain_of, out);
        let known = |id| self.tokens.iter().any(|t| t.id == id);
        check_vaults(self.vaults.iter().map(Some), Some(&self.alliance.id), &known, out);
    }
}

fn check_hub(hub: &HubSpec, out: &mut Problems) {
    out.check(hub.chain_id.0 != 0, "hub.chain_id", "must be a positive EVM chain id");
    out.check(!hub.admins.is_empty(), "hub.admins", "must name at least one admin");
    for (key, list) in [("admins", &hub.admins), ("relayers", &hub.relayers)] {
        let mut seen = BTreeSet::new();
        for (i, a) in list.iter().enumerate() {
            out.check(!a.is_zero(), format!("hub.{key}[{i}]"), "must not be the zero address");
            out.check(seen.insert(*a), format!("hub.{key}[{i}]"), format!("{a} is listed more than once"));
        }
    }
}

/// Checks the tokens that were readable (`None` marks one that was not).
fn check_tokens<'a>(tokens: impl ExactSizeIterator<Item = Option<&'a Token>>, out: &mut Problems) {
    let count = tokens.len();
    out.check(count > 0, "tokens", "must register at least one token");
    out.check(
        count <= MAX_TOKENS,
        "tokens",
        format!("must register at most {MAX_TOKENS} tokens, got {count}"),
    );
    let mut ids = BTreeSet::new();
    for (i, token) in tokens.enumerate() {
        let Some(token) = token else { continue };
        token.check(&format!("tokens[{i}]"), out);
        out.check(
            ids.insert(token.id),
            format!("tokens[{i}].id"),
            format!("`{}` is registered more than once", token.id),
        );
    }
}

/// Checks the genesis vaults that were readable: unique ids, the charter's
/// alliance, registered tokens, and each vault's own option rules.
fn check_vaults<'a>(
    vaults: impl Iterator<Item = Option<&'a CreateVault>>,
    alliance: Option<&crate::types::AllianceId>,
    token_known: &dyn Fn(crate::types::TokenId) -> bool,
    out: &mut Problems,
) {
    let mut ids = BTreeSet::new();
    for (i, vault) in vaults.enumerate() {
        let Some(v) = vault else { continue };
        let p = format!("vaults[{i}]");
        out.check(
            ids.insert(v.id.clone()),
            format!("{p}.id"),
            format!("`{}` is listed more than once", v.id),
        );
        if let Some(alliance) = alliance {
            out.check(
                &v.alliance == alliance,
                format!("{p}.alliance"),
                format!("must be the charter's alliance `{alliance}`, got `{}`", v.alliance),
            );
        }
        out.check(
            token_known(v.stake_token),
            format!("{p}.stake_token"),
            format!("unknown token `{}`", v.stake_token),
        );
        for (j, t) in v.reward_tokens.iter().enumerate() {
            out.check(token_known(*t), format!("{p}.reward_tokens[{j}]"), format!("unknown token `{t}`"));
        }
        v.check(&p, out);
    }
}

/// A TOML syntax error as a problem at its line and column.
fn syntax_problem(text: &str, error: &toml::de::Error) -> Problem {
    let message = error.message().to_owned();
    match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            // Columns count characters, as editors (and toml's own messages) do.
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            Problem::new(format!("line {line}, column {column}"), format!("TOML syntax: {message}"))
        }
        None => Problem::new("charter", format!("TOML syntax: {message}")),
    }
}
