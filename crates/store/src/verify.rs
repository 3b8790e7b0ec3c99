//! `verify`: replay a stored log from its genesis charter and prove the chain
//! head and the final state hash, reporting the first bad entry by seq.

use concord_core::B256;
use concord_core::charter::Charter;
use concord_core::engine::genesis_hash;
use concord_core::log::{Chain, ReplayError};
use concord_core::problem::{Problem, render};

use crate::{Store, StoreError, for_each_entry};

/// A log that verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// Number of entries replayed.
    pub entries: u64,
    /// The genesis hash.
    pub genesis: B256,
    /// The chain head (the last entry's hash, or the genesis hash).
    pub head: B256,
    /// keccak256 of the final state's canonical encoding.
    pub state_hash: B256,
}

/// Why a log does not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The store failed or holds an unreadable row.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored charter does not parse.
    #[error("genesis charter is invalid:\n{}", render(.0))]
    Charter(Vec<Problem>),
    /// The stored charter does not match the stored genesis hash.
    #[error("genesis: the stored charter hashes to {computed}, but the log records {stored}")]
    GenesisTampered {
        /// The recorded hash.
        stored: B256,
        /// The charter's hash.
        computed: B256,
    },
    /// An entry fails to replay.
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

/// Loads the genesis charter and replays every entry into a [`Chain`].
pub async fn replay(store: &dyn Store) -> Result<(Chain, B256), VerifyError> {
    let genesis = store.genesis().await?.ok_or(StoreError::NoGenesis)?;
    let charter = Charter::parse(&genesis.charter_toml).map_err(VerifyError::Charter)?;
    let computed = genesis_hash(&charter);
    if computed != genesis.hash {
        return Err(VerifyError::GenesisTampered { stored: genesis.hash, computed });
    }
    let mut chain = Chain::genesis(&charter);
    for_each_entry(store, 0, |entry| chain.replay(&entry).map(drop).map_err(VerifyError::from)).await?;
    Ok((chain, genesis.hash))
}

/// Verifies a whole log.
pub async fn verify(store: &dyn Store) -> Result<Verified, VerifyError> {
    let (chain, genesis) = replay(store).await?;
    Ok(Verified {
        entries: chain.seq(),
        genesis,
        head: chain.head(),
        state_hash: chain.engine().state_hash(),
    })
}
