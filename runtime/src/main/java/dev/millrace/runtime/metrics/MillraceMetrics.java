package dev.millrace.runtime.metrics;

import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineEvent;
import dev.millrace.runtime.engine.progress.PipelineListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of pipelines, fed by their progress records: a {@link PipelineListener} to register with the
 * runner and a {@link MeterBinder} to bind to one or more registries (Spring Boot binds it to its registry when it is
 * a bean). Every meter is tagged {@code pipeline} and {@code table}; the state meters also {@code operator}. A
 * table's meters appear when its run starts, the watermark, backlog and state meters once a batch reports them.
 * docs/operations.md lists them all.
 *
 * <p>Counters count since this object was created (the process), as Micrometer counters do; the gauges show the
 * last batch's values. Thread-safe.
 */
public final class MillraceMetrics implements PipelineListener, MeterBinder {

  /** The prefix of every meter's name. */
  public static final String PREFIX = "millrace";
  /** Percentiles published for the duration timers. */
  static final double[] PERCENTILES = {0.5, 0.95, 0.99};

  private final Clock clock;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();
  private final Map<String, OperatorMeters> operators = new ConcurrentHashMap<>();

  public MillraceMetrics() {
    this(Clock.systemUTC());
  }

  /** @param clock the wall clock the watermark lag is measured against */
  public MillraceMetrics(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(registry);
    tables.values().forEach(t -> t.registerAll(registry));
    operators.values().forEach(o -> o.registerAll(registry));
  }

  @Override
  public void onRunStarted(PipelineEvent.RunStarted event) {
    for (String table : event.tables()) {
      table(event.pipeline(), table);
    }
  }

  @Override
  public void onStarted(PipelineEvent.TableStarted event) {
    if (event.watermark() != null) {
      table(event.pipeline(), event.table()).watermark(event.watermark());
    }
  }

  @Override
  public void onProgress(BatchProgress p) {
    TableMeters t = table(p.pipeline(), p.table());
    t.rowsIn.addAndGet(p.numInputRows());
    t.rowsOut.addAndGet(p.numOutputRows());
    t.rejectedKept.addAndGet(p.numMalformedRows() - p.numMalformedRowsDropped());
    t.rejectedDropped.addAndGet(p.numMalformedRowsDropped());
    t.late.addAndGet(p.numLateRowsDropped());
    t.duplicates.addAndGet(p.numDuplicatesDropped());
    t.batches.incrementAndGet();
    t.lastBatch = p.batchId();
    Duration took = Duration.ofMillis(p.triggerExecutionMs());
    t.durations.forEach(timer -> timer.record(took));
    if (p.eventTime() != null && p.eventTime().nextWatermark() != null) {
      t.watermark(p.eventTime().nextWatermark());
    }
    long files = -1;
    long batches = -1;
    for (BatchProgress.SourceProgress s : p.sources()) {
      if (s.backlog() != null && "files".equals(s.backlogUnit())) {
        files = Math.max(files, 0) + s.backlog();
      } else if (s.backlog() != null) {
        batches = Math.max(batches, 0) + s.backlog();
      }
    }
    if (files >= 0) {
      t.backlogFiles(files);
    }
    if (batches >= 0) {
      t.backlogBatches(batches);
    }
    for (BatchProgress.StateOperatorProgress s : p.stateOperators()) {
      OperatorMeters o = operator(p.pipeline(), p.table(), s.operatorName());
      o.keys = s.numRowsTotal();
      o.bytesOnDisk = s.bytesOnDisk();
      o.bytesInMemory = s.memoryUsedBytes();
      o.late.addAndGet(s.numRowsDroppedByWatermark());
      o.duplicates.addAndGet(s.numDuplicatesDropped());
      Duration commit = Duration.ofMillis(s.commitTimeMs());
      o.commits.forEach(timer -> timer.record(commit));
    }
  }

  @Override
  public void onTerminated(PipelineEvent.TableTerminated event) {
    if (event.outcome() == PipelineEvent.Outcome.FAILED) {
      table(event.pipeline(), event.table()).failures.incrementAndGet();
    }
  }

  private TableMeters table(String pipeline, String table) {
    return tables.computeIfAbsent(pipeline + '\u0000' + table, k -> {
      var t = new TableMeters(Tags.of("pipeline", pipeline, "table", table));
      registries.forEach(t::registerAll);
      return t;
    });
  }

  private OperatorMeters operator(String pipeline, String table, String operator) {
    return operators.computeIfAbsent(pipeline + '\u0000' + table + '\u0000' + operator, k -> {
      var o = new OperatorMeters(Tags.of("pipeline", pipeline, "table", table, "operator", operator));
      registries.forEach(o::registerAll);
      return o;
    });
  }

  /**
   * A timer with client-side percentiles (for registries that show them) and a histogram between {@code min} and
   * {@code max} (for Prometheus' {@code histogram_quantile}).
   */
  private static Timer timer(MeterRegistry registry, String name, String description, Tags tags, Duration min,
      Duration max) {
    return Timer.builder(name).description(description).tags(tags).publishPercentiles(PERCENTILES)
        .publishPercentileHistogram().minimumExpectedValue(min).maximumExpectedValue(max).register(registry);
  }

