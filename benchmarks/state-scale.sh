#!/usr/bin/env bash
# "A state larger than the heap" (issue 4): aggregates KEYS distinct keys (default 5,000,000) with the RocksDB state
# store in a JVM with a 256 MB heap, and prints
#   state-scale keys=K seconds=S keys_per_s=R state_mb=D peak_heap_mb=M warehouse_rows=W live_heap_mb=L peak_rss_mb=P
# Exits non-zero if the run fails or the aggregated table is wrong. See docs/state.md, "Sizing".
#
#   benchmarks/state-scale.sh [KEYS] [available-now|continuous]
#
# The input files are written once to runtime/target/state-scale/landing-KEYS and reused; each run starts from an
# empty runtime/target/state-scale/run-KEYS. The trigger defaults to continuous (one 100,000-row aggregation batch
# per update); available-now runs bronze to the end first, so the aggregation gets every row in one batch, which
# does not fit a 256 MB heap beyond a few hundred thousand keys (docs/state.md).
# HEAP=512m overrides the heap; JAVA_OPTS adds JVM options.
set -euo pipefail

KEYS="${1:-5000000}"
TRIGGER="${2:-continuous}"
HEAP="${HEAP:-256m}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

WORK="$ROOT/runtime/target/state-scale"
CLASSPATH_FILE="$ROOT/runtime/target/state-scale.classpath"
MAIN=dev.millrace.runtime.scale.StateScaleMain
OFFLINE="${MVN_OFFLINE:+-o}"

if [[ ! -f runtime/target/classes/dev/millrace/runtime/engine/PipelineRunner.class ]]; then
  echo "Building (./mvnw install -DskipTests)..." >&2
  ./mvnw -q -B $OFFLINE -DskipTests install
fi
if [[ ! -f "runtime/target/test-classes/${MAIN//.//}.class" || "runtime/src/test/java/${MAIN//.//}.java" -nt "runtime/target/test-classes/${MAIN//.//}.class" ]]; then
  echo "Compiling the runtime's tests..." >&2
  ./mvnw -q -B $OFFLINE -pl runtime test-compile
fi
if [[ ! -s "$CLASSPATH_FILE" || runtime/pom.xml -nt "$CLASSPATH_FILE" ]]; then
  ./mvnw -q -B $OFFLINE -pl runtime dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" >&2
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
