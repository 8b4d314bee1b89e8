#!/usr/bin/env bash
# Builds the benchmarks module and what it depends on (framework, runtime) when a source or pom is newer than the
# last build, or a jar of the classpath is gone: ./mvnw -pl benchmarks -am package -DskipTests (no install).
# Leaves benchmarks/target/classes and benchmarks/target/classpath.txt for run.sh, jmh.sh and profile.sh.
# MVN_OFFLINE=1 builds offline.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CP_FILE=benchmarks/target/classpath.txt
stale=0
if [[ ! -s "$CP_FILE" || ! -f benchmarks/target/classes/META-INF/BenchmarkList ]]; then
  stale=1
elif [[ -n "$(find pom.xml framework runtime benchmarks -path '*/target' -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' -o -path 'benchmarks/src/*' \) -type f -newer "$CP_FILE" -print -quit)" ]]; then
  stale=1
else
  IFS=: read -r -a entries < "$CP_FILE" || true  # no newline at the end: read says EOF
  for e in "${entries[@]}"; do
    [[ -e "$e" ]] || { stale=1; break; }
  done
fi
if [[ $stale -eq 1 ]]; then
  echo "Building the benchmarks module (./mvnw -pl benchmarks -am package -DskipTests) ..." >&2
  ./mvnw -q -B ${MVN_OFFLINE:+-o} -pl benchmarks -am package -DskipTests >&2
  touch "$CP_FILE"
fi
