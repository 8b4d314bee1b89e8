#!/usr/bin/env bash
# JMH micro-benchmarks of the benchmarks module (docs/performance.md):
#   StateStoreBenchmark   puts/gets/range deletes per second, Millrace's RocksDB state store vs raw rocksdbjni
#   JsonSourceBenchmark   rows per second of the JSON file source on the generator's lines
#   CodecBenchmark        state key and value encodings per row
#
#   benchmarks/jmh.sh [REGEX] [JMH options...]     e.g. benchmarks/jmh.sh StateStore
#                                                        benchmarks/jmh.sh StateStore.put -prof gc
#
# Short by default (1 fork, 2 warm-up and 3 measured iterations of 2-3 s: about 15 s per benchmark method), so
# results are indicative; LONG=1 runs 3 forks, 5 warm-up and 10 measured iterations of 5 s. Any JMH option given
# overrides these (benchmarks/jmh.sh -h lists them). Results: benchmarks/target/jmh-result.json; afterwards the
# state-store layer's overhead over raw RocksDB is printed per operation.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
"$ROOT/benchmarks/build.sh"

ARGS=()
if [[ $# -gt 0 && "$1" != -* ]]; then
  ARGS+=("$1")
  shift
fi
if [[ -n "${LONG:-}" ]]; then
  ARGS+=(-f 3 -wi 5 -w 5s -i 10 -r 5s)
fi
RESULT="$ROOT/benchmarks/target/jmh-result.json"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$JAVA" -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  "${ARGS[@]}" -rf json -rff "$RESULT" "$@"

[[ -s "$RESULT" ]] && python3 - "$RESULT" <<'PY'
import json, sys
scores = {}
for r in json.load(open(sys.argv[1])):
    name = r["benchmark"].rsplit(".", 1)[1]
    m = r["primaryMetric"]
    scores[name] = (m["score"], m["scoreError"], m["scoreUnit"])
pairs = [("put_millrace", "put_raw"), ("put_millrace", "put_rawSyncWal"), ("put_millraceKnown", "put_raw"),
         ("put_millraceKnown", "put_rawSyncWal"), ("get_millrace", "get_raw"),
         ("deleteRange_millrace", "deleteRange_rawScan"), ("deleteRange_millrace", "deleteRange_rawTombstone")]
lines = []
for mine, raw in pairs:
    if mine in scores and raw in scores:
        overhead = scores[raw][0] / scores[mine][0] - 1
        lines.append("  %-22s %12.0f ops/s   %-26s %12.0f ops/s   overhead %+6.0f%%"
                     % (mine, scores[mine][0], raw, scores[raw][0], overhead * 100))
if lines:
    print("\nState-store layer overhead (time per operation, millrace vs raw rocksdbjni: raw/millrace - 1):")
    print("\n".join(lines))
PY
