package dev.millrace.runtime.engine.progress;

import dev.millrace.graph.TableKind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live status of one table of a running (or finished) pipeline: its state, its totals since the pipeline was
 * started in this process, and its recent progress records, as Spark's {@code StreamingQuery} gives
 * {@code status}, {@code lastProgress} and {@code recentProgress}. Kept up to date by {@link PipelineStatus}.
 *
 * <p>Thread-safe: updated by the table's thread, read from any thread (web requests, the console).
 */
public final class TableStatus {

  /** How many progress records {@link #recentProgress()} keeps (Spark's {@code numRecentProgressUpdates}). */
  public static final int RECENT_PROGRESS = 100;

  /** What a table is doing. */
  public enum State {
    /** Not running: no run yet, or its part of the last run ended. */
    IDLE,
    /** Its query is active in the current run (between batches too, with a processing-time trigger). */
    RUNNING,
    /** A batch failed; {@link #error()} says why. The next run resumes from its checkpoint. */
    FAILED,
    /** Not run because a table it reads failed or was not run. */
    SKIPPED,
    /** Uses an operation this version of the engine does not run yet. */
    NOT_SUPPORTED
  }

  private final String name;
  private final TableKind kind;
  private final List<String> inputs;
  private final int level;
  private final String comment;
  private final Map<String, String> properties;
  private final ArrayDeque<BatchProgress> recent = new ArrayDeque<>();

  private State state = State.IDLE;
  private String id;
  private String runId;
  private long lastBatchId = -1;
  private long batches;
  private long rowsIn;
  private long rowsOut;
  private long lateRows;
  private long duplicates;
  private long malformed;
  private Instant watermark;
  private Double inputRate;
  private Double processedRate;
  private String error;
  private Instant errorAt;
  private Instant updatedAt;

  TableStatus(String name, TableKind kind, List<String> inputs, int level, String comment,
      Map<String, String> properties) {
    this.name = name;
    this.kind = kind;
    this.inputs = List.copyOf(inputs);
    this.level = level;
    this.comment = comment;
    this.properties = Map.copyOf(properties);
  }

  public String name() {
    return name;
  }

  public TableKind kind() {
    return kind;
  }

  /** The tables this one reads. */
  public List<String> inputs() {
    return inputs;
  }

  /** The table's column in a left-to-right drawing of the graph: 0 for tables that read no table. */
  public int level() {
    return level;
  }

  public synchronized State state() {
    return state;
  }

  /** The most recent progress record, if the table committed a batch since the pipeline started here. */
  public synchronized Optional<BatchProgress> lastProgress() {
    return Optional.ofNullable(recent.peekLast());
  }

  /** The last {@value #RECENT_PROGRESS} progress records, oldest first. */
  public synchronized List<BatchProgress> recentProgress() {
    return List.copyOf(recent);
  }

  /** The id of the last committed batch, or -1. */
  public synchronized long lastBatchId() {
    return lastBatchId;
  }

  /** Batches committed since the pipeline was started in this process. */
  public synchronized long batches() {
    return batches;
  }

  public synchronized long rowsIn() {
    return rowsIn;
  }

  public synchronized long rowsOut() {
    return rowsOut;
  }

  /** The watermark the next batch runs with, if the table has one. */
  public synchronized Optional<Instant> watermark() {
    return Optional.ofNullable(watermark);
  }

  /** The last error, if the table failed or was not run. */
  public synchronized Optional<String> error() {
    return Optional.ofNullable(error);
  }

  synchronized void started(PipelineEvent.TableStarted e) {
    state = State.RUNNING;
    id = e.id();
    runId = e.runId();
    error = null;
    errorAt = null;
    if (e.watermark() != null) {
      watermark = e.watermark();
    }
    updatedAt = e.timestamp();
  }

  synchronized void progress(BatchProgress p) {
    recent.addLast(p);
    while (recent.size() > RECENT_PROGRESS) {
      recent.removeFirst();
    }
    lastBatchId = p.batchId();
    batches++;
    rowsIn += p.numInputRows();
    rowsOut += p.numOutputRows();
    lateRows += p.numLateRowsDropped();
    duplicates += p.numDuplicatesDropped();
    malformed += p.numMalformedRows();
    if (p.numInputRows() > 0) { // a no-data batch says nothing of the table's speed
      inputRate = p.inputRowsPerSecond();
      processedRate = p.processedRowsPerSecond();
    }
    if (p.eventTime() != null && p.eventTime().nextWatermark() != null) {
      watermark = p.eventTime().nextWatermark();
    }
    updatedAt = p.timestamp().plusMillis(p.triggerExecutionMs());
  }

  synchronized void terminated(PipelineEvent.TableTerminated e) {
    state = switch (e.outcome()) {
      case COMPLETED -> State.IDLE;
      case FAILED -> State.FAILED;
      case SKIPPED -> State.SKIPPED;
      case NOT_SUPPORTED -> State.NOT_SUPPORTED;
    };
    if (e.error() != null) {
      error = e.error();
      errorAt = e.timestamp();
    }
    updatedAt = e.timestamp();
  }

  /** A copy of the status for JSON (the Actuator endpoint, the live page). */
  public synchronized Snapshot snapshot() {
    BatchProgress last = recent.peekLast();
    long backlogFiles = -1;
    long backlogBatches = -1;
    if (last != null) {
      for (BatchProgress.SourceProgress s : last.sources()) {
        if (s.backlog() == null) {
          continue;
        }
        if ("files".equals(s.backlogUnit())) {
          backlogFiles = Math.max(0, backlogFiles) + s.backlog();
        } else {
          backlogBatches = Math.max(0, backlogBatches) + s.backlog();
        }
      }
    }
    return new Snapshot(name, kind.label(), comment, properties, inputs, level,
        state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), id, runId, lastBatchId, batches, rowsIn,
        rowsOut, lateRows, duplicates, malformed, watermark,
        last == null || last.stateOperators().isEmpty() ? null : last.stateKeys(),
        last == null || last.stateOperators().isEmpty() ? null : last.stateBytesOnDisk(),
        backlogFiles < 0 ? null : backlogFiles, backlogBatches < 0 ? null : backlogBatches,
        inputRate, processedRate,
        error, errorAt, updatedAt, last);
  }

  /**
   * A table's status at one moment. Absent values (null) are left out of the JSON.
   *
   * @param level the table's column in a left-to-right drawing of the graph
   * @param state {@code idle}, {@code running}, {@code failed}, {@code skipped} or {@code not supported}
   * @param batches batches committed since the pipeline was started in this process; {@code rowsIn} ... {@code
   *     malformedRows} are totals over the same batches
   * @param watermark the watermark the next batch runs with
   * @param stateKeys keys in the table's state after its last batch (tables with stateful operators)
   * @param backlogFiles files available but not read yet, as of the last batch (tables reading files)
   * @param backlogBatches upstream batches committed but not read yet, as of the last batch (tables reading tables)
   * @param inputRowsPerSecond the input rate of the last batch that read rows (see {@link BatchProgress})
   * @param processedRowsPerSecond the processing rate of the last batch that read rows
   */
  public record Snapshot(String name, String kind, String comment, Map<String, String> properties,
      List<String> inputs, int level, String state, String id, String runId, long lastBatchId, long batches,
      long rowsIn, long rowsOut, long lateRowsDropped, long duplicatesDropped, long malformedRows, Instant watermark,
      Long stateKeys, Long stateBytesOnDisk, Long backlogFiles, Long backlogBatches, Double inputRowsPerSecond,
      Double processedRowsPerSecond, String error, Instant errorAt, Instant updatedAt, BatchProgress lastProgress) {}
}
