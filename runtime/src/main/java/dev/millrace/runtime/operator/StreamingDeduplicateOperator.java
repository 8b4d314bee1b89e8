package dev.millrace.runtime.operator;

import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * De-duplication of a stream with its seen keys in a state store, as Spark's {@code StreamingDeduplicateExec}
 * ({@code dropDuplicates}) and {@code StreamingDeduplicateWithinWatermarkExec}
 * ({@code dropDuplicatesWithinWatermark}):
 * <ul>
 *   <li>With a watermark on the input, a row whose event time is at or below the watermark is late: dropped and
 *       counted (so is a row with a NULL event time).</li>
 *   <li>The first row of a key passes; later rows of the key are dropped and counted while the key is remembered.</li>
 *   <li>{@code dropDuplicates}: a key is remembered forever, unless the event-time column is one of the keys, in
 *       which case it is forgotten once its event time is at or below the watermark.</li>
 *   <li>{@code dropDuplicatesWithinWatermark}: a key is remembered until the watermark reaches its first row's event
 *       time plus the watermark delay.</li>
 * </ul>
 * Keys whose state expires are stored with their expiry time first, so eviction is a range scan. Rows keep their
 * arrival order within a partition; partitions are processed in parallel.
 */
public final class StreamingDeduplicateOperator extends PartitionedStatefulOperator<Object[][]> {

  private static final byte[] NOTHING = new byte[0];
  /** The encoded expiry column of an expiring key: a present byte and 8 bytes. */
  private static final int EXPIRY_BYTES = 9;

  private final int[] keyColumns;
  private final int eventTime;
  private final boolean withinWatermark;
  private final long delayMicros;
  private final boolean expires;
  private final RowKeyCodec codec;
  private final RowKeyCodec keyCodec;
  private long late;
  private final long[] dropped;

  /**
   * @param keyColumns positions of the key columns in the input
   * @param keyTypes their types
   * @param eventTime position of the watermarked event-time column in the input, or -1 without a watermark
   * @param delayMicros the watermark delay (for {@code withinWatermark})
   */
  public StreamingDeduplicateOperator(String stateName, int[] keyColumns, List<DataType> keyTypes, int eventTime,
      boolean withinWatermark, long delayMicros, int partitions) {
    super(stateName, partitions);
    this.keyColumns = keyColumns.clone();
    this.eventTime = eventTime;
    this.withinWatermark = withinWatermark;
    this.delayMicros = delayMicros;
    boolean timeIsKey = eventTime >= 0 && IntStream.of(keyColumns).anyMatch(k -> k == eventTime);
    this.dropped = new long[partitions];
    this.expires = eventTime >= 0 && (withinWatermark || timeIsKey);
    var types = new ArrayList<DataType>();
    if (expires) {
      types.add(DataType.LONG); // expiry first: eviction is a range scan
    }
    types.addAll(keyTypes);
    this.codec = new RowKeyCodec(types);
    this.keyCodec = new RowKeyCodec(keyTypes);
  }



  @Override
  public String stateShape() {
    return (withinWatermark ? "dedupe-within-watermark " : "dedupe ") + codec.types();
  }

  @Override
  protected void onBeginBatch() {
    late = 0;
    java.util.Arrays.fill(dropped, 0);
  }

  @Override
  public long lateRowsDropped() {
    return late;
  }

  @Override
  public long duplicatesDropped() {
    return java.util.stream.LongStream.of(dropped).sum();
  }

  /** As Spark's {@code shouldRunAnotherBatch}: any de-duplication with a watermark on its input, whatever its keys. */
  @Override
  public boolean usesWatermark() {
    return eventTime >= 0;
  }

  @Override
  protected void process(int input, Object[] row) {
    if (eventTime >= 0) {
      Object t = row[eventTime];
      if (t == null || (lateWatermark != Long.MIN_VALUE && (Long) t <= lateWatermark)) {
        late++;
        return;
      }
    }
    var key = new Object[keyColumns.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = row[keyColumns[i]];
    }
    enqueue(key, new Object[][] {key, row});
  }


