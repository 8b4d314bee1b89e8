package dev.millrace.runtime.engine;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * One input of a streaming table's query, as the engine sees it: it proposes the range of the next batch and reads
 * a recorded range again, identically, as often as asked (a replay after a crash reads what the first attempt
 * read). Used by the query's thread only.
 */
public interface Input {

  /** What this input is, e.g. {@code table raw_events}; part of the checkpoint's fingerprint. */
  String description();

  /**
   * Prepares to continue after the given batches' ranges (all recorded {@code offsets} entries of this input, in
   * batch order, including an uncommitted last one).
   */
  void recover(List<SourceOffset> history);

  /**
   * The range of the next batch, starting after {@code previous} (null before the first batch); an empty range if
   * nothing new is available.
   */
  SourceOffset next(SourceOffset previous);

  /** Marks a planned range as taken, so the next {@link #next} starts after it. */
  void planned(SourceOffset range);

  /** Reads the rows of a recorded range, in order, into {@code out}. */
  void read(SourceOffset range, Consumer<Object[]> out, BatchCounters counters);

  /**
   * What is available beyond the ranges planned so far, in {@link #backlogUnit()}s (files not read yet, upstream
   * batches committed but not read yet), for progress reports and metrics; -1 if the input cannot tell. Called after
   * {@link #planned}; may look at the source (list a directory), so it is called once per batch.
   */
  default long backlog() {
    return -1;
  }

  /** The unit of {@link #backlog()}: {@code files} or {@code batches}. */
  default String backlogUnit() {
    return "batches";
  }
}
