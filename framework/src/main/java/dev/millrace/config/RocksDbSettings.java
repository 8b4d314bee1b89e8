package dev.millrace.config;

/**
 * Tuning of the RocksDB state store (YAML {@code state-store.rocksdb}). Partial: every component may be {@code null}
 * (unset); {@link #overriddenBy} merges field by field.
 *
 * @param blockCacheBytes the block cache size in bytes, or {@code null}; positive (YAML {@code block-cache: 64MB})
 * @param writeBufferBytes the memtable size in bytes, or {@code null}; positive (YAML {@code write-buffer: 16MB})
 * @param compression the block compression, or {@code null}
 */
public record RocksDbSettings(Long blockCacheBytes, Long writeBufferBytes, RocksDbCompression compression) {

  /** Nothing set. */
  public static final RocksDbSettings EMPTY = new RocksDbSettings(null, null, null);

  public RocksDbSettings {
    if (blockCacheBytes != null && blockCacheBytes <= 0) {
      throw new IllegalArgumentException("block-cache must be positive: " + blockCacheBytes);
    }
    if (writeBufferBytes != null && writeBufferBytes <= 0) {
      throw new IllegalArgumentException("write-buffer must be positive: " + writeBufferBytes);
    }
  }

  /** These settings with every component that {@code higher} sets replaced by its value; {@code null} = EMPTY. */
  public RocksDbSettings overriddenBy(RocksDbSettings higher) {
    if (higher == null) {
      return this;
    }
    return new RocksDbSettings(
        higher.blockCacheBytes != null ? higher.blockCacheBytes : blockCacheBytes,
        higher.writeBufferBytes != null ? higher.writeBufferBytes : writeBufferBytes,
        higher.compression != null ? higher.compression : compression);
  }

  public RocksDbSettings withBlockCacheBytes(Long bytes) {
    return new RocksDbSettings(bytes, writeBufferBytes, compression);
  }

  public RocksDbSettings withWriteBufferBytes(Long bytes) {
    return new RocksDbSettings(blockCacheBytes, bytes, compression);
  }

  public RocksDbSettings withCompression(RocksDbCompression value) {
    return new RocksDbSettings(blockCacheBytes, writeBufferBytes, value);
  }
}
