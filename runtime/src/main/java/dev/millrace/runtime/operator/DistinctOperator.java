package dev.millrace.runtime.operator;

import java.util.HashSet;

/**
 * {@code dropDuplicates(keys)} over one batch held in memory (materialized views): passes the first row of each
 * key. Streaming de-duplication keeps its keys in a state store instead.
 */
public final class DistinctOperator extends Operator {

  private final int[] keyColumns;
  private final HashSet<GroupKey> seen = new HashSet<>();
  private long duplicates;

  /** @param keyColumns the key's column positions (all columns for {@code dropDuplicates()}) */
  public DistinctOperator(int[] keyColumns) {
    this.keyColumns = keyColumns.clone();
  }

  @Override
  protected void process(int input, Object[] row) {
    var key = new Object[keyColumns.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = row[keyColumns[i]];
    }
    if (seen.add(new GroupKey(key))) {
      emit(row);
    } else {
      duplicates++;
    }
  }

  @Override
  public void endOfBatch() {
    seen.clear();
  }

  public long duplicatesDropped() {
    return duplicates;
  }

  @Override
  public void close() {
    seen.clear();
  }

  @Override
  public String name() {
    return "Distinct";
  }
}
