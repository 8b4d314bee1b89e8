package dev.millrace.runtime.engine;

import dev.millrace.config.Trigger;
import dev.millrace.graph.PipelineGraph;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * One pipeline's directories (landing zone, checkpoint storage, warehouse) and its runs. Each {@link #run} uses a
 * new {@link PipelineRunner}, closed afterwards, as a separate process would: nothing is carried over but the
 * files.
 */
final class CrashScenario {

  final Path landing;
  final Path storage;
  final Path warehouse;
  final PipelineGraph graph;
  private int threads = 2;

  CrashScenario(Path dir, int maxFilesPerTrigger) {
    this(dir.resolve("landing"), dir, maxFilesPerTrigger);
  }

  /** A pipeline reading {@code landing}, with its checkpoints and warehouse in {@code dir}. */
  CrashScenario(Path landing, Path dir, int maxFilesPerTrigger) {
    this(landing, dir, CrashTestPipeline.graph(landing, maxFilesPerTrigger, 0));
  }

  /** The pipeline {@code graph}, which reads {@code landing}, with its checkpoints and warehouse in {@code dir}. */
  CrashScenario(Path landing, Path dir, PipelineGraph graph) {
    this.landing = landing;
    this.storage = dir.resolve("storage");
    this.warehouse = dir.resolve("warehouse.duckdb");
    this.graph = graph;
  }

  /** Lands {@code files} files of {@code lines} lines, numbered from {@code first}. */
  CrashScenario land(int first, int files, int lines) {
    ClickFiles.writeParts(landing, first, files, lines);
    return this;
  }

  /** Runs with {@code threads} threads (0: one per table, so downstream tables run alongside their upstream). */
  CrashScenario threads(int threads) {
    this.threads = threads;
    return this;
  }

  RunResult run() {
    return run(FaultInjector.NONE);
  }

  /** Runs the pipeline available-now with a new runner, as a new process would. */
  RunResult run(FaultInjector faults) {
    try (PipelineRunner runner = PipelineRunner.builder(graph).storage(storage).warehouse(warehouse).faults(faults)
        .threads(threads).build()) {
      return runner.run(Trigger.availableNow(), Set.of());
    }
  }

  /** Runs without faults, checks that every table ran, and reads the result. */
  WarehouseState runAndRead() {
    RunResult result = run();
    if (!result.succeeded()) {
      throw new AssertionError("The run failed: " + result.firstError().orElse("?"));
    }
    return state();
  }

  WarehouseState state() {
    return WarehouseState.read(graph, storage, warehouse);
  }

  /** Throws once, when {@code table} reaches {@code point} in batch {@code batchId}. */
  static final class FailOnce implements FaultInjector {
    final String table;
    final long batchId;
    final Point point;
    private int fired;

    FailOnce(String table, long batchId, Point point) {
      this.table = table;
      this.batchId = batchId;
      this.point = point;
    }

    @Override
    public synchronized void at(String t, long b, Point p) {
      if (t.equals(table) && b == batchId && p == point && fired++ == 0) {
        throw new SimulatedCrash(p.name().toLowerCase(Locale.ROOT));
      }
    }

    synchronized boolean fired() {
      return fired > 0;
    }
  }

  /** What a fault injector throws: says nothing of the table or batch, as a real failure would not. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String where) {
      super("simulated crash at " + where);
    }
  }
}
