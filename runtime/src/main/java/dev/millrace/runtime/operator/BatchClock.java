package dev.millrace.runtime.operator;

/**
 * The timestamp of the batch being processed, as recorded in its {@code offsets/N} entry, so that
 * {@code current_timestamp()} and processing-time logic give the same result when a batch is replayed. Set by the
 * engine before a batch runs; read by operators while it runs (same thread, or published before parallel work).
 */
public final class BatchClock {

  private volatile long batchTimestampMicros;

  /** The batch timestamp in microseconds since the epoch. */
  public long micros() {
    return batchTimestampMicros;
  }

  public void set(long micros) {
    this.batchTimestampMicros = micros;
  }
}