  private static <T> void counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
      T state, ToDoubleFunction<T> f) {
    FunctionCounter.builder(name, state, f).description(description).baseUnit(unit).tags(tags).register(registry);
  }

  private static <T> void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
      T state, ToDoubleFunction<T> f) {
    Gauge.builder(name, state, f).description(description).baseUnit(unit).tags(tags).strongReference(true)
        .register(registry);
  }

  /** One table's values and the meters that read them, in every bound registry. */
  private final class TableMeters {
    final Tags tags;
    final AtomicLong rowsIn = new AtomicLong();
    final AtomicLong rowsOut = new AtomicLong();
    final AtomicLong rejectedKept = new AtomicLong();
    final AtomicLong rejectedDropped = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final List<Timer> durations = new CopyOnWriteArrayList<>();
    volatile long lastBatch = -1;
    volatile Instant watermark;
    volatile long backlogFiles = -1;
    volatile long backlogBatches = -1;

    TableMeters(Tags tags) {
      this.tags = tags;
    }

    void registerAll(MeterRegistry r) {
      counter(r, PREFIX + ".table.rows.in", "Rows read from the table's inputs", "rows", tags, rowsIn,
          AtomicLong::get);
      counter(r, PREFIX + ".table.rows.out", "Rows written to the table", "rows", tags, rowsOut, AtomicLong::get);
      counter(r, PREFIX + ".table.rows.rejected", "Malformed source records, kept in the corrupt-record column "
          + "(PERMISSIVE)", "rows", tags.and("handling", "kept"), rejectedKept, AtomicLong::get);
      counter(r, PREFIX + ".table.rows.rejected", "Malformed source records, dropped (DROPMALFORMED)", "rows",
          tags.and("handling", "dropped"), rejectedDropped, AtomicLong::get);
      counter(r, PREFIX + ".table.rows.late", "Input rows dropped as late for the watermark", "rows", tags, late,
          AtomicLong::get);
      counter(r, PREFIX + ".table.rows.duplicate", "Input rows dropped as duplicates", "rows", tags, duplicates,
          AtomicLong::get);
      counter(r, PREFIX + ".table.batches", "Batches committed (refreshes of a materialized view)", "batches", tags,
          batches, AtomicLong::get);
      counter(r, PREFIX + ".table.failures", "Runs in which the table failed", "failures", tags, failures,
          AtomicLong::get);
      durations.add(timer(r, PREFIX + ".table.batch.duration", "Time of a batch, from planning to its commit",
          tags, Duration.ofMillis(1), Duration.ofMinutes(10)));
      gauge(r, PREFIX + ".table.last.batch", "Id of the last committed batch (-1: none yet)", null, tags, this,
          t -> t.lastBatch);
      if (watermark != null) {
        registerWatermark(r);
      }
      if (backlogFiles >= 0) {
        registerBacklogFiles(r);
      }
      if (backlogBatches >= 0) {
        registerBacklogBatches(r);
      }
    }

    void watermark(Instant w) {
      boolean first = watermark == null;
      watermark = w;
      if (first) {
        registries.forEach(this::registerWatermark);
      }
    }

    void backlogFiles(long files) {
      boolean first = backlogFiles < 0;
      backlogFiles = files;
      if (first) {
        registries.forEach(this::registerBacklogFiles);
      }
    }

    void backlogBatches(long n) {
      boolean first = backlogBatches < 0;
      backlogBatches = n;
      if (first) {
        registries.forEach(this::registerBacklogBatches);
      }
    }

    private void registerWatermark(MeterRegistry r) {
      gauge(r, PREFIX + ".table.watermark", "Event-time watermark the next batch runs with, in seconds since the "
          + "epoch", "seconds", tags, this, t -> t.watermark.toEpochMilli() / 1000.0);
      gauge(r, PREFIX + ".table.watermark.lag", "Wall clock minus the event-time watermark", "seconds", tags, this,
          t -> (clock.millis() - t.watermark.toEpochMilli()) / 1000.0);
    }

    private void registerBacklogFiles(MeterRegistry r) {
      gauge(r, PREFIX + ".table.backlog.files", "Source files not read yet, as of the last batch", "files", tags,
          this, t -> t.backlogFiles);
    }

    private void registerBacklogBatches(MeterRegistry r) {
      gauge(r, PREFIX + ".table.backlog.batches", "Upstream batches committed but not read yet, as of the last "
          + "batch", "batches", tags, this, t -> t.backlogBatches);
    }
  }

  /** One stateful operator's values and meters. */
  private static final class OperatorMeters {
    final Tags tags;
    final AtomicLong late = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final List<Timer> commits = new CopyOnWriteArrayList<>();
    volatile long keys;
    volatile long bytesOnDisk;
    volatile long bytesInMemory;

    OperatorMeters(Tags tags) {
      this.tags = tags;
    }

    void registerAll(MeterRegistry r) {
      gauge(r, PREFIX + ".operator.state.keys", "Keys in the operator's state after the last batch", "keys", tags,
          this, o -> o.keys);
      gauge(r, PREFIX + ".operator.state.disk", "Bytes of the operator's state on disk (changelogs, snapshots, "
          + "RocksDB files)", "bytes", tags, this, o -> o.bytesOnDisk);
      gauge(r, PREFIX + ".operator.state.memory", "Bytes of memory the operator's state holds (RocksDB's shared "
          + "block cache aside)", "bytes", tags, this, o -> o.bytesInMemory);
      counter(r, PREFIX + ".operator.rows.late", "Input rows the operator dropped as late for the watermark", "rows",
          tags, late, AtomicLong::get);
      counter(r, PREFIX + ".operator.rows.duplicate", "Input rows the operator dropped as duplicates", "rows", tags,
          duplicates, AtomicLong::get);
      commits.add(timer(r, PREFIX + ".operator.state.commit", "Time to commit the operator's state (all "
          + "partitions) in a batch", tags, Duration.ofMillis(1), Duration.ofMinutes(1)));
    }
  }
}
