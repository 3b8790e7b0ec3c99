//! Board commands and events.

use serde::{Deserialize, Serialize};

use crate::alliance::UtcOffset;
use crate::types::Address;

/// Post (or replace) one's profile on the forming board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostProfile {
    /// Skills (1 to 32, each 1 to 64 bytes).
    pub skills: Vec<String>,
    /// Intents cared about (0 to 32 slugs).
    #[serde(default)]
    pub intents: Vec<String>,
    /// Timezone (`UTC+1`, `UTC-05:30`).
    pub timezone: UtcOffset,
    /// Working hours start, local (0–23).
    pub start_hour: u8,
    /// Working hours end, local (1–24; before the start: wraps midnight).
    pub end_hour: u8,
}

/// Remove one's profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveProfile {}

/// A profile was posted, replaced or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChanged {
    /// Whose.
    pub account: Address,
    /// `posted`, `replaced` or `removed`.
    pub change: String,
}
