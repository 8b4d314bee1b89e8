package dev.millrace.runtime.engine;

import dev.millrace.errors.MillraceException;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.TableRead;
import dev.millrace.runtime.operator.BatchClock;
import dev.millrace.runtime.operator.Operator;
import dev.millrace.runtime.planner.PhysicalPlan;
import dev.millrace.runtime.source.FileSourceReader;
import dev.millrace.runtime.source.SourceFile;
import dev.millrace.runtime.table.TableStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;

/**
 * A materialized view: on each pipeline update, recomputed from snapshot reads of its inputs and written over the
 * table in one transaction (with a commit marker numbered by update), so readers see the old or the new result,
 * never a mix. Driven by one thread at a time.
 */
final class MaterializedViewQuery {

  private final AnalyzedTable view;
  private final PhysicalPlan plan;
  private final TableStore store;
  private final BatchClock batchClock;
  private final Clock clock;
  private final TableProgress progress;
  private final ProgressReporter reporter;
  private boolean opened;

  MaterializedViewQuery(AnalyzedTable view, PhysicalPlan plan, TableStore store, BatchClock batchClock, Clock clock,
      TableProgress progress, ProgressReporter reporter) {
    this.view = view;
    this.plan = plan;
    this.store = store;
    this.batchClock = batchClock;
    this.clock = clock;
    this.progress = progress;
    this.reporter = reporter;
  }

  /** Recomputes the view. */
  void refresh() {
    if (!opened) {
      plan.open();
      opened = true;
    }
    try {
      store.ensureTable(view.name(), view.schema());
    } catch (MillraceException schemaChanged) {
      // A view is recomputed whole anyway: a new schema just replaces the old table.
      store.dropTable(view.name());
      store.ensureTable(view.name(), view.schema());
    }
    reporter.startTrigger(clock.instant());
    long batchId = store.lastCommittedBatch(view.name()).orElse(-1) + 1;
    long started = System.nanoTime();
    var sources = new ArrayList<ProgressReporter.SourceDraft>();
    batchClock.set(StreamingQuery.micros(clock.instant()));
    plan.operators().forEach(Operator::resetCounters);
    var counters = new BatchCounters();
    var rows = new ArrayList<Object[]>();
    plan.setSink(rows::add);
    try {
      for (PhysicalPlan.Leaf leaf : plan.leaves()) {
        long before = counters.rowsIn;
        if (leaf.source() instanceof TableRead r) {
          store.readSnapshot(r.table(), r.schema(), row -> {
            counters.rowsIn++;
            leaf.entry().collect(row);
          });
        } else if (leaf.source() instanceof FileSource f) {
          // A batch read takes every file; rate limits only shape streaming batches.
          var reader = new FileSourceReader(f);
          var seen = new HashSet<String>();
          for (var files = reader.listNewFiles(seen); !files.isEmpty(); files = reader.listNewFiles(seen)) {
            for (SourceFile file : files) {
              var c = reader.read(file, row -> {
                counters.rowsIn++;
                leaf.entry().collect(row);
              });
              counters.malformedKept += c.malformedKept();
              counters.malformedDropped += c.malformedDropped();
              seen.add(file.name());
            }
          }
        }
        sources.add(new ProgressReporter.SourceDraft(leaf.source() instanceof TableRead r ? "table " + r.table()
            + " (snapshot)" : ((FileSource) leaf.source()).format() + " files in " + ((FileSource) leaf.source())
            .path() + " (all)", null, null, java.util.List.of(), counters.rowsIn - before, -1, "batches"));
      }
      plan.endOfBatch();
      reporter.lap("execute");
    } catch (RuntimeException | Error e) {
      throw new MillraceException("Materialized view '" + view.name() + "' failed to refresh: "
          + (e instanceof MillraceException ? e.getMessage() : e.toString()), e);
    }
    store.replaceTable(view.name(), batchId, view.schema(), rows);
    reporter.lap("write");
    progress.batchDone(batchId, counters, rows.size(), Long.MIN_VALUE, System.nanoTime() - started);
    reporter.finish(batchId, counters.rowsIn, rows.size(), counters, false, false, null, java.util.List.of(), sources,
        "warehouse table " + view.name() + " (replaced)");
  }

  void close() {
    if (opened) {
      plan.close();
      opened = false;
    }
  }
}
