package dev.millrace.runtime.engine.progress;

import dev.millrace.graph.AnalyzedTable;
import dev.millrace.graph.Edge;
import dev.millrace.graph.PipelineGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live status of a pipeline: its graph, whether a run is going on, and a {@link TableStatus} per table. The
 * runner keeps one per pipeline and feeds it its events (it is the first listener of every run); the Actuator
 * endpoint, the health indicator, the live page and the console read it.
 *
 * <p>Thread-safe.
 */
public final class PipelineStatus implements PipelineListener {

  /** Whether a run is going on. */
  public enum State {
    /** No run yet. */
    IDLE,
    /** A run is going on. */
    RUNNING,
    /** A stop was asked for; the batches in flight are finishing. */
    STOPPING,
    /** The last run ended and no table failed. */
    FINISHED,
    /** The last run ended and a table failed. */
    FAILED
  }

  private final String pipeline;
  private final Map<String, TableStatus> tables = new LinkedHashMap<>();
  private final List<Edge> edges;
  private volatile State state = State.IDLE;
  private volatile String runId;
  private volatile String trigger;
  private volatile Instant runStartedAt;
  private volatile Instant runFinishedAt;

  public PipelineStatus(PipelineGraph graph) {
    Objects.requireNonNull(graph, "graph");
    this.pipeline = graph.config().pipeline().name();
    this.edges = List.copyOf(graph.edges());
    var levels = new HashMap<String, Integer>();
    for (AnalyzedTable t : graph.tables()) { // in dependency order: a table's inputs come first
      int level = 0;
      var inputs = new ArrayList<String>();
      for (Edge e : t.inputs()) {
        level = Math.max(level, levels.getOrDefault(e.upstream(), 0) + 1);
        inputs.add(e.upstream());
      }
      levels.put(t.name(), level);
      tables.put(t.name(), new TableStatus(t.name(), t.kind(), inputs, level,
          t.definition().comment().filter(c -> !c.isEmpty()).orElse(null), t.definition().properties()));
    }
  }

  public String pipeline() {
    return pipeline;
  }

  public State state() {
    return state;
  }

  /** The current or last run's id. */
  public Optional<String> runId() {
    return Optional.ofNullable(runId);
  }

  /** The tables in dependency order. */
  public List<TableStatus> tables() {
    return List.copyOf(tables.values());
  }

  /** The status of {@code table}, if the pipeline has it. */
  public Optional<TableStatus> table(String table) {
    return Optional.ofNullable(tables.get(table));
  }

  /** Whether a table's last batch or run failed (the health indicator is DOWN then). */
  public boolean anyFailed() {
    return tables.values().stream().anyMatch(t -> t.state() == TableStatus.State.FAILED);
  }

  /** Marks the run as stopping (a stop was asked for). */
  public void stopping() {
    if (state == State.RUNNING) {
      state = State.STOPPING;
    }
  }

  @Override
  public void onRunStarted(PipelineEvent.RunStarted event) {
    runId = event.runId();
    trigger = event.trigger();
    runStartedAt = event.timestamp();
    runFinishedAt = null;
    state = State.RUNNING;
  }

  @Override
  public void onStarted(PipelineEvent.TableStarted event) {
    TableStatus t = tables.get(event.table());
    if (t != null) {
      t.started(event);
    }
  }

  @Override
  public void onProgress(BatchProgress progress) {
    TableStatus t = tables.get(progress.table());
    if (t != null) {
      t.progress(progress);
    }
  }

  @Override
  public void onTerminated(PipelineEvent.TableTerminated event) {
    TableStatus t = tables.get(event.table());
    if (t != null) {
      t.terminated(event);
    }
  }

  @Override
  public void onRunFinished(PipelineEvent.RunFinished event) {
    runFinishedAt = event.timestamp();
    state = event.succeeded() ? State.FINISHED : State.FAILED;
  }

  /** The whole status at one moment, for JSON. */
  public Snapshot snapshot() {
    return new Snapshot(pipeline, state.name().toLowerCase(java.util.Locale.ROOT), runId, trigger, runStartedAt,
        runFinishedAt, tables.values().stream().map(TableStatus::snapshot).toList(), edges.stream()
        .map(e -> new EdgeSnapshot(e.upstream(), e.downstream(), e.streaming() ? "stream" : "snapshot")).toList());
  }

  /**
   * The pipeline's status at one moment.
   *
   * @param state {@code idle} (no run yet), {@code running}, {@code stopping}, {@code finished} or {@code failed}
   * @param edges who reads whom: {@code read} is {@code stream} ({@code ctx.readStream}) or {@code snapshot}
   *     ({@code ctx.read})
   */
  public record Snapshot(String pipeline, String state, String runId, String trigger, Instant runStartedAt,
      Instant runFinishedAt, List<TableStatus.Snapshot> tables, List<EdgeSnapshot> edges) {}

  /** An edge of the graph: {@code to} reads {@code from}. */
  public record EdgeSnapshot(String from, String to, String read) {}
}
