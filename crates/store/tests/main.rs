//! concord-store integration tests: the same suite on SQLite and on a real
//! PostgreSQL server (127.0.0.1:5432, or `CONCORD_TEST_PG`).

mod fixture;
mod log_store;
