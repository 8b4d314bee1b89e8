package dev.millrace.runtime.operator;

import dev.millrace.errors.MillraceException;
import dev.millrace.function.FlatMapGroupsWithStateFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.function.MapGroupsWithStateFunction;
import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.types.DataType;
import dev.millrace.types.Encoder;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * {@code groupByKey(f).mapGroupsWithState(...)} / {@code flatMapGroupsWithState(...)}, as Spark's
 * {@code FlatMapGroupsWithStateExec}: once per key with new rows, the user function gets the key, the rows (in
 * arrival order) and the key's {@link dev.millrace.streaming.GroupState}; then every key whose timeout is before
 * the threshold (the batch timestamp for processing-time timeouts, the watermark for event-time timeouts) and that
 * had no rows gets a call with no rows and {@code hasTimedOut()} true. A call clears the key's timeout unless it
 * sets it again. State is stored with the state encoder's schema, which is part of the checkpoint fingerprint, so a
 * changed state type is refused instead of misread; timeouts are indexed by time, so firing them is a range scan.
 *
 * <p>With an event-time timeout, input rows whose event time is at or below the previous batch's watermark are
 * late: dropped before the function sees them and counted in {@link #lateRowsDropped()}, as Spark does (a row
 * without an event time is kept, as Spark's predicate is not true for NULL). After each batch the operator knows
 * its earliest processing-time timeout, so the engine can run a batch without input when it is due
 * ({@link #processingTimeDueMicros()}).
 *
 * <p>Threading: the user's functions (the key function and the state function) are never called concurrently.
 * The key function runs on the table's thread as rows arrive; the partitions then run one after another on the
 * same thread, which has the context class loader of the application that built the runner.
 */
public final class GroupStateOperator extends PartitionedStatefulOperator<Object[]> {

  private final Schema inputSchema;
  private final MapFunction<Object, Object> keyFunction;
  private final Encoder<Object> keyEncoder;
  private final Optional<Encoder<?>> valueEncoder;
  private final Encoder<Object> stateEncoder;
  private final Encoder<Object> outputEncoder;
  private final Object function;
  private final boolean mapGroups;
  private final GroupStateTimeout timeout;
  private final BatchClock clock;
  private final RowKeyCodec keyCodec;
  private final RowKeyCodec timeoutCodec;
  private final RowValueCodec valueCodec;
  /** The input's event-time column (with the watermark), or -1; only used with an event-time timeout. */
  private final int eventTimeColumn;
  /** Per partition: the earliest processing-time timeout in its store after the batch (ms), or NO_TIMESTAMP. */
  private final long[] earliestTimeoutMs;
  private long late;

  @SuppressWarnings("unchecked")
  public GroupStateOperator(String stateName, Schema inputSchema, MapFunction<?, ?> keyFunction, Encoder<?> keyEncoder,
      Optional<Encoder<?>> valueEncoder, Encoder<?> stateEncoder, Encoder<?> outputEncoder, Object function,
      boolean mapGroups, GroupStateTimeout timeout, int eventTimeColumn, int partitions, BatchClock clock) {
    super(stateName, partitions);
    this.eventTimeColumn = timeout == GroupStateTimeout.EVENT_TIME_TIMEOUT ? eventTimeColumn : -1;
    this.earliestTimeoutMs = new long[partitions];
    java.util.Arrays.fill(earliestTimeoutMs, GroupStateImpl.NO_TIMESTAMP);
    this.inputSchema = inputSchema;
    this.keyFunction = (MapFunction<Object, Object>) keyFunction;
    this.keyEncoder = (Encoder<Object>) keyEncoder;
    this.valueEncoder = valueEncoder;
    this.stateEncoder = (Encoder<Object>) stateEncoder;
    this.outputEncoder = (Encoder<Object>) outputEncoder;
    this.function = function;
    this.mapGroups = mapGroups;
    this.timeout = timeout;
    this.clock = clock;
    List<DataType> keyTypes = keyEncoder.schema().fields().stream().map(f -> f.type()).toList();
    this.keyCodec = new RowKeyCodec(keyTypes);
    var timeoutTypes = new ArrayList<DataType>();
    timeoutTypes.add(DataType.LONG);
    timeoutTypes.addAll(keyTypes);
    this.timeoutCodec = new RowKeyCodec(timeoutTypes);
    var valueTypes = new ArrayList<DataType>(stateEncoder.schema().fields().stream().map(f -> f.type()).toList());
    valueTypes.add(DataType.LONG); // the timeout timestamp
    this.valueCodec = new RowValueCodec(valueTypes);
  }



  @Override
  public String stateShape() {
    return "groups key (" + keyEncoder.schema().toDdl() + ") state " + stateEncoder.type().getName() + " ("
        + stateEncoder.schema().toDdl() + ") " + timeout;
  }


  @Override
  public boolean usesWatermark() {
    return timeout == GroupStateTimeout.EVENT_TIME_TIMEOUT;
  }

  /** User functions are not required to be thread-safe: see the class comment. */
  @Override
  protected boolean runsPartitionsInParallel() {
    return false;
  }

  @Override
  protected void onBeginBatch() {
    late = 0;
  }

  @Override
  public long lateRowsDropped() {
    return late;
  }

  /**
   * Spark fires a processing-time timeout in the first batch whose timestamp (ms) is after it, so a batch is due
   * from the millisecond after the earliest timeout.
   */
  @Override
  public long processingTimeDueMicros() {
    if (timeout != GroupStateTimeout.PROCESSING_TIME_TIMEOUT) {
      return Long.MAX_VALUE;
    }
    long earliest = Long.MAX_VALUE;
    for (long t : earliestTimeoutMs) {
      if (t != GroupStateImpl.NO_TIMESTAMP) {
        earliest = Math.min(earliest, t);
      }
    }
    return earliest == Long.MAX_VALUE ? Long.MAX_VALUE : Math.multiplyExact(earliest + 1, 1000L);
  }

  @Override
  protected void process(int input, Object[] row) {
    if (eventTimeColumn >= 0 && lateWatermark != Long.MIN_VALUE) {
      Object t = row[eventTimeColumn];
      if (t != null && (Long) t <= lateWatermark) {
        late++;
        return;
      }
    }
    Row external = InternalValues.rowToExternal(inputSchema, row);
    Object value = valueEncoder.isPresent() ? valueEncoder.get().fromRow(external) : external;
    Object key;
    try {
      key = keyFunction.call(value);
    } catch (Exception e) {
      throw new MillraceException("the groupByKey function failed on row " + external + ": " + e, e);
    }
    Object[] keyValues = InternalValues.rowToInternal(keyEncoder.schema(), keyEncoder.toRow(key));
    enqueue(keyValues, new Object[] {keyValues, key, value});
  }


  @Override
  protected List<Object[]> runPartition(int partition, StateStore store, List<Object[]> entries) {
    long batchMs = Math.floorDiv(clock.micros(), 1000L);
    long watermarkMs = watermark == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(watermark, 1000L);
    var groups = new LinkedHashMap<GroupKey, List<Object[]>>();
    for (Object[] entry : entries) {
      groups.computeIfAbsent(new GroupKey((Object[]) entry[0]), k -> new ArrayList<>()).add(entry);
    }
    var out = new ArrayList<Object[]>();
    for (var g : groups.entrySet()) {
      Object[] keyValues = g.getKey().values();
      Object key = g.getValue().get(0)[1];
      var values = g.getValue().stream().map(e -> e[2]).iterator();
      call(store, keyValues, key, values, false, batchMs, watermarkMs, out);
    }
    if (timeout != GroupStateTimeout.NO_TIMEOUT) {
      long threshold = timeout == GroupStateTimeout.PROCESSING_TIME_TIMEOUT ? batchMs : watermarkMs;
      if (threshold != Long.MIN_VALUE) {
        // Spark fires a timeout when its timestamp is strictly before the threshold.
        var due = new ArrayList<Object[]>();
        try (StateIterator it = store.range(new byte[] {2}, tag((byte) 2, timeoutCodec.encodePrefix(threshold)))) {
          while (it.next()) {
            Object[] decoded = timeoutCodec.decode(Arrays.copyOfRange(it.key(), 1, it.key().length));
            due.add(Arrays.copyOfRange(decoded, 1, decoded.length));
          }
        }
        for (Object[] keyValues : due) {
          if (groups.containsKey(new GroupKey(keyValues))) {
            continue; // had rows this batch: its timeout was reset by that call
          }
          Object key = keyEncoder.fromRow(InternalValues.rowToExternal(keyEncoder.schema(), keyValues));
          call(store, keyValues, key, java.util.Collections.emptyIterator(), true, batchMs, watermarkMs, out);
        }
      }
    }
    if (timeout == GroupStateTimeout.PROCESSING_TIME_TIMEOUT) {
      earliestTimeoutMs[partition] = earliestTimeout(store);
    }
    return out;
  }

  /** The first entry of the timeout index (ordered by time), read with this batch's updates. */
  private long earliestTimeout(StateStore store) {
    try (StateIterator it = store.range(new byte[] {2}, new byte[] {3})) {
      if (!it.next()) {
        return GroupStateImpl.NO_TIMESTAMP;
      }
      return (Long) timeoutCodec.decode(Arrays.copyOfRange(it.key(), 1, it.key().length))[0];
    }
  }

  @SuppressWarnings("unchecked")
  private void call(StateStore store, Object[] keyValues, Object key, Iterator<Object> values, boolean timedOut,
      long batchMs, long watermarkMs, List<Object[]> out) {
    byte[] mainKey = tag((byte) 1, keyCodec.encode(keyValues));
    byte[] saved = store.get(mainKey);
    Object existing = null;
    long oldTimeout = GroupStateImpl.NO_TIMESTAMP;
    if (saved != null) {
      Object[] decoded = valueCodec.decode(saved);
      oldTimeout = (Long) decoded[decoded.length - 1];
      Object[] stateValues = Arrays.copyOf(decoded, decoded.length - 1);
      existing = stateEncoder.fromRow(InternalValues.rowToExternal(stateEncoder.schema(), stateValues));
    }
    var state = new GroupStateImpl<Object>(existing, timeout, timedOut, batchMs, watermarkMs);
    try {
      if (mapGroups) {
        emitResult(((MapGroupsWithStateFunction<Object, Object, Object, Object>) function).call(key, values, state),
            out);
      } else {
        Iterator<Object> results = ((FlatMapGroupsWithStateFunction<Object, Object, Object, Object>) function)
            .call(key, values, state);
        while (results != null && results.hasNext()) {
          emitResult(results.next(), out);
        }
      }
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw new MillraceException("the " + (mapGroups ? "mapGroupsWithState" : "flatMapGroupsWithState")
          + " function failed for key " + key + ": " + e, e);
    }
    if (oldTimeout != GroupStateImpl.NO_TIMESTAMP) {
      store.delete(timeoutKey(oldTimeout, keyValues));
    }
    if (state.value() == null) {
      if (saved != null) {
        store.delete(mainKey);
      }
      return;
    }
    Object[] stateValues = InternalValues.rowToInternal(stateEncoder.schema(), stateEncoder.toRow(state.value()));
    Object[] stored = Arrays.copyOf(stateValues, stateValues.length + 1);
    stored[stateValues.length] = state.timeoutTimestampMs();
    store.put(mainKey, valueCodec.encode(stored));
    if (state.timeoutTimestampMs() != GroupStateImpl.NO_TIMESTAMP) {
      store.put(timeoutKey(state.timeoutTimestampMs(), keyValues), new byte[0]);
    }
  }

  private void emitResult(Object result, List<Object[]> out) {
    if (result == null && outputEncoder.type().isRecord()) {
      throw new MillraceException("the " + (mapGroups ? "mapGroupsWithState" : "flatMapGroupsWithState")
          + " function returned null; return a " + outputEncoder.type().getSimpleName());
    }
    out.add(InternalValues.rowToInternal(outputEncoder.schema(), outputEncoder.toRow(result)));
  }

  private byte[] timeoutKey(long timeoutMs, Object[] keyValues) {
    var withTime = new Object[keyValues.length + 1];
    withTime[0] = timeoutMs;
    System.arraycopy(keyValues, 0, withTime, 1, keyValues.length);
    return tag((byte) 2, timeoutCodec.encode(withTime));
  }



  @Override
  public String name() {
    return mapGroups ? "MapGroupsWithState" : "FlatMapGroupsWithState";
  }
}
