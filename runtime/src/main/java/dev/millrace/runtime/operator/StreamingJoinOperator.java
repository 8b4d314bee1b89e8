package dev.millrace.runtime.operator;

import dev.millrace.plan.JoinType;
import dev.millrace.plan.StreamingJoinState.ValueBound;
import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A join of two streams, as Spark's {@code StreamingSymmetricHashJoinExec}: both sides' rows are buffered in the
 * state store, so a row arriving on one side meets the buffered rows of the other, whichever came first.
 *
 * <p>Per batch and partition, the left input rows are handled first, then the right ones. Each row:
 * <ol>
 *   <li>is dropped and counted when its side's event time is at or below the previous batch's watermark (late) or
 *       NULL;</li>
 *   <li>when a key is NULL or the condition's conjuncts over its own side alone fail, it can never match: an outer
 *       side's row is emitted with NULLs at once, any other is dropped;</li>
 *   <li>is joined with the other side's buffered rows of its key that pass the whole condition; those rows are
 *       marked as matched;</li>
 *   <li>is buffered (with whether it matched), unless the state watermark already excludes it, in which case an
 *       unmatched outer-side row is emitted with NULLs.</li>
 * </ol>
 * After the rows, each side's buffered rows at or below its state watermark (see
 * {@link dev.millrace.plan.StreamingJoinState}) are dropped; an outer side's unmatched ones are emitted with NULLs
 * then, once no match can come. A left semi join emits a left row once, on its first match, and never buffers a
 * matched left row.
 *
 * <p>State layout per side (one store holds both): {@code [side*2+1] key, version, n -> row, matched} to find a
 * key's rows in arrival order, and, when the side's rows expire, {@code [side*2+2] expiry, key, version, n -> ()}
 * so eviction is a range scan. {@code version, n} (the batch's state version and the row's number in the partition)
 * make each buffered row unique, and the same when a batch is replayed.
 */
public final class StreamingJoinOperator extends PartitionedStatefulOperator<StreamingJoinOperator.Pending> {

  /** An input row waiting for the end of the batch. */
  record Pending(int side, Object[] combined, Object[] key) {}

  private static final byte[] NOTHING = new byte[0];

  private final JoinType type;
  private final int[] widths;
  private final Evaluator[][] keys;
  private final Evaluator[] sideFilters;
  private final Evaluator condition;
  private final int[][] output;
  private final int[] lateColumns;
  private final int watermarkKey;
  private final boolean windowKey;
  private final ValueBound[] bounds;
  private final RowKeyCodec indexCodec;
  private final RowKeyCodec expiryCodec;
  private final RowValueCodec[] valueCodecs;
  private final long[] thresholds = {Long.MIN_VALUE, Long.MIN_VALUE};
  private long late;

  /**
   * @param widths the number of columns of the left and the right input
   * @param keys the equality keys of each side ({@code keys[0]} left, {@code keys[1]} right), evaluated over a
   *     combined row (left values, then right values)
   * @param keyTypes the keys' types (equal on both sides)
   * @param sideFilters per side, the condition's conjuncts over that side alone, or null
   * @param condition the whole condition over a combined row, or null
   * @param output for each output column, {@code {index}} in the combined row, or {@code {leftIndex, rightIndex}}
   *     for a using column of a full outer join (the first non-null)
   * @param lateColumns per side, the index of its watermarked event-time column in its own row, or -1
   * @param watermarkKey the index of a watermarked key (both sides' rows expire by it), or -1
   * @param bounds per side, its state watermark from a time-range condition, or null
   * @param sideTypes the column types of the left and the right input
   */
  public StreamingJoinOperator(String stateName, JoinType type, int[] widths, Evaluator[][] keys,
      List<DataType> keyTypes, Evaluator[] sideFilters, Evaluator condition, int[][] output, int[] lateColumns,
      int watermarkKey, ValueBound[] bounds, List<List<DataType>> sideTypes, int partitions) {
    super(stateName, partitions);
    this.type = type;
    this.widths = widths.clone();
    this.keys = keys.clone();
    this.sideFilters = sideFilters.clone();
    this.condition = condition;
    this.output = output.clone();
    this.lateColumns = lateColumns.clone();
    this.watermarkKey = watermarkKey;
    this.windowKey = watermarkKey >= 0 && !keyTypes.get(watermarkKey).equals(DataType.TIMESTAMP);
    this.bounds = bounds.clone();
    var index = new ArrayList<DataType>(keyTypes);
    index.add(DataType.LONG);
    index.add(DataType.INT);
    this.indexCodec = new RowKeyCodec(index);
    var expiry = new ArrayList<DataType>();
    expiry.add(DataType.LONG);
    expiry.addAll(index);
    this.expiryCodec = new RowKeyCodec(expiry);
    this.valueCodecs = new RowValueCodec[2];
    for (int side = 0; side < 2; side++) {
      var types = new ArrayList<DataType>(sideTypes.get(side));
      types.add(DataType.BOOLEAN);
      valueCodecs[side] = new RowValueCodec(types);
    }
  }

