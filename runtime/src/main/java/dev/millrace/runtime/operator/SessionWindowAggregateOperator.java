package dev.millrace.runtime.operator;

import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code groupBy(sessionWindow(time, gap), keys...)} over a stream, as Spark's session-window aggregation: each row
 * opens a session {@code [t, t + gap)}; sessions of one key that overlap or touch (a start at or before another's
 * end, Spark's {@code MergingSessionsIterator}) merge, and so do their aggregates. The sessions of a key are kept
 * together in the state store under the key. A row whose own session would already be closed
 * ({@code t + gap <= watermark}) is late: dropped and counted, as are rows without an event time.
 *
 * <p>Append mode emits a session once, when the watermark reaches its end, and forgets it; update mode emits the
 * sessions a batch changed and forgets closed ones silently; complete mode emits every session. Finding closed
 * sessions scans the keys, as Spark's session state manager does.
 */
public final class SessionWindowAggregateOperator extends PartitionedStatefulOperator<Object[][]> {

  private final Evaluator[] keys;
  private final Evaluator time;
  private final long gap;
  private final int sessionPosition;
  private final OutputMode mode;
  private final RowKeyCodec keyCodec;
  private final RowValueCodec valueCodec;
  private final AggregateBuffers buffers;
  private long late;

  /** One session of one key, with its aggregates. */
  private static final class Session {
    long start;
    long end;
    Accumulator[] accs;
    boolean changed;

    Session(long start, long end, Accumulator[] accs) {
      this.start = start;
      this.end = end;
      this.accs = accs;
    }
  }

  /**
   * @param keys the grouping expressions other than the session window
   * @param keyTypes their types
   * @param sessionPosition where the session window stands among the grouping columns of the output
   */
  public SessionWindowAggregateOperator(String stateName, Evaluator[] keys, List<DataType> keyTypes, Evaluator time,
      long gapMicros, int sessionPosition, List<HashAggregateOperator.AggregateSlot> aggregates, OutputMode mode,
      int partitions) {
    super(stateName, partitions);
    this.keys = keys.clone();
    this.time = time;
    this.gap = gapMicros;
    this.sessionPosition = sessionPosition;
    this.mode = mode;
    this.keyCodec = new RowKeyCodec(keyTypes);
    var sessionFields = new ArrayList<Field>();
    sessionFields.add(Field.of("start", DataType.LONG));
    sessionFields.add(Field.of("end", DataType.LONG));
    this.buffers = new AggregateBuffers(aggregates);
    int n = 0;
    for (DataType t : buffers.types()) {
      sessionFields.add(Field.of("b" + n++, t));
    }
    this.valueCodec = new RowValueCodec(List.of(new ArrayType(new Schema(sessionFields), false)));
  }



  @Override
  public String stateShape() {
    return "sessions key " + keyCodec.types() + " value " + valueCodec.types();
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
    return mode != OutputMode.COMPLETE;
  }

  @Override
  protected void process(int input, Object[] row) {
    Object t = time.eval(row);
    if (t == null || (mode != OutputMode.COMPLETE && lateWatermark != Long.MIN_VALUE
        && (Long) t + gap <= lateWatermark)) {
      late++;
      return;
    }
    var key = new Object[keys.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = keys[i].eval(row);
    }
    enqueue(key, new Object[][] {key, row, {t}});
  }


  @Override
  protected List<Object[]> runPartition(int partition, StateStore store, List<Object[][]> entries) {
    var byKey = new LinkedHashMap<GroupKey, List<Object[][]>>();
    for (Object[][] entry : entries) {
      byKey.computeIfAbsent(new GroupKey(entry[0]), k -> new ArrayList<>()).add(entry);
    }
    var out = new ArrayList<Object[]>();
    for (var e : byKey.entrySet()) {
      Object[] key = e.getKey().values();
      byte[] keyBytes = keyCodec.encode(key);
      byte[] saved = store.get(keyBytes);
      List<Session> sessions = saved == null ? new ArrayList<>() : decode(saved);
      List<Object[][]> rows = e.getValue();
      rows.sort(Comparator.comparingLong(r -> (Long) r[2][0]));
      for (Object[][] r : rows) {
        long t = (Long) r[2][0];
        var s = new Session(t, t + gap, buffers.fresh());
        buffers.add(s.accs, r[1]);
        s.changed = true;
        sessions = merge(sessions, s);
      }
      store.put(keyBytes, encode(sessions));
      if (mode == OutputMode.UPDATE) {
        for (Session s : sessions) {
          if (s.changed) {
            out.add(result(key, s));
          }
        }
      }
    }
    if (mode == OutputMode.COMPLETE) {
      try (StateIterator it = store.prefix(new byte[0])) {
        while (it.next()) {
          Object[] key = keyCodec.decode(it.key());
          for (Session s : decode(it.value())) {
            out.add(result(key, s));
          }
        }
      }
    } else if (watermark != Long.MIN_VALUE) {
      evict(store, out);
    }
    return out;
  }

  /** Inserts {@code s}, merging it with every session it overlaps or touches; keeps the list sorted by start. */
  private static List<Session> merge(List<Session> sessions, Session s) {
    var result = new ArrayList<Session>();
    Session merged = s;
    var overlapping = new ArrayList<Session>();
    for (Session old : sessions) {
      if (old.start <= merged.end && merged.start <= old.end) {
        overlapping.add(old);
      } else {
        result.add(old);
      }
    }
    if (!overlapping.isEmpty()) {
      overlapping.add(s);
      overlapping.sort(Comparator.comparingLong(x -> x.start));
      Session first = overlapping.get(0);
      var combined = new Session(first.start, first.end, first.accs);
      for (int i = 1; i < overlapping.size(); i++) {
        Session next = overlapping.get(i);
        combined.end = Math.max(combined.end, next.end);
        for (int a = 0; a < combined.accs.length; a++) {
          combined.accs[a].merge(next.accs[a]);
        }
      }
      combined.changed = true;
      merged = combined;
    }
    result.add(merged);
    result.sort(Comparator.comparingLong(x -> x.start));
    return result;
  }

  /** Sessions whose end is at or below the watermark are final: emitted in append mode, forgotten in both. */
  private void evict(StateStore store, List<Object[]> out) {
    var updates = new LinkedHashMap<byte[], List<Session>>();
    try (StateIterator it = store.prefix(new byte[0])) {
      while (it.next()) {
        List<Session> sessions = decode(it.value());
        List<Session> open = new ArrayList<>();
        boolean closedAny = false;
        for (Session s : sessions) {
          if (s.end <= watermark) {
            closedAny = true;
            if (mode == OutputMode.APPEND) {
              out.add(result(keyCodec.decode(it.key()), s));
            }
          } else {
            open.add(s);
          }
        }
        if (closedAny) {
          updates.put(it.key(), open);
        }
      }
    }
    updates.forEach((k, open) -> {
      if (open.isEmpty()) {
        store.delete(k);
      } else {
        store.put(k, encode(open));
      }
    });
  }

  private byte[] encode(List<Session> sessions) {
    var list = new ArrayList<Object>(sessions.size());
    for (Session s : sessions) {
      var fields = new Object[2 + buffers.types().size()];
      fields[0] = s.start;
      fields[1] = s.end;
      buffers.save(s.accs, fields, 2);
      list.add(fields);
    }
    return valueCodec.encode(new Object[] {list});
  }

  private List<Session> decode(byte[] bytes) {
    var sessions = new ArrayList<Session>();
    for (Object o : (List<?>) valueCodec.decode(bytes)[0]) {
      Object[] fields = (Object[]) o;
      Accumulator[] accs = buffers.fresh();
      buffers.restore(accs, fields, 2);
      sessions.add(new Session((Long) fields[0], (Long) fields[1], accs));
    }
    return sessions;
  }

  private Object[] result(Object[] key, Session s) {
    var out = new Object[key.length + 1 + s.accs.length];
    int k = 0;
    for (int i = 0; i < key.length + 1; i++) {
      out[i] = i == sessionPosition ? new Object[] {s.start, s.end} : key[k++];
    }
    for (int i = 0; i < s.accs.length; i++) {
      out[key.length + 1 + i] = s.accs[i].result();
    }
    return out;
  }


  @Override
  public String name() {
    return "SessionWindowAggregate";
  }
}
