//! Council settings: M-of-N signers, the emergency supermajority and the
//! treasury limits council transactions must stay within.

use serde::{Deserialize, Serialize};

use crate::alliance::TokenLookup;
use crate::problem::Problems;
use crate::types::{Address, Amount, Bps, TokenId};

/// A treasury outflow limit for council transactions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreasuryLimit {
    /// The token.
    pub token: TokenId,
    /// Most the council may move per weekly epoch (`floor(t / 604800)`).
    pub per_week: Amount,
}

/// An alliance council.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouncilSpec {
    /// Signers (typically one delegate per community).
    pub signers: Vec<Address>,
    /// Approvals needed for an ordinary council transaction.
    pub threshold: u16,
    /// Share of signers needed for an emergency cancel, in bps (ceil).
    #[serde(default = "default_emergency")]
    pub emergency_bps: Bps,
    /// Per-token treasury limits; a token without a limit cannot leave the
    /// treasury by council transaction.
    #[serde(default)]
    pub limits: Vec<TreasuryLimit>,
}

fn default_emergency() -> Bps {
    Bps(6_667)
}

impl CouncilSpec {
    /// Checks every rule, naming paths under `prefix`.
    pub fn check(&self, prefix: &str, tokens: &TokenLookup<'_>, out: &mut Problems) {
        out.check(!self.signers.is_empty(), format!("{prefix}.signers"), "must name at least one signer");
        let mut seen = std::collections::BTreeSet::new();
        for (i, s) in self.signers.iter().enumerate() {
            out.check(!s.is_zero(), format!("{prefix}.signers[{i}]"), "must not be the zero address");
            out.check(
                seen.insert(*s),
                format!("{prefix}.signers[{i}]"),
                format!("{s} is listed more than once"),
            );
        }
        out.check(
            self.threshold >= 1 && usize::from(self.threshold) <= self.signers.len(),
            format!("{prefix}.threshold"),
            format!(
                "must be between 1 and the number of signers ({}), got {}",
                self.signers.len(),
                self.threshold
            ),
        );
        out.check(
            self.emergency_bps.0 > 0 && self.emergency_bps.is_valid(),
            format!("{prefix}.emergency_bps"),
            format!("must be between 1 and 10000, got {}", self.emergency_bps.0),
        );
        let mut limited = std::collections::BTreeSet::new();
        for (i, l) in self.limits.iter().enumerate() {
            out.check(
                tokens(l.token).is_some(),
                format!("{prefix}.limits[{i}].token"),
                format!("unknown token `{}`", l.token),
            );
            out.check(
                limited.insert(l.token),
                format!("{prefix}.limits[{i}].token"),
                format!("`{}` has more than one limit", l.token),
            );
        }
    }
}
