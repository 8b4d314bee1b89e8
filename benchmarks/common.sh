# Sourced by run.sh and profile.sh with their arguments [EVENTS] [FILES]: reads them (2,000,000 and 20 by default;
# 2_000_000 and 2,000,000 are accepted), builds the module if needed and makes sure the data exists. Sets EVENTS,
# FILES, HEAP, GC_OPTS, ROOT, DATA, LANDING, JAVA and BENCH_CP, and changes to the repository's root.
EVENTS="${1:-2000000}"
EVENTS="${EVENTS//_/}"
EVENTS="${EVENTS//,/}"
FILES="${2:-20}"
HEAP="${HEAP:-2g}"
# The garbage collector of the benchmark JVM: G1, the JVM's default; GC=parallel runs the throughput collector. See
# docs/performance.md for both.
case "${GC:-g1}" in
  g1) GC_OPTS="-XX:+UseG1GC" ;;
  parallel) GC_OPTS="-XX:+UseParallelGC" ;;
  *) echo "GC must be g1 or parallel, not ${GC}" >&2; exit 64 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/benchmarks/target/bench-data}"
cd "$ROOT"
"$ROOT/benchmarks/build.sh"  # only when a source or pom is newer than the last build
LANDING="$("$ROOT/benchmarks/data.sh" "$EVENTS" "$FILES")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
