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
 */
public record CommitEntry(long batchId, long nextWatermarkMicros, List<Long> operatorWatermarks, long rowsIn,
    long rowsOut) {

  public CommitEntry {
    operatorWatermarks = List.copyOf(operatorWatermarks);
  }
}
