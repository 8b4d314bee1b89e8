#!/usr/bin/env python3
"""Where the time went in async-profiler's collapsed stacks (one line per stack: frames;...;frames COUNT).

  collapsed-top.py STACKS [N]      (N defaults to 25)

Prints
  1. the share of each part of the run: each stack goes to the first part, in the order below, whose marker is one
     of its frames (so the garbage collector's and the JIT compiler's threads, RocksDB's background flushes and
     compactions, DuckDB's writes, and the engine's own parts come apart);
  2. the top N frames by self samples (the frame on top of the stack);
  3. for each stateful operator's partition work, what it calls, by total samples.
"""
import collections
import re
import sys

PARTS = [
    ("garbage collection", ("G1", "GCTask", "GangWorker", "ConcurrentGC", "PSPromotionManager", "PSScavenge",
                            "PSParallelCompact", "ParCompactionManager", "VM_ParallelGC")),
    ("JIT compiler", ("CompileBroker", "C2Compiler", "C1Compiler", "Compile::")),
    ("RocksDB background (flush, compaction)", ("rocksdb::ThreadPoolImpl", "rocksdb::DBImpl::BGWork")),
    ("warehouse commit (DuckDB)", ("DuckDBConnection.commit",)),
    ("warehouse append (DuckDB appender)", ("DuckDbTableStore.appendRows",)),
    ("warehouse, other (DuckDB threads, reads)", ("org/duckdb", "duckdb::")),
    ("state commit (changelog, RocksDB write, snapshot)", ("BatchStateStore.commit",)),
    ("JSON source", ("FileSourceReader.readJson",)),
    ("de-duplication partitions", ("StreamingDeduplicateOperator.runPartition",)),
    ("aggregation partitions", ("StreamingAggregateOperator.runPartition",)),
    ("operators on the table thread", ("StreamingQuery.execute",)),
]
OPERATORS = ["StreamingDeduplicateOperator.runPartition", "StreamingAggregateOperator.runPartition"]
LAMBDA = re.compile(r"\$\$Lambda\$[^.;]*\.0x[0-9a-f]+|\$\$Lambda\.0x[0-9a-f]+")


def stacks(path):
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, count = line.rsplit(" ", 1)
            yield [LAMBDA.sub("$$Lambda", frame) for frame in stack.split(";")], int(count)


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    total = 0
    parts = collections.Counter()
    self_time = collections.Counter()
    callees = {op: collections.Counter() for op in OPERATORS}
    for frames, count in stacks(path):
        total += count
        self_time[frames[-1]] += count
        joined = ";".join(frames)
        for name, markers in PARTS:
            if any(m in joined for m in markers):
                parts[name] += count
                break
        else:
            parts["other"] += count
        for op in OPERATORS:
            at = [i for i, frame in enumerate(frames) if op in frame]
            if at:
                i = at[-1]
                callees[op][frames[i + 1] if i + 1 < len(frames) else "(self)"] += count
    if total == 0:
        sys.exit("no samples in " + path)
    print("Where the samples are (%d samples)" % total)
    for name, count in parts.most_common():
        print("  %6d %5.1f%%  %s" % (count, 100.0 * count / total, name))
    print("\nTop %d frames by self samples" % n)
    for frame, count in self_time.most_common(n):
        print("  %6d %5.1f%%  %s" % (count, 100.0 * count / total, frame[:140]))
    for op, counter in callees.items():
        op_total = sum(counter.values())
        if op_total:
            print("\n%s (%d samples): what it calls" % (op, op_total))
            for frame, count in counter.most_common(8):
                print("  %6d %5.1f%%  %s" % (count, 100.0 * count / op_total, frame[:140]))


if __name__ == "__main__":
    main()
