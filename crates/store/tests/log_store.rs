//! The log's contract, run against both backends.

use concord_core::B256;
use concord_core::log::ReplayError;
use concord_store::{Store, StoreError, VerifyError, verify};

use crate::fixture::{entries, genesis, postgres, sqlite};

async fn appends_pages_and_verifies(store: &dyn Store) {
    let (entries, chain) = entries();
    assert_eq!(store.genesis().await.unwrap(), None);
    store.init(&genesis()).await.unwrap();
    assert_eq!(store.genesis().await.unwrap(), Some(genesis()));
    // Re-initialising with the same genesis is a no-op.
    store.init(&genesis()).await.unwrap();
    assert_eq!(store.head().await.unwrap(), None);
    for entry in &entries {
        store.append(entry).await.unwrap();
    }
    assert_eq!(store.head().await.unwrap(), Some((4, entries[3].hash)));
    let page = store.entries(1, 2).await.unwrap();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(page[0], entries[1]);
    assert!(store.entries(4, 10).await.unwrap().is_empty());

    let verified = verify(store).await.unwrap();
    assert_eq!(verified.entries, 4);
    assert_eq!(verified.head, chain.head());
    assert_eq!(verified.state_hash, chain.engine().state_hash());
    assert_eq!(verified.genesis, genesis().hash);
}

async fn rejects_appends_that_do_not_extend_the_head(store: &dyn Store) {
    let (entries, _) = entries();
    store.init(&genesis()).await.unwrap();
    // seq 2 before seq 1.
    let err = store.append(&entries[1]).await.unwrap_err();
    assert!(matches!(err, StoreError::NotNext { seq: 2, head_seq: 0, .. }), "{err}");
    store.append(&entries[0]).await.unwrap();
    // A replayed append of seq 1.
    let err = store.append(&entries[0]).await.unwrap_err();
    assert!(matches!(err, StoreError::NotNext { seq: 1, head_seq: 1, .. }), "{err}");
    // The right seq with a wrong link.
    let mut forged = entries[1].clone();
    forged.prev_hash = B256::repeat_byte(7);
    let err = store.append(&forged).await.unwrap_err();
    assert!(matches!(err, StoreError::NotNext { seq: 2, head_seq: 1, .. }), "{err}");
    assert_eq!(store.head().await.unwrap(), Some((1, entries[0].hash)));
}

async fn refuses_another_charter(store: &dyn Store) {
    store.init(&genesis()).await.unwrap();
    let mut other = genesis();
    other.hash = B256::repeat_byte(1);
    let err = store.init(&other).await.unwrap_err();
    assert!(
        matches!(err, StoreError::GenesisMismatch { stored, given } if stored == genesis().hash && given == other.hash)
    );
}

#[tokio::test]
async fn sqlite_appends_pages_and_verifies() {
    let (store, _dir) = sqlite().await;
    appends_pages_and_verifies(&store).await;
}

#[tokio::test]
async fn postgres_appends_pages_and_verifies() {
    appends_pages_and_verifies(&postgres().await).await;
}

#[tokio::test]
async fn sqlite_rejects_appends_that_do_not_extend_the_head() {
    let (store, _dir) = sqlite().await;
    rejects_appends_that_do_not_extend_the_head(&store).await;
}

#[tokio::test]
async fn postgres_rejects_appends_that_do_not_extend_the_head() {
    rejects_appends_that_do_not_extend_the_head(&postgres().await).await;
}

#[tokio::test]
async fn sqlite_refuses_another_charter() {
    let (store, _dir) = sqlite().await;
    refuses_another_charter(&store).await;
}

#[tokio::test]
async fn postgres_refuses_another_charter() {
    refuses_another_charter(&postgres().await).await;
}

#[tokio::test]
async fn both_backends_give_the_same_head_and_state_hash() {
    let (lite, _dir) = sqlite().await;
    let pg = postgres().await;
    for store in [&lite as &dyn Store, &pg] {
        store.init(&genesis()).await.unwrap();
        for entry in &entries().0 {
            store.append(entry).await.unwrap();
        }
    }
    assert_eq!(verify(&lite).await.unwrap(), verify(&pg).await.unwrap());
}

