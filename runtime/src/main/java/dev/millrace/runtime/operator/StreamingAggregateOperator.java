package dev.millrace.runtime.operator;

import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A running aggregation over a stream, with its groups in a state store: each batch's rows update the aggregate
 * buffers of their groups, which are read from and written back to the store of the group's partition
 * ({@code hash(key) mod partitions}); partitions are processed in parallel. Rows are key values followed by
 * aggregate results, like {@link HashAggregateOperator}.
 *
 * <p>Output modes, as Spark's {@code StateStoreSaveExec}:
 * <ul>
 *   <li>{@link OutputMode#UPDATE}: the groups the batch changed (first-seen order, partition by partition); with an
 *       event-time key, groups whose time passed the watermark are then evicted without output.</li>
 *   <li>{@link OutputMode#COMPLETE}: every group (key order, partition by partition); nothing is evicted.</li>
 *   <li>{@link OutputMode#APPEND}: only groups whose event time (a window's end, or the event-time column itself)
 *       is at or below the batch's watermark, once, as they are evicted; needs an event-time key.</li>
 * </ul>
 * With an event-time key, a row whose group is already closed ({@code time <= watermark}) is dropped and counted as
 * late, and so is a row with a NULL event time; such keys are stored with their time first, so eviction is a range
 * scan, not a full scan.
 */
public final class StreamingAggregateOperator
    extends PartitionedStatefulOperator<StreamingAggregateOperator.Entry> {

  /** An input row and its group, hashed once for both the partition and the partition's map. */
  record Entry(GroupKey key, Object[] row) {}

  private final Evaluator[] groupings;
  private final OutputMode mode;
  private final RowKeyCodec keyCodec;
  private final RowValueCodec valueCodec;
  private final AggregateBuffers buffers;
  private final int timeKey;
  private final boolean timeIsWindow;
  private long late;

  /**
   * @param keyTypes the types of the grouping values
   * @param mode {@link OutputMode#UPDATE} or {@link OutputMode#COMPLETE}
   */
  public StreamingAggregateOperator(String stateName, Evaluator[] groupings, List<DataType> keyTypes,
      List<HashAggregateOperator.AggregateSlot> aggregates, OutputMode mode, int partitions) {
    this(stateName, groupings, keyTypes, aggregates, mode, partitions, -1, false);
  }

  /**
   * @param timeKey the position in the key of the event-time grouping (a window over a watermarked column, or the
   *     watermarked column itself), or -1
   * @param timeIsWindow whether that key is a window struct (its end is the group's time)
   */
  public StreamingAggregateOperator(String stateName, Evaluator[] groupings, List<DataType> keyTypes,
      List<HashAggregateOperator.AggregateSlot> aggregates, OutputMode mode, int partitions, int timeKey,
      boolean timeIsWindow) {
    super(stateName, partitions);
    if (mode == OutputMode.APPEND && timeKey < 0) {
      throw new IllegalArgumentException("Append-mode aggregation needs an event-time key");
    }
    this.groupings = groupings.clone();
    this.mode = mode;
    this.timeKey = timeKey;
    this.timeIsWindow = timeIsWindow;
    var stateKeyTypes = new ArrayList<DataType>();
    if (timeKey >= 0) {
      stateKeyTypes.add(DataType.LONG); // the group's time first: eviction is a range scan
    }
    stateKeyTypes.addAll(keyTypes);
    this.keyCodec = new RowKeyCodec(stateKeyTypes);
    this.buffers = new AggregateBuffers(aggregates);
    this.valueCodec = new RowValueCodec(buffers.types());
  }



  @Override
  public String stateShape() {
    return "aggregate key " + keyCodec.types() + " buffers " + valueCodec.types();
  }

  @Override
  protected void onBeginBatch() {
    late = 0;
  }

  @Override
  public long lateRowsDropped() {
    return late;
  }

  @Override
  public boolean usesWatermark() {
    return timeKey >= 0 && mode != OutputMode.COMPLETE;
  }

  /** The group's event time: a window's end, or the event-time value; null when the key has none. */
  private Long time(Object[] key) {
    Object v = key[timeKey];
    if (v == null) {
      return null;
    }
    return timeIsWindow ? (Long) ((Object[]) v)[1] : (Long) v;
  }

  /** The state key: the group's time first when there is one. */
  private byte[] stateKey(Object[] key) {
    if (timeKey < 0) {
      return keyCodec.encode(key);
    }
    var withTime = new Object[key.length + 1];
    withTime[0] = time(key);
    System.arraycopy(key, 0, withTime, 1, key.length);
    return keyCodec.encode(withTime);
  }

  private Object[] groupKey(byte[] stateKey) {
    Object[] decoded = keyCodec.decode(stateKey);
    if (timeKey < 0) {
      return decoded;
    }
    var key = new Object[decoded.length - 1];
    System.arraycopy(decoded, 1, key, 0, key.length);
    return key;
  }

  @Override
  protected void process(int input, Object[] row) {
    var key = new Object[groupings.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = groupings[i].eval(row);
    }
    if (timeKey >= 0) {
      Long t = time(key);
      // Spark drops a row only when its group is already closed: a window whose end is at or below the watermark.
      if (t == null || (lateWatermark != Long.MIN_VALUE && t <= lateWatermark && mode != OutputMode.COMPLETE)) {
        late++;
        return;
      }
    }
    var groupKey = new GroupKey(key);
    enqueue(groupKey.hashCode(), new Entry(groupKey, row));
  }


  /** A group this batch touched: its buffers, its state key, whether it had state before the batch. */
  private static final class Group {
    final Accumulator[] accs;
    final byte[] stateKey;
    final boolean stored;

    Group(Accumulator[] accs, byte[] stateKey, boolean stored) {
      this.accs = accs;
      this.stateKey = stateKey;
      this.stored = stored;
    }
  }

  /** Updates one partition's groups with its rows and returns its output rows. Runs on a pool thread. */
  @Override
  protected List<Object[]> runPartition(int partition, StateStore store, List<Entry> rows) {
    var changed = new LinkedHashMap<GroupKey, Group>();
    for (Entry entry : rows) {
      GroupKey groupKey = entry.key();
      Group group = changed.get(groupKey);
      if (group == null) {
        byte[] keyBytes = stateKey(groupKey.values());
        Accumulator[] accs = buffers.fresh();
        byte[] saved = store.get(keyBytes);
        if (saved != null) {
          buffers.restore(accs, valueCodec.decode(saved), 0);
        }
        group = new Group(accs, keyBytes, saved != null);
        changed.put(groupKey, group);
      }
      buffers.add(group.accs, entry.row());
    }
    var out = new ArrayList<Object[]>();
    var state = new Object[buffers.types().size()];
    for (var e : changed.entrySet()) {
      Group group = e.getValue();
      buffers.save(group.accs, state, 0);
      store.put(group.stateKey, valueCodec.encode(state), group.stored);
      if (mode == OutputMode.UPDATE) {
        out.add(AggregateBuffers.result(e.getKey().values(), group.accs));
      }
    }
    if (mode == OutputMode.COMPLETE) {
      try (StateIterator it = store.prefix(new byte[0])) {
        while (it.next()) {
          Accumulator[] accs = buffers.fresh();
          buffers.restore(accs, valueCodec.decode(it.value()), 0);
          out.add(AggregateBuffers.result(groupKey(it.key()), accs));
        }
      }
    } else if (timeKey >= 0 && watermark != Long.MIN_VALUE) {
      // Groups whose time is at or below the watermark are final: append mode emits them once; both evict them.
      byte[] end = keyCodec.encodePrefix(watermark + 1);
      // Groups at or below the previous batch's watermark were evicted by it, and rows for them since were late:
      // the scan starts after them, past their tombstones.
      byte[] start = lateWatermark == Long.MIN_VALUE ? new byte[0] : keyCodec.encodePrefix(lateWatermark + 1);
      var evicted = new ArrayList<byte[]>();
      try (StateIterator it = store.range(start, end)) {
        while (it.next()) {
          byte[] key = it.key();
          evicted.add(key);
          if (mode == OutputMode.APPEND) {
            Accumulator[] accs = buffers.fresh();
            buffers.restore(accs, valueCodec.decode(it.value()), 0);
            out.add(AggregateBuffers.result(groupKey(key), accs));
          }
        }
      }
      for (byte[] key : evicted) {
        store.deletePresent(key); // one scan: the keys it found are deleted without a second one
      }
    }
    return out;
  }

  @Override
  public String name() {
    return "StreamingAggregate";
  }
}
