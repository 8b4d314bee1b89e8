#!/usr/bin/env bash
# Profiles the end-to-end benchmark with async-profiler: CPU time of every thread, Java and native frames in one
# stack (RocksDB, DuckDB, the JIT compiler and the garbage collector included, which JFR does not see), then prints
# where the time went (benchmarks/collapsed-top.py): the share of each part of the run, the top frames by self time,
# and what the stateful operators spend their time on.
#
#   benchmarks/async-profile.sh [EVENTS] [FILES]      (default 2,000,000 events in 20 files)
#
# async-profiler is not a dependency of the project: the first run fetches its Linux x64 jar from Maven Central
# (tools.profiler:async-profiler:4.0, which holds the native agent) into the local Maven repository and unpacks the
# agent into benchmarks/target/async-profiler/. EVENT=alloc profiles allocations instead of CPU; INTERVAL sets the
# CPU sampling interval (default 2ms). The stacks stay in benchmarks/target/bench-data/async-EVENTS-FILES.collapsed
# (one line per stack, for flame-graph tools). HEAP and JAVA_OPTS as in run.sh. Time with run.sh, not with this.
set -euo pipefail
EVENT="${EVENT:-itimer}"
INTERVAL="${INTERVAL:-2ms}"
# shellcheck source=benchmarks/common.sh
source "$(dirname "$0")/common.sh"
AP_VERSION=4.0
AP_DIR="$ROOT/benchmarks/target/async-profiler"
AGENT="$AP_DIR/linux-x64/libasyncProfiler.so"
if [[ ! -f "$AGENT" ]]; then
  if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
    echo "async-profile.sh: only Linux x86_64 is set up here; use benchmarks/profile.sh (JFR) elsewhere" >&2
    exit 1
  fi
  JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION-linux-x64.jar"
  if [[ ! -f "$JAR" ]]; then
    echo "Fetching async-profiler $AP_VERSION from Maven Central ..." >&2
    ./mvnw -q -B dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION:jar:linux-x64" >&2
  fi
  mkdir -p "$AP_DIR"
  (cd "$AP_DIR" && unzip -o -q "$JAR" 'linux-x64/*')
fi
OUT="$DATA/async-$EVENTS-$FILES.collapsed"
if [[ "$EVENT" == alloc ]]; then
  SPEC="event=alloc"
else
  SPEC="event=$EVENT,interval=$INTERVAL"
fi
rm -f "$OUT"
# shellcheck disable=SC2086
"$JAVA" -Xmx"$HEAP" $GC_OPTS ${JAVA_OPTS:-} -agentpath:"$AGENT"=start,"$SPEC",file="$OUT",collapsed \
  -cp "$BENCH_CP" \
  dev.millrace.benchmarks.EndToEnd "$LANDING" "$DATA/async-run-$EVENTS-$FILES" 2> "$DATA/async-$EVENTS-$FILES.log"
python3 "$ROOT/benchmarks/collapsed-top.py" "$OUT"
echo "(stacks: $OUT)" >&2
