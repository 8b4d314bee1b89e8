package dev.millrace.runtime.state.memory;

import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.internal.OverlayStateStore;
import java.util.Iterator;
import java.util.Map;

/** A batch over the memory provider's map, its writes in the sorted overlay of {@link OverlayStateStore}. */
final class MemoryStateStore extends OverlayStateStore {

  private final MemoryStateStoreProvider provider;

  MemoryStateStore(MemoryStateStoreProvider provider, long version, long keys) {
    super(provider, version, keys);
    this.provider = provider;
  }

  @Override
  protected byte[] baseRead(byte[] key) {
    byte[] value = provider.map().get(key);
    return value == null ? null : value.clone();
  }

  @Override
  protected boolean baseContains(byte[] key) {
    return provider.map().containsKey(key);
  }

  @Override
  protected StateIterator baseScan(byte[] from, byte[] to) {
    var map = provider.map();
    return new MapCursor((to == null ? map.tailMap(from, true) : map.subMap(from, true, to, false))
        .entrySet().iterator());
  }

  @Override
  protected void applyChanges() {
    Changes c = changes();
    for (int i = 0; i < c.size(); i++) {
      if (c.values()[i] == TOMBSTONE) {
        provider.remove(c.keys()[i]);
      } else {
        provider.put(c.keys()[i], c.values()[i]);
      }
    }
  }

  /** The committed entries of a range of the map, in key order. */
  private static final class MapCursor implements StateIterator {

    private final Iterator<Map.Entry<byte[], byte[]>> entries;
    private Map.Entry<byte[], byte[]> entry;

    MapCursor(Iterator<Map.Entry<byte[], byte[]>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean next() {
      entry = entries.hasNext() ? entries.next() : null;
      return entry != null;
    }

    @Override
    public byte[] key() {
      return entry.getKey().clone();
    }

    @Override
    public byte[] value() {
      return entry.getValue().clone();
    }

    @Override
    public void close() {}
  }
}
