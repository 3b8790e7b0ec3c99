#!/usr/bin/env bash
# Simulator vs cadCAD and radCAD on one machine: the same staking model
# (bench/model.py; bench/concord-{a,b}.toml) in each, variants a (every
# staker claims every day) and b (holders hold, farmers leave once).
# Wall clock of each whole process (imports, run, results in memory or on
# disk). cadCAD and radCAD run in one process (single_proc, SINGLE_PROCESS);
# Concord with --threads 1 for the single-process comparison and with 2.
# Usage: bench/run.sh [a|b ...]     (default: a b)
# Environment: BENCH_DAYS, BENCH_RUNS (defaults 365, 10: the model's size).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="${CONCORD_BENCH_VENV:-$TARGET/bench-venv}"
OUT="${BENCH_OUT:-$TARGET/bench-out}"
DAYS="${BENCH_DAYS:-365}"
RUNS="${BENCH_RUNS:-10}"
if [ $# -eq 0 ]; then VARIANTS=(a b); else VARIANTS=("$@"); fi

[ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import cadCAD, radcad' 2>/dev/null \
  || CONCORD_BENCH_VENV="$VENV" bench/install.sh >/dev/null
CONCORD="$TARGET/release/concord"
if [ ! -x "$CONCORD" ] || [ -n "$(find crates -newer "$CONCORD" -name '*.rs' -print -quit)" ]; then
  cargo build --release -q -p concord
fi
mkdir -p "$OUT"

# wall SECONDS COMMAND...: runs COMMAND, prints its wall-clock seconds.
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" >>"$OUT/log.txt" 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l | xargs printf '%.2f'
}

echo "machine: $(nproc) cores, $(uname -m); model: 1,000 stakers, $DAYS days, $RUNS runs x 4 emission rates"
printf '%-8s %-34s %9s %10s %10s\n' variant engine seconds "vs cadCAD" "vs radCAD"
for v in "${VARIANTS[@]}"; do
  : >"$OUT/log.txt"
  c=$(cd bench && BENCH_DAYS=$DAYS BENCH_RUNS=$RUNS wall "$VENV/bin/python" cadcad_run.py "$v" single)
  r=$(cd bench && BENCH_DAYS=$DAYS BENCH_RUNS=$RUNS wall "$VENV/bin/python" radcad_run.py "$v")
  scenario="$OUT/concord-$v.toml"
  sed -e "s/^horizon_days = .*/horizon_days = $DAYS/" -e "s/^runs = .*/runs = $RUNS/" "bench/concord-$v.toml" >"$scenario"
  k1=$(wall "$CONCORD" simulate "$scenario" --threads 1 --out "$OUT/concord-$v-t1")
  k2=$(wall "$CONCORD" simulate "$scenario" --threads 2 --out "$OUT/concord-$v-t2")
  cmp -s "$OUT/concord-$v-t1/results.csv" "$OUT/concord-$v-t2/results.csv" || { echo "threads 1 and 2 differ" >&2; exit 1; }
  row() { printf '%-8s %-34s %9s %10s %10s\n' "$v" "$1" "$2" "$(echo "$c / $2" | bc -l | xargs printf '%.1fx')" "$(echo "$r / $2" | bc -l | xargs printf '%.1fx')"; }
  row "cadCAD 0.5.3 single_proc" "$c"
  row "radCAD 0.14.0 SINGLE_PROCESS" "$r"
  row "concord simulate --threads 1" "$k1"
  row "concord simulate --threads 2" "$k2"
  grep -h -E "^(cadCAD|radCAD)" "$OUT/log.txt" | sed 's/^/         /'
done
