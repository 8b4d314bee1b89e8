package dev.millrace.config;

import dev.millrace.streaming.OutputMode;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective settings of one table after every level has been merged ({@link TableSettings#resolve()},
 * {@link PipelineConfig#effectiveSettings}). Every component is non-null; watermark, dedupe and comment are empty
 * when no level set them, and a present watermark has both column and delay.
 */
public record ResolvedTableSettings(
    int partitions,
    Optional<WatermarkSettings> watermark,
    WatermarkPolicy watermarkPolicy,
    Optional<DedupeSettings> dedupe,
    OutputMode outputMode,
    StateStore stateStore,
    Optional<String> comment) {

  public ResolvedTableSettings {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
    Objects.requireNonNull(watermark, "watermark");
    Objects.requireNonNull(watermarkPolicy, "watermarkPolicy");
    Objects.requireNonNull(dedupe, "dedupe");
    Objects.requireNonNull(outputMode, "outputMode");
    Objects.requireNonNull(stateStore, "stateStore");
    Objects.requireNonNull(comment, "comment");
    if (watermark.isPresent() && !watermark.get().isComplete()) {
      throw new IllegalArgumentException("a resolved watermark needs both column and delay: " + watermark.get());
    }
  }

  /** The resolved state store settings; all components non-null, counts positive. */
  public record StateStore(StateStoreProvider provider, int snapshotInterval, int retainBatches, RocksDb rocksdb) {
    public StateStore {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(rocksdb, "rocksdb");
      if (snapshotInterval <= 0 || retainBatches <= 0) {
        throw new IllegalArgumentException(
            "snapshot-interval and retain-batches must be positive: " + snapshotInterval + ", " + retainBatches);
      }
    }
  }

  /** The resolved RocksDB tuning; sizes in bytes, positive. Present even when the provider is memory. */
  public record RocksDb(long blockCacheBytes, long writeBufferBytes, RocksDbCompression compression) {
    public RocksDb {
      Objects.requireNonNull(compression, "compression");
      if (blockCacheBytes <= 0 || writeBufferBytes <= 0) {
        throw new IllegalArgumentException(
            "block-cache and write-buffer must be positive: " + blockCacheBytes + ", " + writeBufferBytes);
      }
    }
  }
}
