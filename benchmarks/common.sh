# Sourced by run.sh and profile.sh with their arguments [EVENTS] [FILES]: reads them (2,000,000 and 20 by default;
# 2_000_000 and 2,000,000 are accepted), builds the module if needed and makes sure the data exists. Sets EVENTS,
# FILES, HEAP, ROOT, DATA, LANDING, JAVA and BENCH_CP, and changes to the repository's root.
EVENTS="${1:-2000000}"
EVENTS="${EVENTS//_/}"
EVENTS="${EVENTS//,/}"
FILES="${2:-20}"
HEAP="${HEAP:-2g}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${BENCH_DATA:-$ROOT/benchmarks/target/bench-data}"
cd "$ROOT"
"$ROOT/benchmarks/build.sh"  # only when a source or pom is newer than the last build
LANDING="$("$ROOT/benchmarks/data.sh" "$EVENTS" "$FILES")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BENCH_CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