  @Override
  public String stateShape() {
    return "stream-join " + type.sql() + " keys " + indexCodec.types() + " left " + valueCodecs[0].types()
        + " right " + valueCodecs[1].types() + " expiry " + (watermarkKey >= 0 ? "key " + watermarkKey
        : "left " + describe(bounds[0]) + ", right " + describe(bounds[1]));
  }

  private static String describe(ValueBound b) {
    return b == null ? "none" : "column " + b.timeColumn();
  }

  @Override
  public String name() {
    return "StreamingSymmetricHashJoin";
  }

  @Override
  protected void onBeginBatch() {
    late = 0;
    for (int side = 0; side < 2; side++) {
      thresholds[side] = threshold(side);
    }
  }

  /** Rows of {@code side} whose expiry time is at or below this are dropped ({@link Long#MIN_VALUE}: none). */
  private long threshold(int side) {
    if (watermark == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    if (watermarkKey >= 0) {
      return watermark;
    }
    return bounds[side] == null ? Long.MIN_VALUE : bounds[side].stateWatermark(watermark);
  }

  private boolean expires(int side) {
    return watermarkKey >= 0 || bounds[side] != null;
  }

  @Override
  public long lateRowsDropped() {
    return late;
  }

  /** As Spark's {@code shouldRunAnotherBatch}: when a watermark can drop buffered rows of either side. */
  @Override
  public boolean usesWatermark() {
    return expires(0) || expires(1);
  }

  @Override
  protected void process(int side, Object[] row) {
    int time = lateColumns[side];
    if (time >= 0) {
      Object t = row[time];
      if (t == null || (lateWatermark != Long.MIN_VALUE && (Long) t <= lateWatermark)) {
        late++;
        return;
      }
    }
    var combined = new Object[widths[0] + widths[1]];
    System.arraycopy(row, 0, combined, side == 0 ? 0 : widths[0], widths[side]);
    Evaluator[] sideKeys = keys[side];
    var key = new Object[sideKeys.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = sideKeys[i].eval(combined);
    }
    enqueue(key, new Pending(side, combined, key));
  }

  @Override
  protected List<Object[]> runPartition(int partition, StateStore store, List<Pending> entries) {
    var out = new ArrayList<Object[]>();
    var sequence = new int[] {0};
    for (int side = 0; side < 2; side++) {
      for (Pending p : entries) {
        if (p.side() == side) {
          join(store, p, sequence, out);
        }
      }
    }
    for (int side = 0; side < 2; side++) {
      evict(store, side, out);
    }
    return out;
  }

  private boolean outer(int side) {
    return type == JoinType.FULL_OUTER || (side == 0 ? type == JoinType.LEFT_OUTER : type == JoinType.RIGHT_OUTER);
  }

  private void join(StateStore store, Pending p, int[] sequence, List<Object[]> out) {
    int side = p.side();
    Object[] combined = p.combined();
    Object[] key = p.key();
    boolean valid = Arrays.stream(key).allMatch(v -> v != null)
        && (sideFilters[side] == null || Boolean.TRUE.equals(sideFilters[side].eval(combined)));
    if (!valid) {
      if (outer(side)) {
        out.add(project(combined)); // it can never match: NULLs for the other side now
      }
      return;
    }
    int other = 1 - side;
    boolean semiLeft = type == JoinType.LEFT_SEMI && side == 0;
    boolean semiRight = type == JoinType.LEFT_SEMI && side == 1;
    boolean matched = false;
    var updates = new ArrayList<byte[][]>();
    byte[] prefix = tag((byte) (other * 2 + 1), indexCodec.encodePrefix(key));
    try (StateIterator it = store.prefix(prefix)) {
      while (it.next()) {
        Object[] stored = valueCodecs[other].decode(it.value());
        boolean storedMatched = Boolean.TRUE.equals(stored[widths[other]]);
        if (semiRight && storedMatched) {
          continue; // this left row was emitted already
        }
        var pair = combined.clone();
        System.arraycopy(stored, 0, pair, other == 0 ? 0 : widths[0], widths[other]);
        if (condition != null && !Boolean.TRUE.equals(condition.eval(pair))) {
          continue;
        }
        matched = true;
        if (semiLeft) {
          break;
        }
        out.add(project(pair));
        if (!storedMatched) {
          stored[widths[other]] = Boolean.TRUE;
          updates.add(new byte[][] {it.key(), valueCodecs[other].encode(stored)});
        }
      }
    }
    for (byte[][] u : updates) {
      store.put(u[0], u[1], true); // a buffered row, now matched
    }
    if (semiLeft && matched) {
      out.add(project(combined)); // once, and never buffered
      return;
    }
    long expiry = expires(side) ? expiryOf(side, combined, key) : Long.MIN_VALUE;
    if (expires(side) && expiry <= thresholds[side]) {
      // No future row of the other side can match it. Spark drops such a row silently; an outer side's unmatched
      // row is emitted with NULLs instead, so that no input row is lost.
      if (outer(side) && !matched) {
        out.add(project(combined));
      }
      return;
    }
    Object[] indexKey = Arrays.copyOf(key, key.length + 2);
    indexKey[key.length] = store.version();
    indexKey[key.length + 1] = sequence[0]++;
    var value = Arrays.copyOfRange(combined, side == 0 ? 0 : widths[0], (side == 0 ? 0 : widths[0]) + widths[side] + 1);
    value[widths[side]] = matched;
    // Buffered rows' keys are unique (state version, number in the batch): always new.
    store.put(tag((byte) (side * 2 + 1), indexCodec.encode(indexKey)), valueCodecs[side].encode(value), false);
    if (expires(side)) {
      var expiryKey = new Object[indexKey.length + 1];
      expiryKey[0] = expiry;
      System.arraycopy(indexKey, 0, expiryKey, 1, indexKey.length);
      store.put(tag((byte) (side * 2 + 2), expiryCodec.encode(expiryKey)), NOTHING, false);
    }
  }

  /** The time a buffered row expires by: its watermarked key's time (a window's end), or its event time. */
  private long expiryOf(int side, Object[] combined, Object[] key) {
    if (watermarkKey >= 0) {
      Object k = key[watermarkKey];
      return windowKey ? (Long) ((Object[]) k)[1] : (Long) k;
    }
    int column = bounds[side].timeColumn() + (side == 0 ? 0 : widths[0]);
    return (Long) combined[column];
  }

  /** Drops the side's rows at or below its state watermark; an outer side's unmatched rows get their NULL rows. */
  private void evict(StateStore store, int side, List<Object[]> out) {
    if (!expires(side) || thresholds[side] == Long.MIN_VALUE) {
      return;
    }
    byte[] from = new byte[] {(byte) (side * 2 + 2)};
    byte[] to = tag((byte) (side * 2 + 2), expiryCodec.encodePrefix(thresholds[side] + 1));
    var expired = new ArrayList<byte[]>();
    try (StateIterator it = store.range(from, to)) {
      while (it.next()) {
        expired.add(it.key());
      }
    }
    if (expired.isEmpty()) {
      return;
    }
    for (byte[] k : expired) {
      Object[] decoded = expiryCodec.decode(Arrays.copyOfRange(k, 1, k.length));
      byte[] indexKey = tag((byte) (side * 2 + 1), indexCodec.encode(Arrays.copyOfRange(decoded, 1, decoded.length)));
      if (outer(side)) {
        byte[] value = store.get(indexKey);
        if (value != null) {
          Object[] stored = valueCodecs[side].decode(value);
          if (!Boolean.TRUE.equals(stored[widths[side]])) {
            var combined = new Object[widths[0] + widths[1]];
            System.arraycopy(stored, 0, combined, side == 0 ? 0 : widths[0], widths[side]);
            out.add(project(combined));
          }
        }
      }
      store.deletePresent(indexKey); // a row's two entries come and go together
    }
    store.deleteRange(from, to);
  }

  private Object[] project(Object[] combined) {
    return HashJoinOperator.project(output, combined);
  }
}
