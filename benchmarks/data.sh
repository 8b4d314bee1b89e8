#!/usr/bin/env bash
# Generates the benchmark's input once: EVENTS events in FILES files of the shared generator (gen_events.py, default
# seed), into $BENCH_DATA/events-EVENTS-FILES (default BENCH_DATA: benchmarks/target/bench-data), with the
# generator's summary line next to it (.generator). Prints the landing directory.
#
#   benchmarks/data.sh EVENTS FILES
set -euo pipefail
EVENTS="$1"
FILES="$2"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/benchmarks/target/bench-data}"
LANDING="$DATA/events-$EVENTS-$FILES"
SUMMARY="$LANDING.generator"
if [[ ! -s "$SUMMARY" ]]; then
  echo "Generating $EVENTS events in $FILES files into $LANDING ..." >&2
  rm -rf "$LANDING"
  mkdir -p "$DATA"
  python3 "$ROOT/benchmarks/gen_events.py" --events "$EVENTS" --files "$FILES" --out "$LANDING" > "$SUMMARY.tmp"
  mv "$SUMMARY.tmp" "$SUMMARY"
  cat "$SUMMARY" >&2
fi
echo "$LANDING"
