package dev.millrace.runtime.state.rocksdb;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.StateResources;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * The memory every RocksDB state store with the same settings shares within a pipeline run: one LRU block cache of
 * {@code block-cache} bytes and one write-buffer manager limiting all memtables to {@code write-buffer} bytes, charged
 * to that cache. Held by {@link StateResources}, which closes it after the run.
 */
final class RocksDbSharedResources implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  /** What distinguishes one set of shared resources from another. */
  private record Key(long blockCacheBytes, long writeBufferBytes) {}

  private final LRUCache cache;
  private final WriteBufferManager writeBufferManager;

  private RocksDbSharedResources(long blockCacheBytes, long writeBufferBytes) {
    // High-priority pool for index and filter blocks, so data blocks do not evict them.
    cache = new LRUCache(blockCacheBytes, -1, false, 0.1);
    try {
      writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
  }

  /** The resources shared by stores with the RocksDB settings {@code settings}, created on first use. */
  static RocksDbSharedResources of(StateResources shared, ResolvedTableSettings.RocksDb settings) {
    var key = new Key(settings.blockCacheBytes(), settings.writeBufferBytes());
    return shared.shared(key, RocksDbSharedResources.class,
        () -> new RocksDbSharedResources(settings.blockCacheBytes(), settings.writeBufferBytes()));
  }

  LRUCache cache() {
    return cache;
  }

  WriteBufferManager writeBufferManager() {
    return writeBufferManager;
  }

  @Override
  public void close() {
    try (cache) {
      writeBufferManager.close();
    }
  }

  @Override
  public String toString() {
    return "RocksDB shared block cache and write-buffer manager";
  }
}
