package dev.millrace.runtime.engine;

import dev.millrace.config.Trigger;
import dev.millrace.graph.PipelineGraph;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The crash tests' pipeline as a process of its own, to be killed: {@code KillablePipelineMain LANDING STORAGE
 * WAREHOUSE PAUSE_MICROS STEP_MILLIS [PROVIDER [FILES]]} runs {@link CrashTestPipeline} available-now with one file per bronze
 * batch, and with a state store {@code PROVIDER} ({@code memory} or {@code rocksdb}) also the aggregation tables of
 * {@link AggregationCrashPipeline}, reading the landing zone with {@code FILES} files per batch. Prints
 * {@code READY} when the first batch reaches its first step of the commit protocol (so that a kill delay counts from
 * when the work starts, not from JVM and DuckDB start-up), a line {@code STEP table batch point} at each step, and
 * at the end {@code DONE succeeded=...}; exits with 0 if every table ran. Each step then pauses
 * {@code STEP_MILLIS}, so that a run lasts about as long on a fast machine as on a busy one and kills land between
 * every two steps (inside the warehouse transaction too, at {@code DURING_WRITE}).
 */
public final class KillablePipelineMain {

  private KillablePipelineMain() {}

  public static void main(String[] args) {
    Path landing = Path.of(args[0]);
    Path storage = Path.of(args[1]);
    Path warehouse = Path.of(args[2]);
    long pauseMicros = Long.parseLong(args[3]);
    long stepMillis = Long.parseLong(args[4]);
    String aggregations = args.length > 5 ? args[5] : "none";
    int aggregateFilesPerTrigger = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    PipelineGraph graph = aggregations.equals("none") ? CrashTestPipeline.graph(landing, 1, pauseMicros)
        : AggregationCrashPipeline.withCrashTestPipeline(aggregations, "files", landing, aggregateFilesPerTrigger,
            pauseMicros);
    var ready = new AtomicBoolean();
    FaultInjector trace = (table, batchId, point) -> {
      if (!ready.getAndSet(true)) {
        System.out.println("READY");
      }
      System.out.println("STEP " + table + " " + batchId + " " + point);
      try {
        Thread.sleep(stepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    boolean succeeded;
    // Enough threads for bronze and both aggregation tables (which read the files too) to run side by side.
    try (PipelineRunner runner = PipelineRunner.builder(graph).storage(storage).warehouse(warehouse).threads(4)
        .faults(trace).build()) {
      RunResult result = runner.run(Trigger.availableNow(), Set.of());
      result.firstError().ifPresent(e -> System.out.println("ERROR " + e));
      succeeded = result.succeeded();
    }
    System.out.println("DONE succeeded=" + succeeded);
    System.out.flush();
    System.exit(succeeded ? 0 : 1);
  }
}
