//! The `Store` implementation shared by both backends: the SQL is the same,
//! only the pool type differs.

/// Implements [`crate::Store`] for a type with a `pool: sqlx::Pool<$db>` field.
macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl crate::Store for $store {
            async fn genesis(&self) -> crate::StoreResult<Option<crate::Genesis>> {
                let hash: Option<(String,)> = sqlx::query_as(crate::row::SELECT_META)
                    .bind(crate::row::GENESIS_HASH_KEY)
                    .fetch_optional(&self.pool)
                    .await?;
                let charter: Option<(String,)> = sqlx::query_as(crate::row::SELECT_META)
                    .bind(crate::row::CHARTER_KEY)
                    .fetch_optional(&self.pool)
                    .await?;
                match (hash, charter) {
                    (Some((hash,)), Some((charter_toml,))) => {
                        let hash = crate::row::parse_hash(&hash)
                            .map_err(|reason| crate::StoreError::Corrupt { seq: 0, reason })?;
                        Ok(Some(crate::Genesis { charter_toml, hash }))
                    }
                    _ => Ok(None),
                }
            }

            async fn init(&self, genesis: &crate::Genesis) -> crate::StoreResult<()> {
                if let Some(stored) = self.genesis().await? {
                    if stored.hash != genesis.hash {
                        return Err(crate::StoreError::GenesisMismatch {
                            stored: stored.hash,
                            given: genesis.hash,
                        });
                    }
                    return Ok(());
                }
                let mut tx = self.pool.begin().await?;
                sqlx::query(crate::row::INSERT_META)
                    .bind(crate::row::GENESIS_HASH_KEY)
                    .bind(genesis.hash.to_string())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(crate::row::INSERT_META)
                    .bind(crate::row::CHARTER_KEY)
                    .bind(&genesis.charter_toml)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn append(&self, entry: &concord_core::log::LogEntry) -> crate::StoreResult<()> {
                let row = crate::row::Row::from_entry(entry)?;
                let mut tx = self.pool.begin().await?;
                let head: Option<(i64, String)> =
                    sqlx::query_as(crate::row::SELECT_HEAD).fetch_optional(&mut *tx).await?;
                let head = crate::row::head_from(head)?;
                let genesis: Option<(String,)> = sqlx::query_as(crate::row::SELECT_META)
                    .bind(crate::row::GENESIS_HASH_KEY)
                    .fetch_optional(&mut *tx)
                    .await?;
                let (genesis,) = genesis.ok_or(crate::StoreError::NoGenesis)?;
                let genesis = crate::row::parse_hash(&genesis)
                    .map_err(|reason| crate::StoreError::Corrupt { seq: 0, reason })?;
                crate::row::check_next(entry, head, genesis)?;
                sqlx::query(crate::row::INSERT_ENTRY)
                    .bind(row.seq)
                    .bind(row.at)
                    .bind(row.actor)
                    .bind(row.command)
                    .bind(row.prev_hash)
                    .bind(row.hash)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn entries(
                &self,
                after: u64,
                limit: u32,
            ) -> crate::StoreResult<Vec<concord_core::log::LogEntry>> {
                let after = i64::try_from(after).unwrap_or(i64::MAX);
                let limit = i64::from(limit.min(crate::MAX_PAGE));
                let rows: Vec<(i64, i64, String, String, String, String)> =
                    sqlx::query_as(crate::row::SELECT_ENTRIES)
                        .bind(after)
                        .bind(limit)
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(seq, at, actor, command, prev_hash, hash)| {
                        crate::row::Row { seq, at, actor, command, prev_hash, hash }.into_entry()
                    })
                    .collect()
            }

            async fn head(&self) -> crate::StoreResult<Option<(u64, concord_core::B256)>> {
                let head: Option<(i64, String)> =
                    sqlx::query_as(crate::row::SELECT_HEAD).fetch_optional(&self.pool).await?;
                crate::row::head_from(head)
            }

            async fn settled_head(&self) -> crate::StoreResult<Option<(u64, concord_core::B256)>> {
                self.settle().await?;
                self.head().await
            }
        }
    };
}

pub(crate) use impl_store;
