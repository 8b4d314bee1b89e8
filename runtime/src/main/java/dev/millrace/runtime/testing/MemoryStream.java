package dev.millrace.runtime.testing;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.engine.BatchCounters;
import dev.millrace.runtime.engine.Input;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.types.Row;
import dev.millrace.types.Rows;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory stream that replaces a table's file source in a {@link PipelineTestDriver}, as Spark's
 * {@code MemoryStream}: each {@link #addBatch} call adds a group of rows that the next micro-batch will read. Rows
 * are checked against the source's declared schema when added. Thread-safe for adding while a run is not in
 * progress.
 */
public final class MemoryStream implements Input {

  private final String table;
  private final Schema declared;
  private final Schema output;
  private final List<List<Object[]>> batches = new ArrayList<>();
  private long lastPlanned = -1;

  MemoryStream(String table, Schema declared, Schema output) {
    this.table = table;
    this.declared = declared;
    this.output = output;
  }

  /** Adds rows (values in the order of the source's declared schema) for the next batch. */
  public synchronized MemoryStream addBatch(Row... rows) {
    var internal = new ArrayList<Object[]>(rows.length);
    for (Row row : rows) {
      Row checked = Rows.checkConforms(declared, row);
      Object[] values = InternalValues.rowToInternal(declared, checked);
      internal.add(values.length == output.size() ? values : Arrays.copyOf(values, output.size()));
    }
    batches.add(internal);
    return this;
  }

  /** The schema rows must have (the source's declared schema). */
  public Schema schema() {
    return declared;
  }

  @Override
  public String description() {
    return "memory stream of " + table;
  }

  @Override
  public synchronized void recover(List<SourceOffset> history) {
    lastPlanned = history.isEmpty() ? -1 : history.get(history.size() - 1).toBatch();
  }

  @Override
  public synchronized SourceOffset next(SourceOffset previous) {
    long from = previous == null ? lastPlanned : previous.toBatch();
    return SourceOffset.batches(description(), from, Math.max(from, batches.size() - 1L));
  }

  @Override
  public synchronized void planned(SourceOffset range) {
    lastPlanned = range.toBatch();
  }

  @Override
  public synchronized long backlog() {
    return Math.max(0, batches.size() - 1 - lastPlanned);
  }

  @Override
  public synchronized void read(SourceOffset range, Consumer<Object[]> out, BatchCounters counters) {
    for (long b = range.fromBatch() + 1; b <= range.toBatch(); b++) {
      for (Object[] row : batches.get((int) b)) {
        counters.rowsIn++;
        out.accept(row);
      }
    }
  }
}
