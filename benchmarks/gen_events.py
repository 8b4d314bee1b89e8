#!/usr/bin/env python3
# Verbatim copy of the shared benchmark generator (shared/bench/gen_events.py of issue 7), except for these header
# lines, so that the benchmark runs on a fresh clone. Do not edit it: the workload must stay the shared one; copy
# the shared file again if it changes (`diff <(tail -n +2 shared/bench/gen_events.py) <(tail -n +6 this file)` shows no difference).
# sha256 of the shared file at the time of copying: bb30698e0b9c74da756297af9ea45724382681557324bcb97fcc412655bdc0bb
"""Deterministic clickstream generator: the shared benchmark workload.

Writes JSON-lines files of click events into an output directory, in file
order part-00000.json, part-00001.json, ... Each line looks like

  {"event_id":"e17","user_id":"u4211","event_time":"2026-01-01T00:00:00.017Z",
   "page":"/cart","amount":12.34}

Shape of the stream (all fixed by --seed):
  * event time advances 1 ms per generated event (1000 events per second of
    event time), and each event is shifted back by a uniform 0..--max-late-ms,
    so the stream is out of order by at most that much;
  * --dup-rate of the lines re-send an earlier event (same id, same fields)
    chosen from the last 10,000 events: duplicates arrive within ~10 s;
  * user_id is uniform over --users users; page is one of 20 pages.

The summary printed at the end (events, unique ids, duplicates) lets a
benchmark check that it read everything.
"""
import argparse
import datetime as dt
import os
import random

PAGES = ["/home", "/search", "/cart", "/checkout", "/product/%d"]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--events", type=int, default=1_000_000, help="lines to write, duplicates included")
    p.add_argument("--files", type=int, default=10, help="number of files to split the lines into")
    p.add_argument("--users", type=int, default=50_000)
    p.add_argument("--dup-rate", type=float, default=0.05)
    p.add_argument("--max-late-ms", type=int, default=5_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--start", default="2026-01-01T00:00:00Z")
    p.add_argument("--out", required=True, help="directory to write into (created)")
    a = p.parse_args()

    rnd = random.Random(a.seed)
    start = dt.datetime.fromisoformat(a.start.replace("Z", "+00:00"))
    start_ms = int(start.timestamp() * 1000)
    pages = [f"/product/{i}" for i in range(16)] + PAGES[:4]
    os.makedirs(a.out, exist_ok=True)

    per_file = -(-a.events // a.files)
    recent = []  # ring buffer of the last 10,000 lines, for duplicates
    ring = 0
    next_id = 0
    dups = 0
    written = 0
    for f in range(a.files):
        n = min(per_file, a.events - written)
        if n <= 0:
            break
        path = os.path.join(a.out, f"part-{f:05d}.json")
        with open(path + ".tmp", "w") as out:
            for _ in range(n):
                if recent and rnd.random() < a.dup_rate:
                    line = recent[rnd.randrange(len(recent))]
                    dups += 1
                else:
                    t = start_ms + next_id - rnd.randint(0, a.max_late_ms)
                    ts = dt.datetime.fromtimestamp(t / 1000, dt.timezone.utc)
                    iso = ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t % 1000:03d}Z"
                    line = ('{"event_id":"e%d","user_id":"u%d","event_time":"%s","page":"%s","amount":%.2f}\n'
                            % (next_id, rnd.randrange(a.users), iso, rnd.choice(pages), rnd.uniform(0.01, 500)))
                    next_id += 1
                    if len(recent) < 10_000:
                        recent.append(line)
                    else:
                        recent[ring] = line
                        ring = (ring + 1) % 10_000
                out.write(line)
                written += 1
        os.replace(path + ".tmp", path)  # files appear atomically, as a landing zone expects
    print(f"events={written} unique={next_id} duplicates={dups} files={a.files} out={a.out}")


if __name__ == "__main__":
    main()
