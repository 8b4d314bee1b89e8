package dev.millrace.runtime.engine.progress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The events of a pipeline run other than batch progress; see {@link PipelineListener}. */
public sealed interface PipelineEvent {

  /** The pipeline's name. */
  String pipeline();

  /** The run's id, new for each run. */
  String runId();

  /** When it happened. */
  Instant timestamp();

  /**
   * A run started.
   *
   * @param trigger the trigger, e.g. {@code available-now} or {@code processing-time 5s}
   * @param tables the pipeline's tables in dependency order
   * @param fullRefresh the tables whose data and checkpoints were cleared before the run (empty for none)
   */
  record RunStarted(String pipeline, String runId, Instant timestamp, String trigger, List<String> tables,
      List<String> fullRefresh) implements PipelineEvent {

    public RunStarted {
      tables = List.copyOf(tables);
      fullRefresh = List.copyOf(fullRefresh);
    }
  }

  /**
   * A table started: Spark's {@code QueryStartedEvent}.
   *
   * @param id the query's id, stable across restarts (for a materialized view, the table's name)
   * @param nextBatchId the batch it will run next (where it resumes)
   * @param watermark the watermark it resumes with; null for a table without one
   */
  record TableStarted(String pipeline, String runId, Instant timestamp, String table, String kind, String id,
      long nextBatchId, Instant watermark) implements PipelineEvent {}

  /**
   * A table's part of the run ended: Spark's {@code QueryTerminatedEvent}.
   *
   * @param outcome how it ended
   * @param batches batches it committed in this run
   * @param error why it failed or was not run; null otherwise
   */
  record TableTerminated(String pipeline, String runId, Instant timestamp, String table, String kind,
      Outcome outcome, long batches, String error) implements PipelineEvent {

    public TableTerminated {
      Objects.requireNonNull(outcome, "outcome");
    }

    /** Why it failed or was not run. */
    public Optional<String> exception() {
      return Optional.ofNullable(error);
    }
  }

  /**
   * A run ended.
   *
   * @param succeeded whether no table failed
   * @param stopped whether it ended because it was asked to stop (Ctrl-C, SIGTERM, {@code stop()}) rather than
   *     because its trigger was done or a table failed
   * @param durationMs how long the run took
   */
  record RunFinished(String pipeline, String runId, Instant timestamp, boolean succeeded, boolean stopped,
      long durationMs) implements PipelineEvent {}

  /** How a table's part of a run ended. */
  enum Outcome {
    /** It ran to the end of the run (possibly without a batch, when there was nothing new). */
    COMPLETED,
    /** A batch failed. */
    FAILED,
    /** Not run because a table it reads failed or was not run. */
    SKIPPED,
    /** It uses an operation this version of the engine does not run yet. */
    NOT_SUPPORTED
  }
}
