package dev.millrace.runtime.checkpoint;

import java.util.List;

/**
 * {@code commits/N}: batch N is complete (its output and state are durable). Holds what the next batch needs.
 *
 * @param nextWatermarkMicros the watermark for batch N+1, derived from the event times seen up to batch N
 *     ({@link Long#MIN_VALUE}: none yet)
 * @param operatorWatermarks the watermark of each {@code withWatermark} operator, in plan order, from which the
 *     next one is derived ({@link Long#MIN_VALUE}: that operator saw no rows yet)
 * @param rowsIn input rows of the batch
 * @param rowsOut rows the batch wrote
 * @param processingTimeDueMicros the batch timestamp from which a batch without input is due because a
 *     processing-time timeout fires then; {@code null} when none (and in files written before it existed)
 */
public record CommitEntry(long batchId, long nextWatermarkMicros, List<Long> operatorWatermarks, long rowsIn,
    long rowsOut, Long processingTimeDueMicros) {

  public CommitEntry {
    operatorWatermarks = List.copyOf(operatorWatermarks);
  }

  /** An entry without a processing-time timer. */
  public CommitEntry(long batchId, long nextWatermarkMicros, List<Long> operatorWatermarks, long rowsIn,
      long rowsOut) {
    this(batchId, nextWatermarkMicros, operatorWatermarks, rowsIn, rowsOut, null);
  }

  /** {@link #processingTimeDueMicros()}, with {@link Long#MAX_VALUE} for none. */
  public long processingTimeDueOrMax() {
    return processingTimeDueMicros == null ? Long.MAX_VALUE : processingTimeDueMicros;
  }
}
