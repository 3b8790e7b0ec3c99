#!/usr/bin/env bash
# Kill -9 test of the hub on SQLite and PostgreSQL: concurrent signed load,
# SIGKILL at random moments, restart, check that no acknowledged command is
# lost and that `concord verify` gives the restarted hub's state hash.
# Usage: scripts/crash-test.sh [KILLS per backend, default 20] [CLIENTS, default 8]
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-20}"
clients="${2:-8}"
cargo build -q -p concord -p concord-server --example crash_test
target="${CARGO_TARGET_DIR:-target}"
bin="$target/debug/concord"
tool="$target/debug/examples/crash_test"
work=$(mktemp -d)
db="concord_crash_$$"
cleanup() {
  rm -rf "$work"
  psql -h 127.0.0.1 -U postgres -d test -qtAc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "==> SQLite: $kills kills, $clients clients"
"$tool" "$bin" "sqlite:$work/hub.db" "$kills" "$clients"

echo "==> PostgreSQL: $kills kills, $clients clients"
psql -h 127.0.0.1 -U postgres -d test -qtAc "CREATE DATABASE $db" >/dev/null
"$tool" "$bin" "postgres://postgres@127.0.0.1:5432/$db" "$kills" "$clients"
