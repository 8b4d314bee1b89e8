package dev.millrace.runtime.engine;

import dev.millrace.config.Trigger;
import dev.millrace.config.TriggerMode;
import dev.millrace.errors.MillraceException;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.graph.Edge;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.graph.TableKind;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.TableRead;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.operator.BatchClock;
import dev.millrace.runtime.planner.NotSupportedException;
import dev.millrace.runtime.planner.PhysicalPlan;
import dev.millrace.runtime.planner.PhysicalPlanner;
import dev.millrace.runtime.source.FileSourceReader;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.table.DuckDbTableStore;
import dev.millrace.runtime.table.TableStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.millrace.runtime.engine.progress.EventLogWriter;
import dev.millrace.runtime.engine.progress.PipelineEvent;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated pipeline without Spring: keeps every streaming table up to date with checkpointed micro-batches
 * and recomputes the materialized views, writing to the warehouse. A pipeline update runs the tables in dependency
 * order, independent branches in parallel; a table that fails stops the tables that read it, and the error names
 * the table, the batch and its input.
 *
 * <pre>
 * try (PipelineRunner runner = PipelineRunner.builder(graph).build()) {
 *   RunResult result = runner.run(graph.config().pipeline().trigger(), Set.of());
 * }
 * </pre>
 *
 * <p>One run at a time; {@link #stop()} may be called from any thread to end a run after the batches in flight
 * (a graceful shutdown: {@link #stopAndWait}). Each run reports to the listeners given to the builder (progress
 * records per batch, see {@link PipelineListener}), writes the warehouse's event log ({@code _event_log}) and keeps
 * {@link #status()} up to date.
 *
 * <p>Threads: tables run on the runner's own threads ({@code millrace-table}; by default one per table, at most
 * {@link Builder#threads}), one thread per table at a time. User functions ({@code map}, {@code flatMap}, {@code groupByKey},
 * {@code [flat]mapGroupsWithState}) run on the thread of their table, with the context class loader of
 * {@link Builder#classLoader} (by default the one of the thread that built the runner), so code that loads classes
 * or resources through it finds the application's. Only the partitions of Millrace's own stateful operators
 * (aggregation, de-duplication, joins) run in parallel on other threads.
 */
public final class PipelineRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

  /** Selects every table for a full refresh. */
  public static final Set<String> ALL_TABLES = Set.of("*");

  private final PipelineGraph graph;
  private final Path storage;
  private final Path warehouse;
  private final Clock clock;
  private final FaultInjector faults;
  private final Map<String, Input> sourceOverrides;
  private final int threads;
  private final ClassLoader classLoader;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final List<PipelineListener> listeners;
  private final boolean eventLog;
  private final PipelineStatus status;
  private final Object runMonitor = new Object();
  private boolean running;
  /** Notified after every committed batch of any table, and when a table's update ends. */
  private final Object commitSignal = new Object();
  private BatchHandoff handoff;
  private TableStore store;
  private StateResources stateResources;

  private PipelineRunner(Builder b) {
    this.graph = b.graph;
    this.storage = b.storage != null ? b.storage : Path.of(graph.config().pipeline().storage());
    this.warehouse = b.warehouse != null ? b.warehouse : Path.of(graph.config().pipeline().warehouse());
    this.clock = b.clock;
    this.faults = b.faults;
    this.sourceOverrides = Map.copyOf(b.sourceOverrides);
    this.threads = b.threads; // 0: a thread per table
    this.listeners = List.copyOf(b.listeners);
    this.eventLog = b.eventLog;
    this.status = new PipelineStatus(graph);
    ClassLoader loader = b.classLoader != null ? b.classLoader : Thread.currentThread().getContextClassLoader();
    this.classLoader = loader != null ? loader : PipelineRunner.class.getClassLoader();
  }

  public static Builder builder(PipelineGraph graph) {
    return new Builder(graph);
  }

  /** Where the tables are. */
  public Path warehouse() {
    return warehouse;
  }

  /** The warehouse, opened on first use; closed with the runner. */
  public synchronized TableStore store() {
    if (store == null) {
      store = DuckDbTableStore.open(warehouse, (table, batchId) -> faults.at(table, batchId,
          FaultInjector.Point.DURING_WRITE));
    }
    return store;
  }

  /** What the state stores of all tables share (RocksDB's block cache and write buffers). */
  private synchronized StateResources stateResources() {
    if (stateResources == null) {
      stateResources = new StateResources();
    }
    return stateResources;
  }

  /**
   * Asks the current run to end: each table finishes the batch it is running (no new batch starts), then the run
   * returns. Returns at once; see {@link #stopAndWait}.
   */
  public void stop() {
    stopRequested.set(true);
    status.stopping();
  }

  /**
   * A graceful shutdown: {@link #stop()}, then waits up to {@code timeout} for the run to end.
   *
   * @return whether no run is going on any more (false: a batch is still running after {@code timeout}; if the
   *     process ends now, that batch is not committed and the next start runs it again)
   */
  public boolean stopAndWait(java.time.Duration timeout) {
    stop();
    return awaitTermination(timeout);
  }

  /** Waits up to {@code timeout} for the current run, if any, to end; returns whether none is going on. */
  public boolean awaitTermination(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (runMonitor) {
      while (running) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(runMonitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return !running;
        }
      }
      return true;
    }
  }

  /** Whether a run is going on. */
  public boolean isRunning() {
    synchronized (runMonitor) {
      return running;
    }
  }

  /** The pipeline's live status: its graph, the current run and each table's state and recent progress. */
  public PipelineStatus status() {
    return status;
  }

  /**
   * Runs the pipeline with {@code trigger}: {@code available-now} processes everything available and stops;
   * {@code once} runs at most one batch per streaming table; {@code processing-time} runs an update every interval
   * and {@code continuous} one after another, until {@link #stop()}.
   *
   * @param fullRefresh tables whose data and checkpoint are cleared first ({@link #ALL_TABLES} for all); the tables
   *     that read one of them as a stream are refreshed too, since their checkpoints point into the old data
   */
  public RunResult run(Trigger trigger, Set<String> fullRefresh) {
    synchronized (runMonitor) {
      if (running) {
        throw new IllegalStateException("Pipeline '" + graph.config().pipeline().name() + "' is already running");
      }
      running = true;
    }
    try {
      return runOnce(trigger, fullRefresh);
    } finally {
      synchronized (runMonitor) {
        running = false;
        runMonitor.notifyAll();
      }
    }
  }

  private RunResult runOnce(Trigger trigger, Set<String> fullRefresh) {
    long started = System.nanoTime();
    stopRequested.set(false);
    List<String> refreshed = fullRefresh(fullRefresh);
    var progress = new LinkedHashMap<String, TableProgress>();
    for (AnalyzedTable t : graph.tables()) {
      progress.put(t.name(), new TableProgress(t.name(), t.kind()));
    }
    var run = new RunContext(UUID.randomUUID().toString(), new ListenerBus(runListeners()));
    run.bus.onRunStarted(new PipelineEvent.RunStarted(pipelineName(), run.id, now(), describe(trigger),
        graph.tables().stream().map(AnalyzedTable::name).toList(), refreshed));
    var queries = new HashMap<String, Object>();
    var readers = new HashMap<String, Integer>();
    for (Edge e : graph.edges()) {
      if (e.streaming()) {
        readers.merge(e.upstream(), 1, Integer::sum);
      }
    }
    handoff = new BatchHandoff(readers);
    int poolSize = threads > 0 ? threads : Math.max(1, graph.tables().size());
    boolean pipelining = poolSize >= graph.tables().size();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(poolSize, Math.max(1, graph.tables().size())),
        r -> {
          Thread th = new Thread(r, "millrace-table");
          th.setDaemon(true);
          th.setContextClassLoader(classLoader);
          return th;
        });
    try {
      boolean first = true;
      while (first || (!trigger.terminates() && !stopRequested.get())) {
        long roundStart = System.nanoTime();
        boolean didWork = runUpdate(trigger, queries, progress, pool, pipelining, run);
        first = false;
        if (trigger.terminates() || stopRequested.get()) {
          break;
        }
        if (progress.values().stream().anyMatch(p -> p.status() == TableProgress.Status.FAILED)) {
          break; // as a Spark query stops on an error; the next start resumes from the checkpoints
        }
        sleepUntilNextUpdate(trigger, roundStart, didWork);
      }
    } finally {
      pool.shutdownNow();
      for (Object q : queries.values()) {
        if (q instanceof StreamingQuery s) {
          s.close();
        } else if (q instanceof MaterializedViewQuery m) {
          m.close();
        }
      }
      for (TableProgress p : progress.values()) {
        run.bus.onTerminated(new PipelineEvent.TableTerminated(pipelineName(), run.id, now(), p.table(),
            p.kind().label(), outcome(p.status()), p.batches(), p.error()));
      }
      run.bus.onRunFinished(new PipelineEvent.RunFinished(pipelineName(), run.id, now(),
          progress.values().stream().noneMatch(p -> p.status() == TableProgress.Status.FAILED), stopRequested.get(),
          (System.nanoTime() - started) / 1_000_000));
    }
    return new RunResult(graph.config().pipeline().name(), List.copyOf(progress.values()), warehouse, refreshed,
        System.nanoTime() - started, stopRequested.get());
  }

  /** The run's id and the bus that hands its events to the listeners. */
  private record RunContext(String id, ListenerBus bus) {}

  /** The status first (so readers see a batch as soon as others hear of it), the event log, then the user's. */
  private List<PipelineListener> runListeners() {
    var all = new ArrayList<PipelineListener>();
    all.add(status);
    if (eventLog) {
      all.add(new EventLogWriter(store()));
    }
    all.addAll(listeners);
    return all;
  }

  /** Event times, in milliseconds as Spark's. */
  private java.time.Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  private String pipelineName() {
    return graph.config().pipeline().name();
  }

  private static PipelineEvent.Outcome outcome(TableProgress.Status status) {
    return switch (status) {
      case OK -> PipelineEvent.Outcome.COMPLETED;
      case FAILED -> PipelineEvent.Outcome.FAILED;
      case SKIPPED -> PipelineEvent.Outcome.SKIPPED;
      case NOT_SUPPORTED -> PipelineEvent.Outcome.NOT_SUPPORTED;
    };
  }

  /** The trigger as the YAML spells it, e.g. {@code processing-time 5s}. */
  static String describe(Trigger trigger) {
    String mode = trigger.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return trigger.intervalIfSet().map(i -> mode + " " + i.toString().substring(2).toLowerCase(java.util.Locale.ROOT))
        .orElse(mode);
  }

  private void sleepUntilNextUpdate(Trigger trigger, long roundStart, boolean didWork) {
    long waitNanos;
    if (trigger.mode() == TriggerMode.PROCESSING_TIME) {
      waitNanos = trigger.interval().toNanos() - (System.nanoTime() - roundStart);
    } else {
      // continuous: start the next update at once while there is data; when there was none, pause for the
      // trigger's interval (default 100 ms) before looking again.
      waitNanos = didWork ? 0 : trigger.intervalIfSet().map(java.time.Duration::toNanos).orElse(100_000_000L);
    }
    long deadline = System.nanoTime() + waitNanos;
    while (!stopRequested.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopRequested.set(true);
      }
    }
  }

  /**
   * One pipeline update: every table after the tables it reads, independent ones in parallel. With an
   * available-now trigger and a thread per table, a streaming table that reads one streaming table runs alongside
   * it instead ({@link #pipelined}).
   */
  private boolean runUpdate(Trigger trigger, Map<String, Object> queries, Map<String, TableProgress> progress,
      ExecutorService pool, boolean pipelining, RunContext run) {
    var futures = new HashMap<String, CompletableFuture<Boolean>>();
    var worked = new AtomicBoolean();
    for (AnalyzedTable t : graph.tables()) {
      List<CompletableFuture<Boolean>> upstream = new ArrayList<>();
      for (Edge e : t.inputs()) {
        upstream.add(futures.get(e.upstream()));
      }
      if (pipelining && trigger.mode() == TriggerMode.AVAILABLE_NOW && t.kind() == TableKind.STREAMING_TABLE
          && t.inputs().size() == 1 && t.inputs().get(0).streaming()) {
        CompletableFuture<Boolean> up = upstream.get(0);
        String upstreamName = t.inputs().get(0).upstream();
        futures.put(t.name(), CompletableFuture.supplyAsync(
            () -> pipelined(t, up, upstreamName, queries, progress, worked, run), pool)
            .whenComplete((r, e) -> signal()));
        continue;
      }
      CompletableFuture<Boolean> ready = CompletableFuture.allOf(upstream.toArray(CompletableFuture[]::new))
          .thenApply(v -> upstream.stream().allMatch(CompletableFuture::join));
      futures.put(t.name(), ready.thenApplyAsync(upstreamOk -> {
        TableProgress p = progress.get(t.name());
        if (!upstreamOk) {
          String failed = t.inputs().stream().map(Edge::upstream)
              .filter(u -> progress.get(u).status() != TableProgress.Status.OK).findFirst().orElse("?");
          p.skipped(skippedBecause(t, failed, progress, false));
          return false;
        }
        if (p.status() != TableProgress.Status.OK) {
          return false;
        }
        return guarded(t, p, () -> {
          if (runTable(t, trigger, queries, p, run)) {
            worked.set(true);
          }
          return true;
        });
      }, pool).whenComplete((r, e) -> signal()));
    }
    futures.values().forEach(CompletableFuture::join);
    return worked.get();
  }

  /**
   * How many upstream batches downstream streaming tables took from memory ({@code [0]}) and read back from the
   * warehouse ({@code [1]}) so far, for benchmarks, tests and logs.
   */
  public long[] handoffStats() {
    return handoff == null ? new long[2] : handoff.hitsAndMisses();
  }

  private void signal() {
    synchronized (commitSignal) {
      commitSignal.notifyAll();
    }
  }

  /**
   * An available-now update of a streaming table that reads one streaming table, run while that table runs: each
   * upstream batch is processed as soon as it is committed (taken from memory, {@link BatchHandoff}), so the two
   * tables work at the same time. The batches are the same as when the table runs after its upstream: one per
   * upstream batch, and no-data batches only once the upstream has finished.
   */
  private boolean pipelined(AnalyzedTable t, CompletableFuture<Boolean> upstream, String upstreamName,
      Map<String, Object> queries, Map<String, TableProgress> progress, AtomicBoolean worked, RunContext run) {
    TableProgress p = progress.get(t.name());
    return guarded(t, p, () -> {
      StreamingQuery q = streamingQuery(t, queries, p, run);
      boolean any = false;
      while (!stopRequested.get()) {
        if (upstream.isDone()) {
          if (!upstream.join()) {
            p.skipped(skippedBecause(t, upstreamName, progress, any));
            return false;
          }
          while (!stopRequested.get() && q.runBatch(true)) {
            any = true;
          }
          break;
        }
        if (q.runBatch(false)) {
          any = true;
          continue;
        }
        synchronized (commitSignal) {
          if (!upstream.isDone()) {
            commitSignal.wait(50);
          }
        }
      }
      if (any) {
        worked.set(true);
      }
      return true;
    });
  }

  /** A table's part of an update, which may wait for its upstream. */
  @FunctionalInterface
  private interface TableWork {
    boolean run() throws InterruptedException;
  }

  /**
   * Runs a table's part of an update and turns its failure into the table's status: not supported, or failed with
   * the error (an {@code Error} from user code, a StackOverflowError in a map function, fails its table like an
   * exception). Returns whether the table's readers may run.
   */
  private static boolean guarded(AnalyzedTable t, TableProgress p, TableWork work) {
    try {
      return work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.failed("interrupted");
      return false;
    } catch (NotSupportedException e) {
      log.debug("[table {}] {}", t.name(), e.getMessage());
      p.notSupported(e.getMessage());
      return false;
    } catch (RuntimeException | Error e) {
      String message = e instanceof MillraceException ? e.getMessage() : e.toString();
      log.error("[table {}] {}", t.name(), message, e instanceof MillraceException ? null : e);
      p.failed(message);
      return false;
    }
  }

  /** Why {@code t} did not run (or stopped, if it had run batches): {@code upstream}, which it reads, did not. */
  private static String skippedBecause(AnalyzedTable t, String upstream, Map<String, TableProgress> progress,
      boolean stopped) {
    TableProgress.Status cause = progress.get(upstream).status();
    return "table '" + t.name() + "' was " + (stopped ? "stopped" : "not run") + " because '" + upstream
        + "', which it reads, " + (cause == TableProgress.Status.FAILED ? "failed"
        : cause == TableProgress.Status.NOT_SUPPORTED ? "is not supported yet" : "was not run");
  }

  /** The table's query of this run, started (and announced to the listeners) on first use. */
  private StreamingQuery streamingQuery(AnalyzedTable t, Map<String, Object> queries, TableProgress p,
      RunContext run) {
    StreamingQuery q;
    synchronized (queries) {
      q = (StreamingQuery) queries.get(t.name());
    }
    if (q == null) {
      q = newStreamingQuery(t, p, run);
      q.start();
      synchronized (queries) {
        queries.put(t.name(), q);
      }
      run.bus.onStarted(new PipelineEvent.TableStarted(pipelineName(), run.id, now(), t.name(),
          t.kind().label(), q.id(), q.nextBatchId(), StreamingQuery.instant(q.watermark())));
    }
    return q;
  }

  /** Runs one table's part of an update; returns whether it processed any batch. */
  private boolean runTable(AnalyzedTable t, Trigger trigger, Map<String, Object> queries, TableProgress p,
      RunContext run) {
    if (stopRequested.get()) {
      return false; // stopping: no new batch starts
    }
    if (t.kind() == TableKind.MATERIALIZED_VIEW) {
      MaterializedViewQuery q;
      synchronized (queries) {
        q = (MaterializedViewQuery) queries.get(t.name());
      }
      if (q == null) {
        q = newView(t, p, run);
        synchronized (queries) {
          queries.put(t.name(), q);
        }
        run.bus.onStarted(new PipelineEvent.TableStarted(pipelineName(), run.id, now(), t.name(),
            t.kind().label(), t.name(), store().lastCommittedBatch(t.name()).orElse(-1) + 1, null));
      }
      q.refresh();
      return true;
    }
    StreamingQuery q = streamingQuery(t, queries, p, run);
    boolean any = false;
    if (trigger.mode() == TriggerMode.AVAILABLE_NOW) {
      while (!stopRequested.get() && q.runBatch()) {
        any = true;
      }
    } else {
      any = q.runBatch();
    }
    return any;
  }

  private MaterializedViewQuery newView(AnalyzedTable t, TableProgress p, RunContext run) {
    var batchClock = new BatchClock();
    PhysicalPlan plan = new PhysicalPlanner(t.name(), true, batchClock).plan(t.plan());
    return new MaterializedViewQuery(t, plan, store(), batchClock, clock, p, reporter(t, run));
  }

  private ProgressReporter reporter(AnalyzedTable t, RunContext run) {
    return new ProgressReporter(pipelineName(), t.name(), t.kind().label(), run.id, run.bus);
  }

  private StreamingQuery newStreamingQuery(AnalyzedTable t, TableProgress p, RunContext run) {
    var batchClock = new BatchClock();
    PhysicalPlan plan = new PhysicalPlanner(t.name(), false, batchClock, t.settings().outputMode(),
        t.settings().partitions()).plan(t.plan());
    var inputs = new ArrayList<Input>();
    for (PhysicalPlan.Leaf leaf : plan.leaves()) {
      inputs.add(input(t, leaf));
    }
    Path dir = storage.resolve("checkpoints").resolve(t.name());
    var q = new StreamingQuery(t, plan, inputs, new Checkpoint(dir), store(), batchClock, clock, faults, p,
        stateResources(), reporter(t, run));
    q.pipeline(handoff, this::signal);
    return q;
  }

  private Input input(AnalyzedTable t, PhysicalPlan.Leaf leaf) {
    if (leaf.source() instanceof FileSource f) {
      Input override = sourceOverrides.get(t.name());
      if (override != null) {
        return override;
      }
      if (!f.streaming()) {
        throw new MillraceException("table '" + t.name() + "': a batch file source (ctx.read()) inside a streaming "
            + "table is not supported by this version of the engine yet");
      }
      return new FileInput(new FileSourceReader(f), f.format() + " files in "
          + Path.of(f.path()).toAbsolutePath().normalize());
    }
    TableRead r = (TableRead) leaf.source();
    if (!r.streaming()) {
      return new SnapshotInput(r.table(), r.schema(), store());
    }
    return new TableInput(r.table(), r.schema(), store(), handoff);
  }

  /** Clears the data and checkpoints of the selected tables and of the tables that read them as streams. */
  private List<String> fullRefresh(Set<String> selection) {
    if (selection.isEmpty()) {
      return List.of();
    }
    var names = new LinkedHashSet<String>();
    if (selection.equals(ALL_TABLES)) {
      graph.tables().forEach(t -> names.add(t.name()));
    } else {
      for (String name : selection) {
        if (graph.find(name).isEmpty()) {
          throw new MillraceException("Cannot full-refresh '" + name + "': the pipeline has no such table."
              + dev.millrace.errors.Suggestions.didYouMean(name, graph.tables().stream().map(AnalyzedTable::name)
              .toList()) + " Tables: " + String.join(", ", graph.tables().stream().map(AnalyzedTable::name).toList()));
        }
        names.add(name);
      }
      boolean grew = true;
      while (grew) {
        grew = false;
        for (Edge e : graph.edges()) {
          if (e.streaming() && names.contains(e.upstream()) && names.add(e.downstream())) {
            log.info("Also refreshing '{}', which reads '{}' as a stream", e.downstream(), e.upstream());
            grew = true;
          }
        }
      }
    }
    var ordered = new ArrayList<String>();
    TableStore warehouse = store(); // take the warehouse's lock before touching any checkpoint
    for (AnalyzedTable t : graph.tables()) {
      if (names.contains(t.name())) {
        ordered.add(t.name());
        // The table and its commit markers go first: a checkpoint without markers is safe, markers without a
        // checkpoint would make a new checkpoint's batches look committed already.
        warehouse.dropTable(t.name());
        new Checkpoint(storage.resolve("checkpoints").resolve(t.name())).delete();
      }
    }
    return ordered;
  }

  @Override
  public synchronized void close() {
    if (stateResources != null) {
      stateResources.close();
      stateResources = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }

  /** Options of a runner. */
  public static final class Builder {
    private final PipelineGraph graph;
    private Path storage;
    private Path warehouse;
    private Clock clock = Clock.systemUTC();
    private FaultInjector faults = FaultInjector.NONE;
    private final Map<String, Input> sourceOverrides = new HashMap<>();
    private int threads;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private boolean eventLog = true;
    private ClassLoader classLoader;

    private Builder(PipelineGraph graph) {
      this.graph = Objects.requireNonNull(graph, "graph");
    }

    /** Checkpoints go under {@code storage/checkpoints}; default: {@code pipeline.storage}. */
    public Builder storage(Path storage) {
      this.storage = storage;
      return this;
    }

    /** The DuckDB file; default: {@code pipeline.warehouse}. */
    public Builder warehouse(Path warehouse) {
      this.warehouse = warehouse;
      return this;
    }

    /** The clock batch timestamps come from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** A test hook called at each step of the commit protocol. */
    public Builder faults(FaultInjector faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** Replaces the file source of {@code table} (the test driver's memory streams). */
    public Builder sourceOverride(String table, Input input) {
      sourceOverrides.put(table, input);
      return this;
    }

    /**
     * Tables updated in parallel at most; default: one thread per table, so a streaming table can run alongside the
     * table it reads (fewer threads than tables turn that off).
     */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Hears every run's events and progress records; see {@link PipelineListener}. Repeatable. */
    public Builder listener(PipelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Whether runs append their events to the warehouse's {@code _event_log} table; default true. */
    public Builder eventLog(boolean eventLog) {
      this.eventLog = eventLog;
      return this;
    }

    /**
     * The context class loader of the threads that run the tables (and so the user's functions); default: the
     * context class loader of the thread that calls {@link #build()}.
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    public PipelineRunner build() {
      return new PipelineRunner(this);
    }
  }
}
