//! Row ⇄ entry conversion shared by both backends.

use concord_core::log::LogEntry;
use concord_core::{Address, B256, Timestamp};

use crate::{StoreError, StoreResult};

/// The schema, shared by SQLite and PostgreSQL.
pub(crate) const SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS concord_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS concord_log (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, \
     actor TEXT NOT NULL, command TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
];

pub(crate) const SELECT_META: &str = "SELECT value FROM concord_meta WHERE key = $1";
pub(crate) const INSERT_META: &str = "INSERT INTO concord_meta (key, value) VALUES ($1, $2)";
pub(crate) const SELECT_HEAD: &str = "SELECT seq, hash FROM concord_log ORDER BY seq DESC LIMIT 1";
pub(crate) const INSERT_ENTRY: &str =
    "INSERT INTO concord_log (seq, at, actor, command, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)";
pub(crate) const SELECT_ENTRIES: &str =
    "SELECT seq, at, actor, command, prev_hash, hash FROM concord_log WHERE seq > $1 ORDER BY seq LIMIT $2";

/// An entry as stored.
pub(crate) struct Row {
    pub(crate) seq: i64,
    pub(crate) at: i64,
    pub(crate) actor: String,
    pub(crate) command: String,
    pub(crate) prev_hash: String,
    pub(crate) hash: String,
}

fn to_i64(value: u64, seq: u64, what: &str) -> StoreResult<i64> {
    i64::try_from(value)
        .map_err(|_| StoreError::Corrupt { seq, reason: format!("{what} {value} exceeds 2^63 - 1") })
}

impl Row {
    pub(crate) fn from_entry(entry: &LogEntry) -> StoreResult<Self> {
        let command = serde_json::to_string(&entry.envelope)
            .map_err(|e| StoreError::Corrupt { seq: entry.seq, reason: e.to_string() })?;
        Ok(Self {
            seq: to_i64(entry.seq, entry.seq, "seq")?,
            at: to_i64(entry.at.0, entry.seq, "at")?,
            actor: entry.actor.to_string(),
            command,
            prev_hash: entry.prev_hash.to_string(),
            hash: entry.hash.to_string(),
        })
    }

    pub(crate) fn into_entry(self) -> StoreResult<LogEntry> {
        let seq = u64::try_from(self.seq)
            .map_err(|_| StoreError::Corrupt { seq: 0, reason: format!("negative seq {}", self.seq) })?;
        let corrupt = |reason: String| StoreError::Corrupt { seq, reason };
        Ok(LogEntry {
            seq,
            at: Timestamp(u64::try_from(self.at).map_err(|_| corrupt(format!("negative at {}", self.at)))?),
            actor: self.actor.parse::<Address>().map_err(|e| corrupt(format!("actor: {e}")))?,
            envelope: serde_json::from_str(&self.command).map_err(|e| corrupt(format!("command: {e}")))?,
            prev_hash: parse_hash(&self.prev_hash).map_err(|e| corrupt(format!("prev_hash: {e}")))?,
            hash: parse_hash(&self.hash).map_err(|e| corrupt(format!("hash: {e}")))?,
        })
    }
}

pub(crate) fn parse_hash(text: &str) -> Result<B256, String> {
    text.parse::<B256>().map_err(|e| e.to_string())
}

pub(crate) fn head_from(row: Option<(i64, String)>) -> StoreResult<Option<(u64, B256)>> {
    row.map(|(seq, hash)| {
        let seq_u = u64::try_from(seq)
            .map_err(|_| StoreError::Corrupt { seq: 0, reason: format!("negative seq {seq}") })?;
        let hash = parse_hash(&hash).map_err(|reason| StoreError::Corrupt { seq: seq_u, reason })?;
        Ok((seq_u, hash))
    })
    .transpose()
}

/// Checks that `entry` extends `head` (None = empty log, linking to genesis).
pub(crate) fn check_next(entry: &LogEntry, head: Option<(u64, B256)>, genesis: B256) -> StoreResult<()> {
    let (head_seq, head_hash) = head.unwrap_or((0, genesis));
    if entry.seq != head_seq + 1 || entry.prev_hash != head_hash {
        return Err(StoreError::NotNext { seq: entry.seq, head_seq, head_hash });
    }
    Ok(())
}

pub(crate) const GENESIS_HASH_KEY: &str = "genesis_hash";
pub(crate) const CHARTER_KEY: &str = "charter_toml";
