package dev.millrace.runtime.engine;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.table.TableStore;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ctx.read("t")} inside a streaming table (the static side of a stream-static join): every batch sees the
 * table's current snapshot, as Spark re-reads a static DataFrame each micro-batch. The rows are kept in memory and
 * read again only when the table committed a new batch since. Its range is always empty, so a change of the static
 * table alone does not start a batch; a replayed batch reads the snapshot as it is then.
 */
final class SnapshotInput implements Input {

  private final String table;
  private final Schema schema;
  private final TableStore store;
  /** The snapshot's rows as of {@link #cachedBatch}, the table's last committed batch when they were read. */
  private List<Object[]> cached;
  private long cachedBatch;
  private long reads;

  SnapshotInput(String table, Schema schema, TableStore store) {
    this.table = table;
    this.schema = schema;
    this.store = store;
  }

  @Override
  public String description() {
    return "snapshot of table " + table;
  }

  @Override
  public void recover(List<SourceOffset> history) {}

  @Override
  public SourceOffset next(SourceOffset previous) {
    return SourceOffset.batches(description(), -1, -1);
  }

  @Override
  public void planned(SourceOffset range) {}

  @Override
  public void read(SourceOffset range, Consumer<Object[]> out, BatchCounters counters) {
    if (!store.exists(table)) {
      return;
    }
    // Every write to a table commits a new batch id (a view's refresh too), so an unchanged last batch means an
    // unchanged snapshot: it is read again only when it changed, as Spark re-reads a changed static side.
    long last = store.lastCommittedBatch(table).orElse(-1);
    if (cached == null || last != cachedBatch) {
      var rows = new ArrayList<Object[]>();
      store.readSnapshot(table, schema, rows::add);
      reads++;
      cached = rows;
      cachedBatch = last;
    }
    for (Object[] row : cached) {
      out.accept(row.clone()); // operators may keep or change the rows they are given
    }
  }

  /** How many times the snapshot was read from the warehouse (for tests). */
  long reads() {
    return reads;
  }
}
