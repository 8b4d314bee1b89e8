package dev.millrace.config;

/**
 * When a pipeline runs its micro-batches, as Spark Structured Streaming's triggers. Written in YAML in kebab-case
 * ({@code available-now}, {@code once}, {@code processing-time}, {@code continuous}).
 */
public enum TriggerMode {
  /** Process everything available when the run starts, in as many batches as needed, then stop. The default. */
  AVAILABLE_NOW,
  /** Process everything available in a single batch, then stop. */
  ONCE,
  /** Start a batch every {@code interval} (immediately after the previous one if it took longer); never stops. */
  PROCESSING_TIME,
  /** Run batches back to back, without waiting; never stops. */
  CONTINUOUS
}
