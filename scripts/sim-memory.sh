#!/usr/bin/env bash
# Memory flatness of `concord simulate`: peak resident memory (GNU time -v)
# of a built-in scenario with N runs and with 10×N runs, on the release
# build. Outputs are streamed (one window of runs in memory, one Parquet row
# group, one sweep point's percentile sketches), so ten times the runs must
# raise peak memory by less than 20 %; the script exits 1 otherwise.
# Usage: scripts/sim-memory.sh [SCENARIO] [N] [THREADS]   (default: token-shock 200 2)
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-token-shock}"
n="${2:-200}"
threads="${3:-2}"
big=$((n * 10))

if [ ! -x /usr/bin/time ]; then
  echo "==> installing GNU time (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
echo "==> cargo build --release -p concord"
cargo build --release -q -p concord --bin concord
bin="${CARGO_TARGET_DIR:-target}/release/concord"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs the scenario with $1 runs; prints "peak_kib seconds".
measure() {
  local runs=$1 rc=0
  /usr/bin/time -v "$bin" simulate "$scenario" --runs "$runs" --threads "$threads" --out "$tmp/out-$runs" \
    >"$tmp/stdout-$runs" 2>"$tmp/time-$runs" || rc=$?
  # Exit 1 is a failed assertion (a verdict), not an error.
  if [ "$rc" -gt 1 ]; then
    cat "$tmp/time-$runs" >&2
    exit "$rc"
  fi
  local kib secs
  kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time-$runs")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time-$runs")
  echo "$kib $secs"
}

read -r small_kib small_time < <(measure "$n")
read -r big_kib big_time < <(measure "$big")
ratio=$(awk -v a="$small_kib" -v b="$big_kib" 'BEGIN { printf "%.3f", b / a }')
echo "scenario $scenario, $threads threads, release build"
printf '%6d runs: peak RSS %8d KiB (%.1f MiB), wall %s\n' "$n" "$small_kib" "$(awk -v k="$small_kib" 'BEGIN{print k/1024}')" "$small_time"
printf '%6d runs: peak RSS %8d KiB (%.1f MiB), wall %s\n' "$big" "$big_kib" "$(awk -v k="$big_kib" 'BEGIN{print k/1024}')" "$big_time"
echo "ratio (10x runs / 1x runs): $ratio"
if awk -v r="$ratio" 'BEGIN { exit !(r < 1.2) }'; then
  echo "flat: 10x the runs raised peak memory by less than 20%"
else
  echo "NOT flat: 10x the runs raised peak memory by 20% or more" >&2
  exit 1
fi
