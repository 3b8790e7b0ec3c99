#!/usr/bin/env bash
# Concord's test command. Sets up what the tests need on a bare machine, then
# runs every test in the workspace:
#   - npm packages for the wallet-interop tests (viem), from interop/package-lock.json
#   - Debian's chromium and playwright-core (browser/package-lock.json) for the report test
#   - openapi-spec-validator from PyPI, for the OpenAPI document test
#   - a running PostgreSQL at 127.0.0.1:5432 (started if it is down)
# Usage: scripts/test.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

# --- Node.js and the interop packages ---------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "installing Node.js and npm (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d interop/node_modules/viem ] || [ ! -d interop/node_modules/@openzeppelin/merkle-tree ] || [ interop/package-lock.json -nt interop/node_modules/.package-lock.json ]; then
  say "installing interop npm packages (npm ci)"
  npm ci --prefix interop --no-audit --no-fund --loglevel=error
fi

# --- Chromium and playwright-core for the simulation-report browser test -------
# (crates/cli/tests/browser.rs; set CONCORD_SKIP_BROWSER=1 to skip it)
if [ -z "${CONCORD_SKIP_BROWSER:-}" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing chromium (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d browser/node_modules/playwright-core ] || [ browser/package-lock.json -nt browser/node_modules/.package-lock.json ]; then
    say "installing browser npm packages (npm ci)"
    npm ci --prefix browser --no-audit --no-fund --loglevel=error
  fi
fi

# --- Python: openapi-spec-validator checks the hub's OpenAPI document -----------
if ! python3 -c 'import openapi_spec_validator' >/dev/null 2>&1; then
  say "installing openapi-spec-validator (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator 2>&1 | grep -v "Running pip as the 'root' user" || true
  python3 -c 'import openapi_spec_validator' || { echo "openapi-spec-validator did not install" >&2; exit 1; }
fi

# --- PostgreSQL ----------------------------------------------------------------
export CONCORD_TEST_PG="${CONCORD_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}"
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian packages)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! pg_up; then
  say "starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL did not start" >&2; exit 1; }
fi
# A fresh cluster may lack the trust-auth test database the tests use.
if ! psql -h 127.0.0.1 -U postgres -d test -tAc 'select 1' >/dev/null 2>&1; then
  say "creating database test"
  su postgres -c "createdb test" 2>/dev/null || createdb -h 127.0.0.1 -U postgres test
fi
# Drop schemas left behind by earlier test runs.
psql -h 127.0.0.1 -U postgres -d test -qtAc "
  DO \$\$ DECLARE s text; BEGIN
    FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'concord\_%test\_%' LOOP
      EXECUTE format('DROP SCHEMA %I CASCADE', s);
    END LOOP;
  END \$\$;" >/dev/null

# --- The tests -------------------------------------------------------------------
say "cargo test --workspace"
cargo test --workspace "$@"

# --- The Python package (concord_sim): its venv, the native module, pytest ------
say "scripts/test-python.sh"
scripts/test-python.sh
