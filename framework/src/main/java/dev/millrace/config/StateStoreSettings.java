package dev.millrace.config;

/**
 * Where and how a table keeps its operator state (YAML {@code state-store}). Partial: every component may be
 * {@code null} (unset); {@link #overriddenBy} merges field by field, {@code rocksdb} too. The RocksDB tuning is kept
 * even when the provider is {@code memory}, which ignores it.
 *
 * @param provider the store, or {@code null}
 * @param snapshotInterval batches between full snapshots (a changelog is written in between), or {@code null}; positive
 * @param retainBatches how many committed versions recovery can go back to, or {@code null}; positive
 * @param rocksdb RocksDB tuning, or {@code null} (same as {@link RocksDbSettings#EMPTY})
 */
public record StateStoreSettings(
    StateStoreProvider provider, Integer snapshotInterval, Integer retainBatches, RocksDbSettings rocksdb) {

  /** Nothing set. */
  public static final StateStoreSettings EMPTY = new StateStoreSettings(null, null, null, null);

  public StateStoreSettings {
    if (snapshotInterval != null && snapshotInterval <= 0) {
      throw new IllegalArgumentException("snapshot-interval must be positive: " + snapshotInterval);
    }
    if (retainBatches != null && retainBatches <= 0) {
      throw new IllegalArgumentException("retain-batches must be positive: " + retainBatches);
    }
  }

  /** These settings with every component that {@code higher} sets replaced by its value; {@code null} = EMPTY. */
  public StateStoreSettings overriddenBy(StateStoreSettings higher) {
    if (higher == null) {
      return this;
    }
    RocksDbSettings merged =
        rocksdb == null ? higher.rocksdb : higher.rocksdb == null ? rocksdb : rocksdb.overriddenBy(higher.rocksdb);
    return new StateStoreSettings(
        higher.provider != null ? higher.provider : provider,
        higher.snapshotInterval != null ? higher.snapshotInterval : snapshotInterval,
        higher.retainBatches != null ? higher.retainBatches : retainBatches,
        merged);
  }

  public StateStoreSettings withProvider(StateStoreProvider value) {
    return new StateStoreSettings(value, snapshotInterval, retainBatches, rocksdb);
  }

  public StateStoreSettings withSnapshotInterval(Integer value) {
    return new StateStoreSettings(provider, value, retainBatches, rocksdb);
  }

  public StateStoreSettings withRetainBatches(Integer value) {
    return new StateStoreSettings(provider, snapshotInterval, value, rocksdb);
  }

  public StateStoreSettings withRocksdb(RocksDbSettings value) {
    return new StateStoreSettings(provider, snapshotInterval, retainBatches, value);
  }
}
