package dev.millrace.runtime.testing;

import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.errors.MillraceException;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.Plans;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.runtime.table.TableStore;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a pipeline in-process for tests, with control over batch boundaries, as Spark's {@code MemoryStream} with
 * {@code processAllAvailable()} and Kafka's {@code TopologyTestDriver}. Tables are real: a DuckDB warehouse and
 * checkpoints in a temporary directory, removed on {@link #close()}.
 *
 * <pre>
 * try (var driver = PipelineTestDriver.create(new Clickstream(), config)) {
 *   MemoryStream events = driver.memoryStream("raw_events");
 *   events.addBatch(Row.of(...), Row.of(...));
 *   driver.processAllAvailable();
 *   driver.table("events_clean");        // current rows
 *   driver.emitted("events_clean");      // rows written by each batch
 * }
 * </pre>
 *
 * Not thread-safe.
 */
public final class PipelineTestDriver implements AutoCloseable {

  private final PipelineGraph graph;
  private final Path dir;
  private final Map<String, MemoryStream> streams = new LinkedHashMap<>();
  private Clock clock = Clock.systemUTC();
  private FaultInjector faults = FaultInjector.NONE;
  private final List<PipelineListener> listeners = new ArrayList<>();
  private PipelineRunner runner;
  private RunResult lastRun;

  private PipelineTestDriver(PipelineGraph graph, Path dir) {
    this.graph = graph;
    this.dir = dir;
  }

  /** A driver for the tables defined by {@code pipeline} under {@code config}. */
  public static PipelineTestDriver create(Object pipeline, PipelineConfig config) {
    PipelineGraph graph = GraphBuilder.create(config).add(pipeline).build();
    try {
      return new PipelineTestDriver(graph, Files.createTempDirectory("millrace-test-"));
    } catch (IOException e) {
      throw new MillraceException("Cannot create a temporary directory for the test driver: " + e.getMessage(), e);
    }
  }

  public PipelineGraph graph() {
    return graph;
  }

  /** Where checkpoints and the warehouse live. */
  public Path directory() {
    return dir;
  }

  /** Replaces the file source of {@code table} with a memory stream; call before the first run. */
  public MemoryStream memoryStream(String table) {
    return streams.computeIfAbsent(table, t -> {
      if (runner != null) {
        throw new IllegalStateException("Create memory streams before the first processAllAvailable()");
      }
      AnalyzedTable at = graph.table(t);
      List<FileSource> sources = Plans.collect(at.plan(), FileSource.class);
      if (sources.size() != 1) {
        throw new IllegalArgumentException("Table '" + t + "' reads " + sources.size() + " file sources; a memory "
            + "stream replaces the file source of a table that has exactly one");
      }
      FileSource f = sources.get(0);
      return new MemoryStream(t, f.declaredSchema().orElseThrow(), f.schema());
    });
  }

  /** Batch timestamps come from {@code clock} (before the first run). */
  public PipelineTestDriver clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Calls {@code faults} at each step of the commit protocol (before the first run, or after {@link #restart()}). */
  public PipelineTestDriver faults(FaultInjector faults) {
    this.faults = faults;
    return this;
  }

  /**
   * Hears every run's events and progress records (before the first run, or after {@link #restart()}), as a
   * listener of a real runner does; see {@link PipelineListener}.
   */
  public PipelineTestDriver listener(PipelineListener listener) {
    listeners.add(listener);
    return this;
  }

  /** The pipeline's live status: each table's state, totals, {@code lastProgress()} and {@code recentProgress()}. */
  public PipelineStatus status() {
    return runner().status();
  }

  private PipelineRunner runner() {
    if (runner == null) {
      var b = PipelineRunner.builder(graph).storage(dir.resolve("storage"))
          .warehouse(dir.resolve("warehouse.duckdb")).clock(clock).faults(faults).threads(1);
      streams.forEach(b::sourceOverride);
      listeners.forEach(b::listener);
      runner = b.build();
    }
    return runner;
  }

  /**
   * Runs batches until nothing is left (available-now).
   *
   * @throws MillraceException with the first table's error if a table failed
   */
  public RunResult processAllAvailable() {
    return run(Set.of());
  }

  /** Runs available-now after a full refresh of {@code tables}. */
  public RunResult fullRefresh(Set<String> tables) {
    return run(tables);
  }

  private RunResult run(Set<String> refresh) {
    lastRun = runner().run(Trigger.availableNow(), refresh);
    lastRun.firstError().ifPresent(e -> {
      throw new MillraceException(e);
    });
    lastRun.tables().stream().filter(t -> t.status() == TableProgress.Status.NOT_SUPPORTED).findFirst()
        .ifPresent(t -> {
          throw new MillraceException(t.error());
        });
    return lastRun;
  }

  /** Simulates a process restart: the next run starts from the checkpoints, as a new process would. */
  public void restart() {
    if (runner != null) {
      runner.close();
      runner = null;
    }
  }

  /** The current rows of {@code table}, in the order they were written. */
  public List<Row> table(String table) {
    Schema schema = graph.table(table).schema();
    var rows = new ArrayList<Row>();
    TableStore store = runner().store();
    if (store.exists(table)) {
      store.readSnapshot(table, schema, r -> rows.add(InternalValues.rowToExternal(schema, r)));
    }
    return rows;
  }

  /** The rows each committed batch wrote to {@code table}, by batch id. */
  public Map<Long, List<Row>> emitted(String table) {
    Schema schema = graph.table(table).schema();
    TableStore store = runner().store();
    var out = new LinkedHashMap<Long, List<Row>>();
    long last = store.lastCommittedBatch(table).orElse(-1);
    for (long b = 0; b <= last; b++) {
      var rows = new ArrayList<Row>();
      store.readBatches(table, schema, b - 1, b, r -> rows.add(InternalValues.rowToExternal(schema, r)));
      out.put(b, rows);
    }
    return out;
  }

  public RunResult lastRun() {
    return lastRun;
  }

  @Override
  public void close() {
    restart();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new MillraceException("Cannot delete the test driver's directory " + dir + ": " + e.getMessage(), e);
    }
  }

}