  @Override
  protected List<Object[]> runPartition(int p, StateStore store, List<Object[][]> entries) {
    var out = new ArrayList<Object[]>();
    for (Object[][] entry : entries) {
      Object[] key = entry[0];
      Object[] row = entry[1];
      byte[] encoded = keyCodec.encode(key);
      // An expiring key is looked up in its index (key -> expiry), the others as they are stored.
      byte[] lookup = expires ? indexKey(encoded) : encoded;
      if (store.get(lookup) != null) {
        dropped[p]++;
        continue;
      }
      if (expires) {
        long expiry = withinWatermark ? (Long) row[eventTime] + delayMicros : timeOf(key);
        byte[] time = codec.encodePrefix(expiry);
        // Both entries are new: the key was not found, and its two entries come and go together.
        store.put(expiringKey(time, encoded), NOTHING, false);
        store.put(lookup, time, false); // key -> its expiry, to find it again
      } else {
        store.put(lookup, NOTHING, false);
      }
      out.add(row);
    }
    if (expires && watermark != Long.MIN_VALUE) {
      evict(store);
    }
    return out;
  }

  private long timeOf(Object[] key) {
    for (int i = 0; i < keyColumns.length; i++) {
      if (keyColumns[i] == eventTime) {
        return (Long) key[i];
      }
    }
    throw new IllegalStateException("The event-time column is not a key");
  }

  // Layout of expiring keys, with the codec of [expiry LONG, key...]: 0x02 + [expiry, key...] sorted by expiry, and
  // 0x01 + [NULL, key...] -> [expiry] to look keys up. The codec's columns are self-delimiting and concatenated, so
  // both are built from the key's own encoding.
  /** The expiring entry's key: {@code time} is the encoded expiry column ({@value #EXPIRY_BYTES} bytes). */
  private static byte[] expiringKey(byte[] time, byte[] encodedKey) {
    var out = new byte[1 + EXPIRY_BYTES + encodedKey.length];
    out[0] = 2;
    System.arraycopy(time, 0, out, 1, EXPIRY_BYTES);
    System.arraycopy(encodedKey, 0, out, 1 + EXPIRY_BYTES, encodedKey.length);
    return out;
  }

  private static byte[] indexKey(byte[] encodedKey) {
    var out = new byte[2 + encodedKey.length];
    out[0] = 1;
    out[1] = 0; // the NULL expiry column
    System.arraycopy(encodedKey, 0, out, 2, encodedKey.length);
    return out;
  }

  /** The index key of an expiring key: its key columns after the tag and the expiry. */
  private static byte[] indexKeyOf(byte[] expiringKey) {
    var out = new byte[2 + expiringKey.length - 1 - EXPIRY_BYTES];
    out[0] = 1;
    out[1] = 0;
    System.arraycopy(expiringKey, 1 + EXPIRY_BYTES, out, 2, expiringKey.length - 1 - EXPIRY_BYTES);
    return out;
  }

  /** Forgets the keys whose expiry is at or below the watermark: one scan, then both entries of each deleted. */
  private void evict(StateStore store) {
    // Keys expiring at or below the previous batch's watermark were evicted by that batch, and no row stored since
    // expires that early (it would have been late): the scan starts after them, past their tombstones.
    byte[] from = lateWatermark == Long.MIN_VALUE ? new byte[] {2}
        : tag((byte) 2, codec.encodePrefix(lateWatermark + 1));
    byte[] to = tag((byte) 2, codec.encodePrefix(watermark + 1));
    var expired = new ArrayList<byte[]>();
    try (StateIterator it = store.range(from, to)) {
      while (it.next()) {
        expired.add(it.key());
      }
    }
    for (byte[] k : expired) {
      store.deletePresent(k);
      store.deletePresent(indexKeyOf(k));
    }
  }

  @Override
  public String name() {
    return (withinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate");
  }
}
