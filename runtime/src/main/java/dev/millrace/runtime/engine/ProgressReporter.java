package dev.millrace.runtime.engine;

import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times the phases of one table's batches and turns each committed batch into a {@link BatchProgress} for the
 * listeners, as Spark's {@code ProgressReporter}: the input rate is the batch's rows over the time since the
 * previous batch of the run started (0 for the first), the processing rate its rows over its own duration (at
 * least 1 ms). Used by the table's thread only.
 */
final class ProgressReporter {

  private final String pipeline;
  private final String table;
  private final String kind;
  private final String runId;
  private final PipelineListener listener;
  private final Map<String, Long> phaseNanos = new LinkedHashMap<>();
  private String id;
  private long previousStartNanos = -1;
  private long startNanos = -1;
  private long lapNanos;
  private Instant timestamp;

  ProgressReporter(String pipeline, String table, String kind, String runId, PipelineListener listener) {
    this.pipeline = pipeline;
    this.table = table;
    this.kind = kind;
    this.runId = runId;
    this.listener = listener;
    this.id = table;
  }

  /** The query's id (from its checkpoint). */
  void id(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  String runId() {
    return runId;
  }

  /** A batch may start: times from now. */
  void startTrigger(Instant now) {
    timestamp = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as Spark's, in milliseconds
    phaseNanos.clear();
    startNanos = System.nanoTime();
    lapNanos = startNanos;
  }

  /** The phase that just ended: its time is the time since the previous lap. */
  void lap(String phase) {
    long now = System.nanoTime();
    phaseNanos.merge(phase, now - lapNanos, Long::sum);
    lapNanos = now;
  }

  /**
   * Builds the progress record of the batch that just committed and gives it to the listener.
   *
   * @param sources each input's part, in plan order
   */
  BatchProgress finish(long batchId, long numInputRows, long numOutputRows, BatchCounters counters, boolean noData,
      boolean replayed, BatchProgress.EventTime eventTime, List<BatchProgress.StateOperatorProgress> stateOperators,
      List<SourceDraft> sources, String sinkDescription) {
    long totalNanos = System.nanoTime() - startNanos;
    var durationMs = new LinkedHashMap<String, Long>();
    phaseNanos.forEach((phase, nanos) -> durationMs.put(phase, nanos / 1_000_000));
    durationMs.put("triggerExecution", totalNanos / 1_000_000);
    double processingSeconds = Math.max(1L, totalNanos / 1_000_000) / 1000.0;
    double inputSeconds = previousStartNanos < 0 ? Double.POSITIVE_INFINITY
        : (startNanos - previousStartNanos) / 1e9;
    var sourceProgress = sources.stream().map(s -> new BatchProgress.SourceProgress(s.description, s.startOffset,
        s.endOffset, s.files, s.rows, rate(s.rows, inputSeconds), rate(s.rows, processingSeconds),
        s.backlog < 0 ? null : s.backlog, s.backlog < 0 ? null : s.backlogUnit)).toList();
    var progress = new BatchProgress(pipeline, table, kind, id, runId, batchId, timestamp, numInputRows,
        rate(numInputRows, inputSeconds), rate(numInputRows, processingSeconds), numOutputRows, counters.lateRows,
        counters.duplicates, counters.malformedKept + counters.malformedDropped, counters.malformedDropped, noData,
        replayed, durationMs, eventTime, stateOperators, sourceProgress,
        new BatchProgress.SinkProgress(sinkDescription, numOutputRows));
    previousStartNanos = startNanos;
    listener.onProgress(progress);
    return progress;
  }

  private static double rate(long rows, double seconds) {
    return Double.isInfinite(seconds) || seconds <= 0 ? 0.0 : rows / seconds;
  }

  /** One input's part of a batch, before the rates are known. */
  record SourceDraft(String description, String startOffset, String endOffset, List<String> files, long rows,
      long backlog, String backlogUnit) {}
}
