package dev.millrace.runtime.checkpoint;

import java.util.List;

/**
 * {@code offsets/N}: what batch N reads, written before the batch runs, so a replay after a crash reads exactly the
 * same input with the same watermark and timestamp.
 *
 * @param timestampMicros the batch timestamp ({@code current_timestamp()}, processing-time timeouts)
 * @param watermarkMicros the event-time watermark the batch runs with ({@link Long#MIN_VALUE}: none yet)
 * @param sources one entry per input of the query, in plan order
 */
public record OffsetEntry(long batchId, long timestampMicros, long watermarkMicros, List<SourceOffset> sources) {

  public OffsetEntry {
    sources = List.copyOf(sources);
  }

  /**
   * The range of one input for the batch.
   *
   * @param description the input, e.g. {@code table raw_events} or {@code json files in /landing/events}
   * @param files for a file source: the file names of this batch, in order (empty for other inputs)
   * @param fromBatch for a table input: the last upstream batch read before this one (exclusive), -1 for none
   * @param toBatch for a table input: the last upstream batch this batch reads (inclusive)
   */
  public record SourceOffset(String description, List<String> files, long fromBatch, long toBatch) {

    public SourceOffset {
      files = List.copyOf(files);
    }

    public static SourceOffset files(String description, List<String> files) {
      return new SourceOffset(description, files, -1, -1);
    }

    public static SourceOffset batches(String description, long fromBatch, long toBatch) {
      return new SourceOffset(description, List.of(), fromBatch, toBatch);
    }

    /** Whether the batch reads nothing from this input. */
    public boolean nothingToRead() {
      return files.isEmpty() && toBatch <= fromBatch;
    }
  }
}
