package dev.millrace.config;

import dev.millrace.streaming.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tunable settings of one table, <em>partial</em>: every component may be {@code null}, meaning "not set here,
 * take it from a lower level". One instance comes from each level, and they are merged from the lowest to the
 * highest precedence:
 *
 * <pre>{@code
 * BUILT_IN.overriddenBy(pipeline defaults)      // pipeline.defaults in the YAML file
 *         .overriddenBy(annotation settings)    // @StreamingTable, @Watermark, @Dedupe on the table's method
 *         .overriddenBy(YAML table entry)       // tables.<name> in the YAML file
 *         .resolve()
 * }</pre>
 *
 * {@link PipelineConfig#effectiveSettings} applies exactly that chain. Merging is field by field; a value set in the
 * higher level wins. {@code watermark}, {@code state-store} and its {@code rocksdb} are merged field by field too,
 * so {@code state-store: { provider: memory }} keeps the inherited snapshot interval. {@code dedupe} keys and
 * {@code comment} are replaced as a whole. A level cannot unset a watermark or dedupe that a lower level set.
 *
 * @param partitions the number of state partitions, or {@code null}; positive
 * @param watermark the event-time watermark, or {@code null}
 * @param watermarkPolicy how several inputs' watermarks combine, or {@code null}
 * @param dedupe deduplication of the streaming input, or {@code null}
 * @param outputMode what each batch writes, or {@code null}
 * @param stateStore the state store, or {@code null} (same as {@link StateStoreSettings#EMPTY})
 * @param comment a description of the table, or {@code null}
 */
public record TableSettings(
    Integer partitions,
    WatermarkSettings watermark,
    WatermarkPolicy watermarkPolicy,
    DedupeSettings dedupe,
    OutputMode outputMode,
    StateStoreSettings stateStore,
    String comment) {

  /** Nothing set: the identity of {@link #overriddenBy}. */
  public static final TableSettings EMPTY = new TableSettings(null, null, null, null, null, null, null);

  /**
   * Millrace's built-in defaults, the lowest level: 4 partitions, watermark policy {@code min}, output mode
   * {@code append}, state store {@code rocksdb} with a snapshot every 10 batches, 20 batches retained, a 64MB block
   * cache, a 16MB write buffer and {@code lz4} compression. No watermark, dedupe or comment.
   */
  public static final TableSettings BUILT_IN =
      new TableSettings(
          4,
          null,
          WatermarkPolicy.MIN,
          null,
          OutputMode.APPEND,
          new StateStoreSettings(
              StateStoreProvider.ROCKSDB, 10, 20, new RocksDbSettings(64L << 20, 16L << 20, RocksDbCompression.LZ4)),
          null);

  public TableSettings {
    if (partitions != null && partitions <= 0) {
      throw new IllegalArgumentException("partitions must be positive: " + partitions);
    }
  }

  /**
   * These settings with every component that {@code higher} sets replaced by its value (nested settings merged field
   * by field, see the class comment). {@code null} is treated as {@link #EMPTY}.
   */
  public TableSettings overriddenBy(TableSettings higher) {
    if (higher == null) {
      return this;
    }
    return new TableSettings(
        higher.partitions != null ? higher.partitions : partitions,
        watermark == null ? higher.watermark : watermark.overriddenBy(higher.watermark),
        higher.watermarkPolicy != null ? higher.watermarkPolicy : watermarkPolicy,
        higher.dedupe != null ? higher.dedupe : dedupe,
        higher.outputMode != null ? higher.outputMode : outputMode,
        stateStore == null ? higher.stateStore : stateStore.overriddenBy(higher.stateStore),
        higher.comment != null ? higher.comment : comment);
  }

  /**
   * The fully resolved settings.
   *
   * @throws IllegalStateException naming every required setting that is still unset (start from {@link #BUILT_IN} to
   *     have them all), or a watermark with only one of column and delay
   */
  public ResolvedTableSettings resolve() {
    List<String> missing = new ArrayList<>();
    StateStoreSettings store = stateStore != null ? stateStore : StateStoreSettings.EMPTY;
    RocksDbSettings rocks = store.rocksdb() != null ? store.rocksdb() : RocksDbSettings.EMPTY;
    check(partitions, "partitions", missing);
    check(watermarkPolicy, "watermark-policy", missing);
    check(outputMode, "output-mode", missing);
    check(store.provider(), "state-store.provider", missing);
    check(store.snapshotInterval(), "state-store.snapshot-interval", missing);
    check(store.retainBatches(), "state-store.retain-batches", missing);
    check(rocks.blockCacheBytes(), "state-store.rocksdb.block-cache", missing);
    check(rocks.writeBufferBytes(), "state-store.rocksdb.write-buffer", missing);
    check(rocks.compression(), "state-store.rocksdb.compression", missing);
    if (watermark != null) {
      check(watermark.column(), "watermark.column", missing);
      check(watermark.delay(), "watermark.delay", missing);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "incomplete table settings, unset: " + String.join(", ", missing) + " (resolve settings merged over TableSettings.BUILT_IN)");
    }
    return new ResolvedTableSettings(
        partitions,
        Optional.ofNullable(watermark),
        watermarkPolicy,
        Optional.ofNullable(dedupe),
        outputMode,
        new ResolvedTableSettings.StateStore(
            store.provider(),
            store.snapshotInterval(),
            store.retainBatches(),
            new ResolvedTableSettings.RocksDb(rocks.blockCacheBytes(), rocks.writeBufferBytes(), rocks.compression())),
        Optional.ofNullable(comment));
  }

  private static void check(Object value, String name, List<String> missing) {
    if (value == null) {
      missing.add(name);
    }
  }

  public TableSettings withPartitions(Integer value) {
    return new TableSettings(value, watermark, watermarkPolicy, dedupe, outputMode, stateStore, comment);
  }

  public TableSettings withWatermark(WatermarkSettings value) {
    return new TableSettings(partitions, value, watermarkPolicy, dedupe, outputMode, stateStore, comment);
  }

  /** Shorthand for {@code withWatermark(WatermarkSettings.of(column, delay))}. */
  public TableSettings withWatermark(String column, Duration delay) {
    return withWatermark(WatermarkSettings.of(column, delay));
  }

  public TableSettings withWatermarkPolicy(WatermarkPolicy value) {
    return new TableSettings(partitions, watermark, value, dedupe, outputMode, stateStore, comment);
  }

  public TableSettings withDedupe(DedupeSettings value) {
    return new TableSettings(partitions, watermark, watermarkPolicy, value, outputMode, stateStore, comment);
  }

  public TableSettings withOutputMode(OutputMode value) {
    return new TableSettings(partitions, watermark, watermarkPolicy, dedupe, value, stateStore, comment);
  }

  public TableSettings withStateStore(StateStoreSettings value) {
    return new TableSettings(partitions, watermark, watermarkPolicy, dedupe, outputMode, value, comment);
  }

  public TableSettings withComment(String value) {
    return new TableSettings(partitions, watermark, watermarkPolicy, dedupe, outputMode, stateStore, value);
  }
}
