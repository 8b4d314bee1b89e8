package dev.millrace.runtime.engine;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.table.TableStore;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ctx.readStream("t")}: the rows of the batches committed to upstream table {@code t} since the last batch,
 * one upstream batch per batch, so a chain of tables keeps the batch boundaries (and so the batch sizes and state
 * sizes) that the source's rate limits set. The range is upstream batch ids {@code (fromBatch, toBatch]}.
 */
final class TableInput implements Input {

  private final String table;
  private final Schema schema;
  private final TableStore store;
  private final BatchHandoff handoff;
  private long lastPlanned = -1;

  TableInput(String table, Schema schema, TableStore store, BatchHandoff handoff) {
    this.table = table;
    this.schema = schema;
    this.store = store;
    this.handoff = handoff;
  }

  @Override
  public String description() {
    return "table " + table;
  }

  @Override
  public void recover(List<SourceOffset> history) {
    lastPlanned = history.isEmpty() ? -1 : history.get(history.size() - 1).toBatch();
  }

  @Override
  public SourceOffset next(SourceOffset previous) {
    long from = previous == null ? lastPlanned : previous.toBatch();
    long to = Math.min(store.lastCommittedBatch(table).orElse(-1), from + 1);
    return SourceOffset.batches(description(), from, Math.max(from, to));
  }

  @Override
  public void planned(SourceOffset range) {
    lastPlanned = range.toBatch();
  }

  @Override
  public long backlog() {
    return Math.max(0, store.lastCommittedBatch(table).orElse(-1) - lastPlanned);
  }

  @Override
  public void read(SourceOffset range, Consumer<Object[]> out, BatchCounters counters) {
    for (long batch = range.fromBatch() + 1; batch <= range.toBatch(); batch++) {
      List<Object[]> kept = handoff == null ? null : handoff.take(table, batch);
      if (kept != null) {
        counters.rowsIn += kept.size();
        kept.forEach(out);
        continue;
      }
      store.readBatches(table, schema, batch - 1, batch, row -> {
        counters.rowsIn++;
        out.accept(row);
      });
    }
  }
}
