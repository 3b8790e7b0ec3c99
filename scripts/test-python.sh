#!/usr/bin/env bash
# The Python package's tests: a cached venv with maturin, pandas, pyarrow,
# pytest, Ray and Dask; the native module built in release mode into it
# (`maturin develop --release`, crates/sim-py with its `python` feature);
# then pytest over python/tests (Ray and Dask local clusters of 2 workers).
# Usage: scripts/test-python.sh [pytest arguments]
# The venv is $CONCORD_PY_VENV, default $CARGO_TARGET_DIR/py-venv (or target/py-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="${CONCORD_PY_VENV:-${CARGO_TARGET_DIR:-$ROOT/target}/py-venv}"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3

say() { printf '==> %s\n' "$*"; }

# The packages, pinned to what was tested; the stamp makes a cached venv skip pip.
REQS='maturin==1.16.0 pandas==3.1.1 pyarrow==26.0.1 pytest==9.2.0 ray==2.60.0 dask[distributed]==2026.8.0'
if [ ! -x "$VENV/bin/python" ]; then
  say "creating the venv $VENV"
  "$PY" -m venv "$VENV"
fi
if [ "$(cat "$VENV/.concord-reqs" 2>/dev/null)" != "$REQS" ]; then
  say "installing $REQS (PyPI)"
  # shellcheck disable=SC2086
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $REQS
  echo "$REQS" > "$VENV/.concord-reqs"
fi

say "maturin develop --release (concord_sim._native)"
(
  cd python
  VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" "$VENV/bin/maturin" develop --release --quiet
)
"$VENV/bin/python" -c 'import concord_sim; print("concord_sim", concord_sim.__version__)'

say "pytest python/tests"
cd python
RAY_USAGE_STATS_ENABLED=0 RAY_DISABLE_DOCKER_CPU_WARNING=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
