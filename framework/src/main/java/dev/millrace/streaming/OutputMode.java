package dev.millrace.streaming;

/**
 * How a streaming table's query writes its result, as in Spark Structured Streaming.
 * <ul>
 *   <li>{@link #APPEND}: each row is written once and never changes; an aggregation may emit a group only when the
 *       watermark shows it is final (an event-time window whose end passed the watermark).</li>
 *   <li>{@link #UPDATE}: each batch writes the rows whose aggregate changed; the table is upserted by the grouping
 *       key.</li>
 *   <li>{@link #COMPLETE}: each batch writes the whole result of an aggregation, replacing the table.</li>
 * </ul>
 * In YAML an output mode is written in lower case: {@code output-mode: update}.
 */
public enum OutputMode {
  APPEND, UPDATE, COMPLETE;

  /** Spark's spelling. */
  public static OutputMode Append() {
    return APPEND;
  }

  /** Spark's spelling. */
  public static OutputMode Update() {
    return UPDATE;
  }

  /** Spark's spelling. */
  public static OutputMode Complete() {
    return COMPLETE;
  }
}
