package dev.millrace.config;

/** The block compression of the RocksDB state store. Written in YAML as {@code none}, {@code snappy}, {@code lz4} or {@code zstd}. */
public enum RocksDbCompression {
  NONE,
  SNAPPY,
  LZ4,
  ZSTD
}
