#!/usr/bin/env bash
# Runs each fuzz target (fuzz/fuzz_targets: envelope, command, charter) for a
# fixed time on the nightly toolchain, starting from the committed seed corpus
# (fuzz/corpus/<target>). New inputs go to a scratch copy, not the repo.
# Usage: scripts/fuzz.sh [SECONDS per target, default 60] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(envelope command charter)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked -q
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t"
  cp -r "corpus/$t/." "$scratch/$t/"
  echo "==> fuzz $t for ${secs}s"
  cargo +nightly fuzz run "$t" "$scratch/$t" -- -max_total_time="$secs" -print_final_stats=1 2>&1 \
    | grep -E "stat::number_of_executed_units|stat::peak_rss|ERROR|panicked|SUMMARY|Done " || true
  # A crash leaves an artifact and a non-zero status: fail loudly.
  if ls artifacts/"$t"/crash-* >/dev/null 2>&1; then
    echo "fuzz $t: crash artifacts in fuzz/artifacts/$t" >&2
    exit 1
  fi
done
