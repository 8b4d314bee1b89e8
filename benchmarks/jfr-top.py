#!/usr/bin/env python3
"""Where the time went in a JFR recording: the top frames of its method samples.

  jfr-top.py RECORDING.jfr [N]      (N defaults to 25)

Runs `jfr print --stack-depth 64` on the recording's jdk.ExecutionSample (threads running Java code) and
jdk.NativeMethodSample (threads inside a native method: RocksDB, DuckDB, file I/O) events and prints
  1. the top N frames by self samples: the method on top of the stack, where the CPU was;
  2. the top N Millrace methods (dev.millrace.*) by total samples: on the stack anywhere, each sample counted once;
  3. the top native methods, with the nearest Millrace caller;
  4. the samples per thread.
A frame is a method (class.method(parameters)); line numbers are left out so that a method's lines add up.
"""
import collections
import re
import subprocess
import sys

LINE = re.compile(r" line: \d+$")


def events(path):
    out = subprocess.run(["jfr", "print", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    kind = thread = None
    frames = None
    for line in out.splitlines():
        s = line.strip()
        if line.startswith("jdk.") and s.endswith("{"):
            kind, thread, frames = s.split()[0], "?", None
        elif s.startswith("sampledThread = "):
            m = re.match(r'sampledThread = "(.*)" \(', s)
            thread = m.group(1) if m else s
        elif s == "stackTrace = [":
            frames = []
        elif frames is not None and s == "]":
            yield kind, thread, frames
            frames = None
        elif frames is not None and s and s != "...":
            frames.append(LINE.sub("", s))


def top(counter, n, total, title):
    print("\n%s" % title)
    for frame, count in counter.most_common(n):
        print("  %6d  %5.1f%%  %s" % (count, 100.0 * count / max(total, 1), frame))


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    self_java = collections.Counter()
    total_millrace = collections.Counter()
    native = collections.Counter()
    threads = collections.Counter()
    java_samples = native_samples = 0
    for kind, thread, frames in events(path):
        if not frames:
            continue
        threads["%s (%s)" % (thread, "java" if kind == "jdk.ExecutionSample" else "native")] += 1
        if kind == "jdk.ExecutionSample":
            java_samples += 1
            self_java[frames[0]] += 1
            for f in set(frames):
                if f.startswith("dev.millrace."):
                    total_millrace[f] += 1
        else:
            native_samples += 1
            caller = next((f for f in frames if f.startswith("dev.millrace.")), "-")
            native["%s  <-  %s" % (frames[0], caller)] += 1
    top(self_java, n, java_samples, "Top %d frames by self samples (jdk.ExecutionSample, %d samples)" % (n, java_samples))
    top(total_millrace, n, java_samples,
        "Top %d Millrace methods by total samples (on the stack; %% of %d Java samples)" % (n, java_samples))
    top(native, 15, native_samples,
        "Top 15 native methods <- nearest Millrace caller (jdk.NativeMethodSample, %d samples)" % native_samples)
    top(threads, 15, java_samples + native_samples, "Samples per thread")


if __name__ == "__main__":
    main()
