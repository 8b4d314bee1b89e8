package dev.millrace.runtime.state.memory;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.internal.BatchStateStore;
import dev.millrace.runtime.state.internal.ChangelogFormat;
import dev.millrace.runtime.state.internal.ChangelogReader;
import dev.millrace.runtime.state.internal.ChangelogWriter;
import dev.millrace.runtime.state.internal.OverlayStateStore;
import dev.millrace.runtime.state.internal.VersionedStateStoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * State on the heap: a sorted map (unsigned byte order) holding the loaded version, with the same changelog files,
 * snapshots (a sorted dump in the changelog format), versioning and pruning as the RocksDB provider. For small state
 * and tests. Not thread-safe.
 */
public final class MemoryStateStoreProvider extends VersionedStateStoreProvider {

  /** The name recorded in the state directory. */
  public static final String NAME = "memory";

  private TreeMap<byte[], byte[]> map = newMap();
  private long bytes;

  public MemoryStateStoreProvider(Path dir, ResolvedTableSettings.StateStore settings) {
    super(dir, settings, NAME);
  }

  static TreeMap<byte[], byte[]> newMap() {
    return OverlayStateStore.newSortedMap();
  }

  TreeMap<byte[], byte[]> map() {
    return map;
  }

  @Override
  protected void restoreEmpty() {
    map = newMap();
    bytes = 0;
  }

  @Override
  protected void restoreSnapshot(Path data) throws IOException {
    restoreEmpty();
    try (ChangelogReader dump = ChangelogReader.open(data, ChangelogFormat.Kind.DUMP, -1)) {
      replay(dump);
      if (dump.keysAfter() != map.size()) {
        throw new IOException("The snapshot " + data + " records " + dump.keysAfter() + " keys but holds "
            + map.size());
      }
    }
  }

  @Override
  protected void replay(ChangelogReader changelog) throws IOException {
    while (changelog.next()) {
      if (changelog.op() == ChangelogFormat.OP_PUT) {
        put(changelog.key(), changelog.value());
      } else {
        remove(changelog.key());
      }
    }
  }

  void put(byte[] key, byte[] value) {
    byte[] old = map.put(key, value);
    bytes += old == null ? OverlayStateStore.ENTRY_OVERHEAD + key.length + value.length : value.length - old.length;
  }

  void remove(byte[] key) {
    byte[] old = map.remove(key);
    if (old != null) {
      bytes -= OverlayStateStore.ENTRY_OVERHEAD + key.length + old.length;
    }
  }

  @Override
  protected void writeSnapshot(Path data) throws IOException {
    // A dump carries no version of its own (the snapshot's metadata has it): -1.
    try (ChangelogWriter dump = ChangelogWriter.create(data, ChangelogFormat.Kind.DUMP, -1)) {
      for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
        dump.put(e.getKey(), e.getValue());
      }
      dump.finish(map.size());
    }
  }

  @Override
  protected BatchStateStore newStore(long version, long keys) {
    return new MemoryStateStore(this, version, keys);
  }

  @Override
  protected long workingStateBytesInMemory() {
    return bytes;
  }

  @Override
  protected void releaseResources() {
    map = newMap();
    bytes = 0;
  }
}
