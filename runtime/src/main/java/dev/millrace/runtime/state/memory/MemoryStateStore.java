package dev.millrace.runtime.state.memory;

import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.internal.BatchStateStore;
import dev.millrace.runtime.state.internal.ChangelogWriter;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A batch over the memory provider's map: writes are buffered in a sorted overlay with tombstones. */
final class MemoryStateStore extends BatchStateStore {

  private static final byte[] TOMBSTONE = new byte[0]; // compared by identity

  private final MemoryStateStoreProvider provider;
  private TreeMap<byte[], byte[]> pending = MemoryStateStoreProvider.newMap();
  private long pendingBytes;

  MemoryStateStore(MemoryStateStoreProvider provider, long version, long keys) {
    super(provider, version, keys);
    this.provider = provider;
  }

  @Override
  protected byte[] read(byte[] key) {
    byte[] value = pending.get(key);
    if (value == null) {
      value = provider.map().get(key);
    }
    return value == null || value == TOMBSTONE ? null : value.clone();
  }

  private boolean present(byte[] key) {
    byte[] value = pending.get(key);
    return value != null ? value != TOMBSTONE : provider.map().containsKey(key);
  }

  @Override
  protected boolean write(byte[] key, byte[] value) {
    boolean absent = !present(key);
    buffer(key.clone(), value.clone());
    return absent;
  }

  @Override
  protected boolean remove(byte[] key) {
    boolean present = present(key);
    if (present || pending.containsKey(key)) {
      buffer(key.clone(), TOMBSTONE);
    }
    return present;
  }

  @Override
  protected void writeBlind(byte[] key, byte[] value) {
    buffer(key.clone(), value.clone());
  }

  @Override
  protected void removePresent(byte[] key) {
    buffer(key.clone(), TOMBSTONE);
  }

  private void buffer(byte[] key, byte[] value) {
    byte[] old = pending.put(key, value);
    pendingBytes += old == null ? MemoryStateStoreProvider.ENTRY_OVERHEAD + key.length + value.length
        : value.length - old.length;
  }

  @Override
  protected StateIterator scan(byte[] from, byte[] to) {
    return new MergingIterator(slice(provider.map(), from, to), slice(pending, from, to));
  }

  private static NavigableMap<byte[], byte[]> slice(TreeMap<byte[], byte[]> map, byte[] from, byte[] to) {
    return to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false);
  }

  @Override
  protected void writeChanges(ChangelogWriter changelog) throws IOException {
    for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
      if (e.getValue() == TOMBSTONE) {
        changelog.delete(e.getKey());
      } else {
        changelog.put(e.getKey(), e.getValue());
      }
    }
  }

  @Override
  protected void applyChanges() {
    for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
      if (e.getValue() == TOMBSTONE) {
        provider.remove(e.getKey());
      } else {
        provider.put(e.getKey(), e.getValue());
      }
    }
  }

  @Override
  protected void discard() {
    pending = MemoryStateStoreProvider.newMap();
    pendingBytes = 0;
  }

  @Override
  protected long batchBytes() {
    return pendingBytes;
  }

  /** The committed entries overlaid with the batch's (a batch entry wins; tombstones hide), in key order. */
  private static final class MergingIterator implements StateIterator {

    private final Iterator<Map.Entry<byte[], byte[]>> base;
    private final Iterator<Map.Entry<byte[], byte[]>> batch;
    private Map.Entry<byte[], byte[]> nextBase;
    private Map.Entry<byte[], byte[]> nextBatch;
    private byte[] key;
    private byte[] value;

    MergingIterator(NavigableMap<byte[], byte[]> base, NavigableMap<byte[], byte[]> batch) {
      this.base = base.entrySet().iterator();
      this.batch = batch.entrySet().iterator();
      nextBase = this.base.hasNext() ? this.base.next() : null;
      nextBatch = this.batch.hasNext() ? this.batch.next() : null;
    }

    @Override
    public boolean next() {
      while (nextBase != null || nextBatch != null) {
        int c = nextBase == null ? 1 : nextBatch == null ? -1
            : java.util.Arrays.compareUnsigned(nextBase.getKey(), nextBatch.getKey());
        Map.Entry<byte[], byte[]> entry;
        if (c < 0) {
          entry = nextBase;
          nextBase = base.hasNext() ? base.next() : null;
        } else {
          entry = nextBatch;
          nextBatch = batch.hasNext() ? batch.next() : null;
          if (c == 0) {
            nextBase = base.hasNext() ? base.next() : null;
          }
        }
        if (entry.getValue() != TOMBSTONE) {
          key = entry.getKey();
          value = entry.getValue();
          return true;
        }
      }
      return false;
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public void close() {}
  }
}
