#!/usr/bin/env bash
# The benchmark's own venv: cadCAD and radCAD from PyPI, apart from the
# Python package's test venv so neither pins the other's pandas.
# Usage: bench/install.sh  (venv at $CONCORD_BENCH_VENV, default target/bench-venv)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${CONCORD_BENCH_VENV:-${CARGO_TARGET_DIR:-$ROOT/target}/bench-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3.11 -m venv "$VENV"
fi
# radCAD imports typing_extensions without declaring it.
"$VENV/bin/pip" install -q --disable-pip-version-check "cadCAD==0.5.3" "radcad==0.14.0" typing_extensions
"$VENV/bin/python" -c "import cadCAD, radcad; print('cadCAD', cadCAD.__version__ if hasattr(cadCAD, '__version__') else '?', 'radCAD ok')"
echo "$VENV"
