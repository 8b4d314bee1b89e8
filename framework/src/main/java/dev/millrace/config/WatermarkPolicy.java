package dev.millrace.config;

/**
 * How a table with several streaming inputs combines their watermarks into one, as Spark's
 * {@code spark.sql.streaming.multipleWatermarkPolicy}. Written in YAML as {@code min} or {@code max}.
 */
public enum WatermarkPolicy {
  /** The slowest input sets the watermark: no input's rows are dropped as late because another one runs ahead. */
  MIN,
  /** The fastest input sets the watermark: lower latency, but the slower inputs' rows may be dropped as late. */
  MAX
}
