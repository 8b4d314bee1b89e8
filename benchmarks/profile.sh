#!/usr/bin/env bash
# Profiles the end-to-end benchmark with Java Flight Recorder: runs EndToEnd once (as run.sh does, same data) with
# -XX:StartFlightRecording (settings=profile: a Java method sample every 10 ms, a native one every 20 ms), then
# prints the top 25 frames by sample count and the Millrace methods that hold the time (benchmarks/jfr-top.py).
#
#   benchmarks/profile.sh [EVENTS] [FILES]      (default 2,000,000 events in 20 files)
#
# The recording stays in benchmarks/target/bench-data/profile-EVENTS-FILES.jfr, for `jfr summary`, `jfr print
# --events jdk.ExecutionSample` or JDK Mission Control. TOP=N prints N frames; HEAP and JAVA_OPTS as in run.sh.
# The recording costs a little throughput: time with run.sh, not with this.
set -euo pipefail
TOP="${TOP:-25}"
# shellcheck source=benchmarks/common.sh
source "$(dirname "$0")/common.sh"
JFR="$DATA/profile-$EVENTS-$FILES.jfr"
rm -f "$JFR"
# shellcheck disable=SC2086
"$JAVA" -Xmx"$HEAP" $GC_OPTS ${JAVA_OPTS:-} -Xlog:jfr+startup=off \
  -XX:StartFlightRecording=filename="$JFR",settings=profile,dumponexit=true \
  -cp "$BENCH_CP" \
  dev.millrace.benchmarks.EndToEnd "$LANDING" "$DATA/profile-run-$EVENTS-$FILES" 2> "$DATA/profile-$EVENTS-$FILES.log"
python3 "$ROOT/benchmarks/jfr-top.py" "$JFR" "$TOP"
echo "(recording: $JFR)" >&2
