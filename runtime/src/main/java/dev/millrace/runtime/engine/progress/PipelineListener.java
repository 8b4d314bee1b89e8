package dev.millrace.runtime.engine.progress;

/**
 * Hears what a pipeline run does, like Spark's {@code StreamingQueryListener}: the run starts, each table starts,
 * makes progress batch by batch, and terminates, and the run finishes. Register one with
 * {@code PipelineRunner.builder(graph).listener(...)}, or as a Spring bean in a Spring Boot application.
 *
 * <p>Order: {@link #onRunStarted} first; then for each table {@link #onStarted}, its {@link #onProgress} calls in
 * batch order, and {@link #onTerminated}; {@link #onRunFinished} last. Tables of independent branches run in
 * parallel, so the events of different tables interleave.
 *
 * <p>Threading: called synchronously on the thread that runs the table (or the run), after the batch has committed;
 * different tables call from different threads at the same time, so implementations must be thread-safe and quick
 * (a slow listener slows the pipeline). An exception thrown by a listener is logged and otherwise ignored: it
 * neither fails the batch nor stops other listeners.
 */
public interface PipelineListener {

  /** The run started (after any full refresh), before any table runs. */
  default void onRunStarted(PipelineEvent.RunStarted event) {}

  /** A table started in this run: its checkpoint is open and it is about to run its first batch. */
  default void onStarted(PipelineEvent.TableStarted event) {}

  /** A batch of a table committed. */
  default void onProgress(BatchProgress progress) {}

  /** A table's part of the run ended: it finished, was stopped, failed, or was skipped. */
  default void onTerminated(PipelineEvent.TableTerminated event) {}

  /** The run ended; every table has terminated. */
  default void onRunFinished(PipelineEvent.RunFinished event) {}
}
