package dev.millrace.runtime.engine.progress;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch of one table did, shaped like Spark's {@code StreamingQueryProgress}: produced when the batch has
 * committed, given to the listeners, kept in the table's {@code recentProgress()}, logged, and appended to the
 * warehouse's event log. A materialized view reports one per refresh (its batch id is the refresh's number).
 *
 * <p>Immutable. {@link #json()} renders it the way Spark's {@code json()} does: timestamps as ISO-8601 UTC strings,
 * absent values left out.
 *
 * @param pipeline the pipeline's name
 * @param table the table's name (Spark's {@code name})
 * @param kind {@code streaming table} or {@code materialized view}
 * @param id the query's id, stable across restarts (kept in the checkpoint's {@code metadata}); for a materialized
 *     view, the table's name
 * @param runId the id of this start of the query: a new one each time the pipeline runs
 * @param batchId the batch (for a view, the refresh) number
 * @param timestamp when the batch started (Spark: the trigger's start)
 * @param numInputRows rows read from all inputs in this batch
 * @param inputRowsPerSecond rows read / seconds since the previous batch of this table in this run started (0 for the
 *     first batch of a run), as Spark computes it
 * @param processedRowsPerSecond rows read / seconds this batch took ({@code durationMs.triggerExecution}, at least
 *     1 ms), as Spark computes it
 * @param numOutputRows rows written to the table by this batch
 * @param numLateRowsDropped input rows dropped as late for the watermark, over all operators
 * @param numDuplicatesDropped input rows dropped as duplicates, over all operators
 * @param numMalformedRows malformed source records: kept with their raw text (PERMISSIVE) plus dropped
 *     (DROPMALFORMED)
 * @param numMalformedRowsDropped the malformed records that were dropped (DROPMALFORMED)
 * @param noDataBatch whether the batch read no input and ran because the watermark moved (Spark's no-data batch)
 * @param replayed whether the batch was recorded by an earlier run that stopped before committing it, and was run
 *     again with its recorded input (recovery)
 * @param durationMs milliseconds per phase, in the order they ran: {@code latestOffset} (planning the input ranges),
 *     {@code walCommit} (writing {@code offsets/N}), {@code execute} (reading the input and running the operators),
 *     {@code write} (the warehouse transaction), {@code stateCommit} (committing the state stores),
 *     {@code commitOffsets} (writing {@code commits/N}), and {@code triggerExecution}, the whole batch
 * @param eventTime the batch's event-time figures; null for a table without a watermark
 * @param stateOperators one entry per stateful operator, in plan order
 * @param sources one entry per input, in plan order
 * @param sink where the rows went
 */
public record BatchProgress(
    String pipeline,
    String table,
    String kind,
    String id,
    String runId,
    long batchId,
    Instant timestamp,
    long numInputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long numOutputRows,
    long numLateRowsDropped,
    long numDuplicatesDropped,
    long numMalformedRows,
    long numMalformedRowsDropped,
    boolean noDataBatch,
    boolean replayed,
    Map<String, Long> durationMs,
    EventTime eventTime,
    List<StateOperatorProgress> stateOperators,
    List<SourceProgress> sources,
    SinkProgress sink) {

  public BatchProgress {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(timestamp, "timestamp");
    durationMs = Collections.unmodifiableMap(new LinkedHashMap<>(durationMs));
    stateOperators = List.copyOf(stateOperators);
    sources = List.copyOf(sources);
    Objects.requireNonNull(sink, "sink");
  }

  /** The whole batch's duration in milliseconds ({@code durationMs.triggerExecution}). */
  public long triggerExecutionMs() {
    return durationMs.getOrDefault("triggerExecution", 0L);
  }

  /** Keys over all state operators. */
  public long stateKeys() {
    return stateOperators.stream().mapToLong(StateOperatorProgress::numRowsTotal).sum();
  }

  /** Bytes of state on disk over all state operators. */
  public long stateBytesOnDisk() {
    return stateOperators.stream().mapToLong(StateOperatorProgress::bytesOnDisk).sum();
  }

  /** The record as compact JSON (one line), as in the event log. */
  public String json() {
    return ProgressJson.compact(this);
  }

  /** The record as indented JSON, as Spark's {@code prettyJson}. */
  public String prettyJson() {
    return ProgressJson.pretty(this);
  }

  /** A one-line summary for logs: table, batch, rows, duration and watermark. */
  @Override
  public String toString() {
    var sb = new StringBuilder();
    sb.append("[table ").append(table).append("] batch ").append(batchId).append(noDataBatch ? " (no data)" : "")
        .append(replayed ? " (replayed)" : "").append(": ").append(numInputRows).append(" rows in, ")
        .append(numOutputRows).append(" out");
    if (numLateRowsDropped > 0) {
      sb.append(", ").append(numLateRowsDropped).append(" late");
    }
    if (numDuplicatesDropped > 0) {
      sb.append(", ").append(numDuplicatesDropped).append(numDuplicatesDropped == 1 ? " duplicate" : " duplicates");
    }
    if (numMalformedRows > 0) {
      sb.append(", ").append(numMalformedRows).append(" malformed");
    }
    sb.append(" in ").append(triggerExecutionMs()).append(" ms");
    if (eventTime != null && eventTime.nextWatermark() != null) {
      sb.append(", watermark ").append(eventTime.nextWatermark());
    }
    return sb.toString();
  }

  /**
   * The event-time figures of a batch, as Spark's {@code eventTime} map: the watermark the batch ran with and the
   * smallest, average and largest event time among its input rows (null when the batch had no rows with an event
   * time), plus the watermark the next batch will run with.
   *
   * @param watermark the watermark this batch ran with (late rows were judged by the previous one, see the
   *     semantics docs); null when none yet
   * @param nextWatermark the watermark after this batch, which the next batch runs with
   */
  public record EventTime(Instant watermark, Instant nextWatermark, Instant min, Instant avg, Instant max) {}

  /**
   * One stateful operator's state after the batch, as Spark's {@code StateOperatorProgress}.
   *
   * @param operatorName the operator's state name, e.g. {@code dedupe-0} (its directory under the checkpoint's
   *     {@code state/})
   * @param numPartitions the state's partitions (Spark's {@code numShufflePartitions})
   * @param numRowsTotal keys in the state after the batch
   * @param memoryUsedBytes heap or native memory the state's partitions hold (RocksDB's shared block cache aside)
   * @param bytesOnDisk the state's files: changelogs, snapshots and, for RocksDB, the working instance
   * @param commitTimeMs time spent committing the state's partitions
   * @param numRowsDroppedByWatermark input rows this operator dropped as late
   * @param numDuplicatesDropped input rows this operator dropped as duplicates
   */
  public record StateOperatorProgress(String operatorName, int numPartitions, long numRowsTotal, long memoryUsedBytes,
      long bytesOnDisk, long commitTimeMs, long numRowsDroppedByWatermark, long numDuplicatesDropped) {}

  /**
   * One input of the batch, as Spark's {@code SourceProgress}.
   *
   * @param description the input, e.g. {@code table raw_events} or {@code json files in /landing/events}
   * @param startOffset for an upstream table (or memory stream): the last upstream batch id read before this batch
   *     (exclusive, -1 for none); null for a file source (see {@code files}) and a snapshot read
   * @param endOffset for an upstream table: the last upstream batch id this batch read (inclusive); null otherwise
   * @param files the files this batch read (file sources only)
   * @param backlog what is available but not read yet after this batch was planned, in {@code backlogUnit}s; null
   *     when not known (snapshot reads)
   * @param backlogUnit {@code files} or {@code batches}; null with {@code backlog}
   */
  public record SourceProgress(String description, String startOffset, String endOffset, List<String> files,
      long numInputRows, double inputRowsPerSecond, double processedRowsPerSecond, Long backlog, String backlogUnit) {

    public SourceProgress {
      files = List.copyOf(files);
    }
  }

  /** Where the batch's rows went: {@code description} names the warehouse table and file. */
  public record SinkProgress(String description, long numOutputRows) {}
}
