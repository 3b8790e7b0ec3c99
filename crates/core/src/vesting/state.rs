//! Vesting state: grants by id, their curve, and the kernel's lock-ups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{VestingError, VestingResult};
use crate::kernel::Lockups;
use crate::types::{Address, Amount, Timestamp, TokenId};

/// A vesting grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    /// Sequential id, from 1.
    pub id: u64,
    /// Who funded it (and may revoke it if revocable).
    pub grantor: Address,
    /// Who receives the vested tokens.
    pub beneficiary: Address,
    /// The token.
    pub token: TokenId,
    /// Total granted, in base units.
    pub total: Amount,
    /// Vesting start.
    pub start: Timestamp,
    /// Seconds after `start` before which nothing vests.
    pub cliff_secs: u64,
    /// Seconds from `start` to full vesting.
    pub duration_secs: u64,
    /// Whether the grantor may revoke the unvested part.
    pub revocable: bool,
    /// Released to the beneficiary so far.
    pub released: Amount,
    /// Set when revoked.
    pub revoked: Option<Revocation>,
    /// The account holding the unreleased tokens.
    pub account: Address,
}

/// A grant's revocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// When.
    pub at: Timestamp,
    /// What had vested then (the beneficiary keeps it all).
    pub vested: Amount,
    /// What went back to the grantor.
    pub returned: Amount,
}

impl Grant {
    /// The cliff time, `start + cliff_secs`.
    pub fn cliff(&self) -> Timestamp {
        Timestamp(self.start.0.saturating_add(self.cliff_secs))
    }

    /// The end, `start + duration_secs` (checked at creation).
    pub fn end(&self) -> Timestamp {
        Timestamp(self.start.0.saturating_add(self.duration_secs))
    }

    /// OpenZeppelin `vestedAmount(t)` with a cliff; after a revocation, what
    /// had vested at revocation time.
    pub fn vested_at(&self, at: Timestamp) -> Amount {
        if let Some(r) = self.revoked {
            return r.vested;
        }
        schedule(self.total, self.start, self.cliff_secs, self.duration_secs, at)
    }

    /// Vested but not yet released.
    pub fn releasable_at(&self, at: Timestamp) -> Amount {
        // vested is non-decreasing and released ≤ vested at the last release.
        self.vested_at(at).checked_sub(self.released).unwrap_or(Amount::ZERO)
    }
}

/// The vesting curve: 0 before `start + cliff_secs`, `total` from
/// `start + duration_secs`, else `⌊total · (t − start) / duration_secs⌋`.
pub fn schedule(
    total: Amount,
    start: Timestamp,
    cliff_secs: u64,
    duration_secs: u64,
    at: Timestamp,
) -> Amount {
    if at.0 < start.0.saturating_add(cliff_secs) {
        return Amount::ZERO;
    }
    if at.0 >= start.0.saturating_add(duration_secs) {
        return total;
    }
    // start ≤ start + cliff ≤ at < start + duration, so duration > 0 and the
    // result is < total.
    total.mul_div_floor(u128::from(at.0 - start.0), u128::from(duration_secs)).unwrap_or(total)
}

/// Grants by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantBook {
    /// The last grant id used (0 before the first).
    pub last_id: u64,
    /// Grants by id.
    pub by_id: BTreeMap<u64, Grant>,
}

impl GrantBook {
    pub(super) fn grant(&self, id: u64) -> VestingResult<&Grant> {
        self.by_id.get(&id).ok_or(VestingError::UnknownGrant { grant: id })
    }
}

/// The vesting state: the mechanism's grants, and the lock-ups the kernel
/// checks (kept here so the state's encoding is unchanged).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VestingState {
    /// Grants.
    pub grants: GrantBook,
    /// Active lock-ups by account, then token (the kernel's).
    pub lockups: Lockups,
}

/// The derived account holding grant `id`'s tokens.
pub fn grant_account(id: u64) -> Address {
    Address::derived(&format!("vesting:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_follows_openzeppelin_with_a_cliff() {
        let total = Amount(1_000);
        // start 100, cliff 10 s, duration 40 s.
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(109)), Amount(0));
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(110)), Amount(250));
        // 1000 · 13 / 40 = 325 exactly; 1000 · 11 / 40 = 275.
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(111)), Amount(275));
        assert_eq!(schedule(total, Timestamp(100), 10, 40, Timestamp(140)), total);
        // Zero duration: all at start.
        assert_eq!(schedule(total, Timestamp(100), 0, 0, Timestamp(100)), total);
        assert_eq!(schedule(total, Timestamp(100), 0, 0, Timestamp(99)), Amount(0));
    }
}
