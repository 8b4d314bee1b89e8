#!/usr/bin/env bash
# "A state larger than the heap" (issue 4): aggregates KEYS distinct keys (default 5,000,000) with the RocksDB state
# store in a JVM with a 256 MB heap, and prints
#   state-scale keys=K seconds=S keys_per_s=R state_mb=D peak_heap_mb=M warehouse_rows=W live_heap_mb=L peak_rss_mb=P
# Exits non-zero if the run fails or the aggregated table is wrong. See docs/state.md, "Sizing".
#
#   benchmarks/state-scale.sh [KEYS] [available-now|continuous]
#
# The input files are written once to runtime/target/state-scale/landing-KEYS and reused; each run starts from an
# empty runtime/target/state-scale/run-KEYS. The trigger defaults to available-now (bronze reads one file per batch
# and the aggregation one bronze batch per batch, 100,000 rows); continuous runs one batch of each per update.
# HEAP=512m overrides the heap; JAVA_OPTS adds JVM options.
set -euo pipefail

KEYS="${1:-5000000}"
TRIGGER="${2:-available-now}"
HEAP="${HEAP:-256m}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

WORK="$ROOT/runtime/target/state-scale"
CLASSPATH_FILE="$ROOT/runtime/target/state-scale.classpath"
MAIN=dev.millrace.runtime.scale.StateScaleMain
OFFLINE="${MVN_OFFLINE:+-o}"

# Builds framework and runtime in one reactor (no install: the local Maven repository may hold a stale framework)
# and writes the runtime's test classpath, with framework/target/classes in it.
if [[ ! -f "runtime/target/test-classes/${MAIN//.//}.class" || ! -s "$CLASSPATH_FILE" \
    || -n "$(find pom.xml framework runtime -path '*/target' -prune -o -type f \( -name pom.xml -o -name '*.java' \) \
      -newer "$CLASSPATH_FILE" -print -quit)" ]]; then
  echo "Building (./mvnw -pl runtime -am test-compile)..." >&2
  ./mvnw -q -B $OFFLINE -pl runtime -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=test >&2
  touch "$CLASSPATH_FILE"
fi

mkdir -p "$WORK"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LOG="$WORK/state-scale-$KEYS.log"
set +e
# shellcheck disable=SC2086
"$JAVA" -Xmx"$HEAP" ${JAVA_OPTS:-} \
  -cp "runtime/target/test-classes:runtime/target/classes:$(cat "$CLASSPATH_FILE")" \
  "$MAIN" "$KEYS" "$WORK" "$TRIGGER" 2>&1 | tee "$LOG" | grep -E '^(state-scale|State:|Pipeline )'
STATUS=${PIPESTATUS[0]}
set -e
echo "(full output: $LOG)" >&2
exit "$STATUS"
