#!/usr/bin/env bash
# The end-to-end benchmark of issue 7: the clickstream pipeline (bronze JSON files -> silver dedupe -> gold 1-minute
# windows, all in the warehouse) over EVENTS events of the shared generator, one run, then its correctness check.
#
#   benchmarks/run.sh [EVENTS] [FILES]        (default 2,000,000 events in 20 files)
#
# Prints the run's line
#   millrace events=N seconds=S events_per_s=R gold_rows=G gold_events_sum=E silver_rows=U peak_heap_mb=M state_mb=D
# and the JVM's start-up on a second line, then the independent count of benchmarks/expected.py and the check. Exits
# non-zero when the run fails or a correctness column differs from the independent count (both are printed).
#
# Environment: HEAP (default 2g) sets -Xmx; GC (g1, the default, or parallel) the collector; JAVA_OPTS adds JVM
# options; PARTITIONS (default 2) the stateful operators'
# partitions; BENCH_DATA (default benchmarks/target/bench-data) where the generated files and runs go;
# MVN_OFFLINE=1 builds offline. The files are generated once per EVENTS/FILES and reused.
# See docs/performance.md.
set -euo pipefail

PARTITIONS="${PARTITIONS:-2}"
# shellcheck source=benchmarks/common.sh
source "$(dirname "$0")/common.sh"

# --- the independent count (cached next to the data) ---
SUMMARY="$LANDING.generator"
EXPECTED_FILE="$LANDING.expected"
if [[ ! -s "$EXPECTED_FILE" || "$ROOT/benchmarks/expected.py" -nt "$EXPECTED_FILE" ]]; then
  echo "Counting the expected results independently (benchmarks/expected.py) ..." >&2
  python3 "$ROOT/benchmarks/expected.py" "$LANDING" --generator-summary "$SUMMARY" > "$EXPECTED_FILE.tmp"
  mv "$EXPECTED_FILE.tmp" "$EXPECTED_FILE"
fi

# --- run ---
WORK="$DATA/run-$EVENTS-$FILES"
LOG="$DATA/run-$EVENTS-$FILES.log"
set +e
# shellcheck disable=SC2086
"$JAVA" -Xmx"$HEAP" $GC_OPTS ${JAVA_OPTS:-} -cp "$BENCH_CP" \
  dev.millrace.benchmarks.EndToEnd "$LANDING" "$WORK" --partitions="$PARTITIONS" > "$LOG.out" 2> "$LOG"
STATUS=$?
set -e
cat "$LOG.out"
if [[ $STATUS -ne 0 ]]; then
  tail -n 30 "$LOG" >&2
  echo "run.sh: the benchmark failed (exit $STATUS); full log: $LOG" >&2
  exit "$STATUS"
fi

# --- check ---
python3 - "$LOG.out" "$EXPECTED_FILE" <<'EOF'
import sys
def fields(path, prefix):
    for line in open(path, encoding="utf-8"):
        if line.startswith(prefix + " "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    sys.exit("run.sh: no '%s' line in %s" % (prefix, path))
got = fields(sys.argv[1], "millrace")
want = fields(sys.argv[2], "expected")
print(open(sys.argv[2], encoding="utf-8").read().strip())
bad = [c for c in ("events", "silver_rows", "gold_rows", "gold_events_sum") if got[c] != want[c]]
for c in ("events", "silver_rows", "gold_rows", "gold_events_sum"):
    print("check %-15s millrace=%-10s expected=%-10s %s" % (c, got[c], want[c], "ok" if got[c] == want[c] else "MISMATCH"))
if bad:
    sys.exit("run.sh: correctness check FAILED: " + ", ".join(bad) + " differ from the independent count")
print("check passed")
EOF