#[tokio::test]
async fn sqlite_log_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.db");
    let path = path.to_str().unwrap();
    let (entries, _) = entries();
    {
        let store = concord_store::open(path).await.unwrap();
        store.init(&genesis()).await.unwrap();
        store.append(&entries[0]).await.unwrap();
    }
    let store = concord_store::open(&format!("sqlite:{path}")).await.unwrap();
    assert_eq!(store.head().await.unwrap(), Some((1, entries[0].hash)));
}

/// Sets up a full log and then rewrites one row with raw SQL.
async fn tampered(sql: &'static str) -> VerifyError {
    let (store, _dir) = sqlite().await;
    store.init(&genesis()).await.unwrap();
    for entry in &entries().0 {
        store.append(entry).await.unwrap();
    }
    sqlx::query(sql).execute(store.pool()).await.unwrap();
    verify(&store).await.unwrap_err()
}

#[tokio::test]
async fn verify_reports_a_tampered_amount_at_its_seq() {
    // Raise the amount of the transfer at seq 3 from 200 to 900.
    let err = tampered(
        "UPDATE concord_log SET command = replace(command, '\\\"200\\\"', '\\\"900\\\"') WHERE seq = 3",
    )
    .await;
    assert!(matches!(err, VerifyError::Replay(ReplayError::Tampered { seq: 3, .. })), "{err}");
}

#[tokio::test]
async fn verify_reports_a_missing_entry_at_its_seq() {
    let err = tampered("DELETE FROM concord_log WHERE seq = 2").await;
    assert!(matches!(err, VerifyError::Replay(ReplayError::Missing { expected: 2, found: 3 })), "{err}");
}

#[tokio::test]
async fn verify_reports_a_rewritten_time_at_its_seq() {
    let err = tampered("UPDATE concord_log SET at = at + 1 WHERE seq = 4").await;
    assert!(matches!(err, VerifyError::Replay(ReplayError::Tampered { seq: 4, .. })), "{err}");
}

#[tokio::test]
async fn verify_reports_an_unreadable_row_at_its_seq() {
    let err = tampered("UPDATE concord_log SET command = '{not json' WHERE seq = 2").await;
    assert!(matches!(err, VerifyError::Store(StoreError::Corrupt { seq: 2, .. })), "{err}");
}

#[tokio::test]
async fn verify_reports_a_rewritten_charter() {
    let err = tampered("UPDATE concord_meta SET value = replace(value, 'duration_days = 365', 'duration_days = 366') WHERE key = 'charter_toml'").await;
    assert!(matches!(err, VerifyError::GenesisTampered { .. }), "{err}");
}

/// `settled_head` waits for a writer whose transaction is still open (as a
/// failed append's session may be while it ends) and then sees its outcome;
/// a plain `head` read at the same moment does not.
#[tokio::test]
async fn postgres_settled_head_waits_for_an_open_append() {
    let store = postgres().await;
    let (entries, _) = entries();
    store.init(&genesis()).await.unwrap();
    store.append(&entries[0]).await.unwrap();
    let mut writer = store.pool().begin().await.unwrap();
    let insert = format!(
        "INSERT INTO concord_log (seq, at, actor, command, prev_hash, hash) \
         SELECT 2, at, actor, command, hash, '{}' FROM concord_log WHERE seq = 1",
        entries[1].hash
    );
    sqlx::query(sqlx::AssertSqlSafe(insert)).execute(&mut *writer).await.unwrap();

    let settling = {
        let store = store.clone();
        tokio::spawn(async move { store.settled_head().await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!settling.is_finished(), "settled_head returned while an append was open");
    assert_eq!(store.head().await.unwrap(), Some((1, entries[0].hash)));
    writer.commit().await.unwrap();
    assert_eq!(settling.await.unwrap().unwrap(), Some((2, entries[1].hash)));
}

#[tokio::test]
async fn sqlite_settled_head_is_the_head() {
    let (store, _dir) = sqlite().await;
    let (entries, _) = entries();
    store.init(&genesis()).await.unwrap();
    assert_eq!(store.settled_head().await.unwrap(), None);
    store.append(&entries[0]).await.unwrap();
    assert_eq!(store.settled_head().await.unwrap(), Some((1, entries[0].hash)));
}
