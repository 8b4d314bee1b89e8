#!/usr/bin/env python3
"""The independent count of the end-to-end benchmark: what the three tables must hold, computed from the JSON files.

Reads the landing directory the way the benchmark pipeline is set up (files in name order, 2 per batch), and replays
Spark Structured Streaming's rules for it without the engine (Python standard library only):

  silver = withWatermark("event_time", "10 seconds").dropDuplicatesWithinWatermark("event_id")
    * batch N runs with watermark W(N) = max(W(N-1), max event time of batch N-1 in whole ms - 10 s); W(0) = 0;
    * a row is late (dropped) when its event time <= W(N-1), the previous batch's watermark (Spark's
      eventTimeWatermarkForLateEvents); batch 0 uses the initial watermark 0;
    * otherwise it is a duplicate while its event_id is remembered; a new id is written and remembered until
      W >= its event time + 10 s; state is evicted after the batch's rows, with W(N) (eventTimeWatermarkForEviction);
    * after the last data batch, one no-data batch runs with the final watermark (it writes nothing here).
  gold = groupBy(window(event_time, "1 minute"), user_id).agg(count, sum) in append mode, watermark 10 s
    * gold batch N reads silver batch N (one upstream batch per batch), the no-data one included;
    * a row is dropped when its window has closed: window end <= the previous batch's watermark;
    * a window is written once, in the first batch whose watermark >= its end; a no-data batch runs when the
      watermark moved.

Prints one line
  expected events=N unique=U silver_rows=S gold_rows=G gold_events_sum=E silver_late=L gold_late=K
           duplicates=D final_watermark_ms=F closed_unique=C
where unique is the number of distinct event ids, and closed_unique the number of distinct events whose window ends
at or before the final watermark (max event time - 10 s). With no late rows (the generator's default lateness is 5 s,
under the 10 s delay), silver_rows = unique and gold_events_sum = closed_unique: the rule of issue 7. The script says
so on stderr when that does not hold.

  expected.py LANDING_DIR [--generator-summary FILE]

With --generator-summary (the line gen_events.py printed), the event and unique counts are checked against the
generator's own, and the script exits with 1 on a difference.
"""
import argparse
import datetime as dt
import json
import os
import sys

DELAY_MS = 10_000
WINDOW_MS = 60_000
FILES_PER_BATCH = 2


def event_ms(text):
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (int(t.replace(tzinfo=dt.timezone.utc).timestamp()) * 1000) + t.microsecond // 1000


def read_batches(landing):
    names = sorted(n for n in os.listdir(landing)
                   if os.path.isfile(os.path.join(landing, n)) and not n.startswith((".", "_"))
                   and not n.endswith((".tmp", ".crc", ".inprogress", "._COPYING_")))
    for i in range(0, len(names), FILES_PER_BATCH):
        rows = []
        for name in names[i:i + FILES_PER_BATCH]:
            with open(os.path.join(landing, name), encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        e = json.loads(line)
                        rows.append((e["event_id"], e["user_id"], event_ms(e["event_time"])))
        yield rows


class Watermark:
    """Spark's watermark of one query with one watermarked input: starts at 0, never goes back."""

    def __init__(self):
        self.current = 0  # the watermark the next batch runs with
        self.last_run = None  # the watermark the last batch ran with

    def after_batch(self, rows):
        self.last_run = self.current
        if rows:
            self.current = max(self.current, max(r[2] for r in rows) - DELAY_MS)

    def no_data_batch_due(self):
        return self.last_run is not None and self.current > self.last_run


class Dedupe:
    def __init__(self):
        self.wm = Watermark()
        self.expires = {}
        self.late = 0
        self.duplicates = 0
        self.written = 0

    def batch(self, rows):
        late_wm = self.wm.last_run if self.wm.last_run is not None else 0
        out = []
        for r in rows:
            if r[2] <= late_wm:
                self.late += 1
            elif r[0] in self.expires:
                self.duplicates += 1
            else:
                self.expires[r[0]] = r[2] + DELAY_MS
                out.append(r)
        evict = self.wm.current
        self.expires = {k: v for k, v in self.expires.items() if v > evict}
        self.wm.after_batch(rows)
        self.written += len(out)
        return out


class WindowAggregate:
    def __init__(self):
        self.wm = Watermark()
        self.windows = {}
        self.late = 0
        self.rows = 0
        self.events = 0

    def batch(self, rows):
        late_wm = self.wm.last_run if self.wm.last_run is not None else 0
        for _, user, t in rows:
            start = t - t % WINDOW_MS
            if start + WINDOW_MS <= late_wm:
                self.late += 1
            else:
                key = (start, user)
                self.windows[key] = self.windows.get(key, 0) + 1
        evict = self.wm.current
        closed = [k for k in self.windows if k[0] + WINDOW_MS <= evict]
        for k in closed:
            self.rows += 1
            self.events += self.windows.pop(k)
        self.wm.after_batch(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("landing")
    p.add_argument("--generator-summary", help="file holding the line gen_events.py printed")
    a = p.parse_args()

    silver = Dedupe()
    gold = WindowAggregate()
    events = 0
    first_time = {}  # event id -> event time, for the formula
    for rows in read_batches(a.landing):
        events += len(rows)
        for r in rows:
            first_time.setdefault(r[0], r[2])
        gold.batch(silver.batch(rows))
    # No-data batches, silver's first; gold reads each silver batch, the empty one included.
    while silver.wm.no_data_batch_due():
        gold.batch(silver.batch([]))
    while gold.wm.no_data_batch_due():
        gold.batch([])

    unique = len(first_time)
    max_time = max(first_time.values()) if first_time else 0
    final_wm = max_time - DELAY_MS
    closed_unique = sum(1 for t in first_time.values() if t - t % WINDOW_MS + WINDOW_MS <= final_wm)
    print("expected events=%d unique=%d silver_rows=%d gold_rows=%d gold_events_sum=%d silver_late=%d gold_late=%d "
          "duplicates=%d final_watermark_ms=%d closed_unique=%d"
          % (events, unique, silver.written, gold.rows, gold.events, silver.late, gold.late, silver.duplicates,
             final_wm, closed_unique))
    if silver.written != unique or gold.events != closed_unique:
        print("expected.py: with %d late rows in silver and %d in gold, silver_rows (%d) and gold_events_sum (%d) "
              "differ from the unique count (%d) and the unique events of closed windows (%d); the replay of "
              "Spark's rules above is what the engine must match"
              % (silver.late, gold.late, silver.written, gold.events, unique, closed_unique), file=sys.stderr)

    if a.generator_summary:
        with open(a.generator_summary, encoding="utf-8") as f:
            summary = dict(kv.split("=", 1) for kv in f.read().split() if "=" in kv)
        if int(summary["events"]) != events or int(summary["unique"]) != unique:
            print("expected.py: the files hold %d events, %d unique, but the generator wrote %s events, %s unique"
                  % (events, unique, summary["events"], summary["unique"]), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
