package dev.millrace.config;

/**
 * What a streaming table writes each batch, as Spark's output modes. Written in YAML in kebab-case ({@code append},
 * {@code update}, {@code complete}); the table annotations use this enum too.
 */
public enum OutputMode {
  /** Only new rows, each written once and never changed (for aggregations: once the watermark closes the window). */
  APPEND,
  /** The rows changed by the batch, upserted by key. */
  UPDATE,
  /** The whole result, rewritten every batch. */
  COMPLETE
}
