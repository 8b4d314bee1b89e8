package dev.millrace.runtime.engine;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.table.TableStore;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ctx.read("t")} inside a streaming table (the static side of a stream-static join): every batch reads the
 * table's current snapshot, as Spark re-reads a static DataFrame each micro-batch. Its range is always empty, so a
 * change of the static table alone does not start a batch; a replayed batch reads the snapshot as it is then.
 */
final class SnapshotInput implements Input {

  private final String table;
  private final Schema schema;
  private final TableStore store;

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
    if (store.exists(table)) {
      store.readSnapshot(table, schema, out);
    }
  }
}
