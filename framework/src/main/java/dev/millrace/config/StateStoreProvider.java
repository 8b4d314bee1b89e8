package dev.millrace.config;

/** Which state store keeps a table's operator state. Written in YAML as {@code rocksdb} or {@code memory}. */
public enum StateStoreProvider {
  /** An embedded RocksDB instance per operator partition, on disk under the checkpoint directory. The default. */
  ROCKSDB,
  /** A versioned map on the heap, with the same checkpoint files; for small state and tests. */
  MEMORY
}
