# Sourced by run.sh and profile.sh with their arguments [EVENTS] [FILES]: reads them (2,000,000 and 20 by default;
# 2_000_000 and 2,000,000 are accepted), builds the module if needed and makes sure the data exists. Sets EVENTS,
# FILES, HEAP, GC_OPTS, ROOT, DATA, LANDING, JAVA and BENCH_CP, and changes to the repository's root.
EVENTS="${1:-2000000}"
EVENTS="${EVENTS//_/}"
EVENTS="${EVENTS//,/}"
FILES="${2:-20}"
HEAP="${HEAP:-2g}"
# The garbage collector of the benchmark JVM: the throughput collector (a run that processes a backlog and stops, with
# no pause-time goal); GC=g1 runs the JVM's default, G1. See docs/performance.md for both.
case "${GC:-parallel}" in
  parallel) GC_OPTS="-XX:+UseParallelGC" ;;
  g1) GC_OPTS="-XX:+UseG1GC" ;;
  *) echo "GC must be parallel or g1, not ${GC}" >&2; exit 64 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/benchmarks/target/bench-data}"
cd "$ROOT"
"$ROOT/benchmarks/build.sh"  # only when a source or pom is newer than the last build
LANDING="$("$ROOT/benchmarks/data.sh" "$EVENTS" "$FILES")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
