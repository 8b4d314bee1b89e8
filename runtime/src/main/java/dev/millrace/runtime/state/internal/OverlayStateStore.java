package dev.millrace.runtime.state.internal;

import dev.millrace.runtime.state.StateIterator;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A batch whose writes are buffered on the heap, in a sorted overlay of the working state (tombstones for deletes),
 * as Spark's state stores keep a batch's updates: reads look in the overlay, then in the working state; scans merge
 * both in key order; the changelog and the working state's update are written from the overlay in key order, each
 * key once. A put or delete costs a map insert and no call into the working state, which matters for the RocksDB
 * provider, where every call crosses JNI. A provider supplies the working state's point read, its scan and how a
 * batch is applied to it.
 */
public abstract class OverlayStateStore extends BatchStateStore {

  /** The value of a key deleted in this batch; compared by identity. */
  protected static final byte[] TOMBSTONE = new byte[0];
  /** Every empty value the overlay keeps: one array, distinct from {@link #TOMBSTONE}. */
  private static final byte[] EMPTY = new byte[0];

  /** Rough heap cost of a sorted-map entry beyond its key and value bytes: the entry, two array headers, references. */
  public static final long ENTRY_OVERHEAD = 80;

  private TreeMap<byte[], byte[]> pending = newSortedMap();
  private long pendingBytes;
  private Changes changes; // the overlay as arrays, once taken; any write drops them

  protected OverlayStateStore(VersionedStateStoreProvider provider, long version, long keys) {
    super(provider, version, keys);
  }

  /** A map in the stores' key order: unsigned bytes. */
  public static TreeMap<byte[], byte[]> newSortedMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  /** The committed value of {@code key} in the working state, or null; the caller does not keep it. */
  protected abstract byte[] baseRead(byte[] key);

  /** Whether the working state holds {@code key}. */
  protected boolean baseContains(byte[] key) {
    return baseRead(key) != null;
  }

  /** A cursor over the working state's {@code from <= key < to} ({@code to == null}: no upper bound). */
  protected abstract StateIterator baseScan(byte[] from, byte[] to);

  /**
   * The batch's writes in key order, as two arrays of the same length: {@code keys[i]} was set to {@code values[i]},
   * or deleted when that is {@link #TOMBSTONE}. The commit reads them several times (the changelog, the update of
   * the working state), and arrays are far cheaper to walk than the tree.
   */
  protected record Changes(byte[][] keys, byte[][] values) {

    public int size() {
      return keys.length;
    }
  }

  /** The batch's writes ({@link Changes}), taken from the overlay once writes are over (at commit). */
  protected final Changes changes() {
    if (changes == null) {
      var keys = new byte[pending.size()][];
      var values = new byte[keys.length][];
      int i = 0;
      for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
        keys[i] = e.getKey();
        values[i++] = e.getValue();
      }
      changes = new Changes(keys, values);
    }
    return changes;
  }

  @Override
  protected final byte[] read(byte[] key) {
    byte[] value = pending.get(key);
    if (value != null) {
      return value == TOMBSTONE ? null : value.clone();
    }
    return baseRead(key);
  }

  private boolean present(byte[] key) {
    byte[] value = pending.get(key);
    return value != null ? value != TOMBSTONE : baseContains(key);
  }

  @Override
  protected final boolean write(byte[] key, byte[] value) {
    boolean absent = !present(key);
    buffer(key.clone(), copy(value));
    return absent;
  }

  @Override
  protected final boolean remove(byte[] key) {
    boolean present = present(key);
    if (present || pending.containsKey(key)) {
      buffer(key.clone(), TOMBSTONE);
    }
    return present;
  }

  @Override
  protected final void writeBlind(byte[] key, byte[] value) {
    buffer(key.clone(), copy(value));
  }

  @Override
  protected final void removePresent(byte[] key) {
    buffer(key.clone(), TOMBSTONE);
  }

  /** A copy of a value to keep; the empty value (a de-duplication key's) is shared, never the tombstone. */
  private static byte[] copy(byte[] value) {
    return value.length == 0 ? EMPTY : value.clone();
  }

  private void buffer(byte[] key, byte[] value) {
    changes = null;
    byte[] old = pending.put(key, value);
    pendingBytes += old == null ? ENTRY_OVERHEAD + key.length + value.length : value.length - old.length;
  }

  @Override
  protected final StateIterator scan(byte[] from, byte[] to) {
    NavigableMap<byte[], byte[]> overlay = to == null ? pending.tailMap(from, true) : pending.subMap(from, true, to,
        false);
    StateIterator base = baseScan(from, to);
    if (overlay.isEmpty()) {
      return base;
    }
    try {
      return new Merged(base, overlay.entrySet().iterator()); // reads the base's first entry
    } catch (RuntimeException e) {
      base.close(); // a RocksDB iterator holds native memory
      throw e;
    }
  }

  @Override
  protected final void writeChanges(ChangelogWriter changelog) throws IOException {
    Changes c = changes();
    for (int i = 0; i < c.size(); i++) {
      if (c.values[i] == TOMBSTONE) {
        changelog.delete(c.keys[i]);
      } else {
        changelog.put(c.keys[i], c.values[i]);
      }
    }
  }

  @Override
  protected final void discard() {
    pending = newSortedMap();
    pendingBytes = 0;
    changes = null;
  }

  @Override
  protected final long batchBytes() {
    return pendingBytes;
  }

  /** The working state's cursor overlaid with the batch's entries: a batch entry wins, a tombstone hides. */
  private static final class Merged implements StateIterator {

    private final StateIterator base;
    private final Iterator<Map.Entry<byte[], byte[]>> batch;
    private boolean baseValid;
    private byte[] baseKey;
    private Map.Entry<byte[], byte[]> nextBatch;
    private byte[] key;
    private byte[] value; // null: the current entry is the base cursor's

    Merged(StateIterator base, Iterator<Map.Entry<byte[], byte[]>> batch) {
      this.base = base;
      this.batch = batch;
      advanceBase();
      nextBatch = batch.hasNext() ? batch.next() : null;
    }

    private void advanceBase() {
      baseValid = base.next();
      baseKey = baseValid ? base.key() : null;
    }

    @Override
    public boolean next() {
      if (key != null && value == null) {
        advanceBase(); // the previous entry came from the base cursor
      }
      while (baseValid || nextBatch != null) {
        int c = !baseValid ? 1 : nextBatch == null ? -1 : Arrays.compareUnsigned(baseKey, nextBatch.getKey());
        if (c < 0) {
          key = baseKey;
          value = null;
          return true;
        }
        Map.Entry<byte[], byte[]> entry = nextBatch;
        nextBatch = batch.hasNext() ? batch.next() : null;
        if (c == 0) {
          advanceBase();
        }
        if (entry.getValue() != TOMBSTONE) {
          key = entry.getKey();
          value = entry.getValue();
          return true;
        }
      }
      key = null;
      return false;
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] value() {
      return value == null ? base.value() : value.clone();
    }

    @Override
    public void close() {
      base.close();
    }
  }
}
