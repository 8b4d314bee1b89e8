package dev.millrace.benchmarks;

import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.RunSummary;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark of issue 7: runs {@link ClickstreamBenchmarkPipeline} once, with the available-now trigger,
 * over the JSON files of a landing directory into a fresh storage directory and warehouse, and prints
 * <pre>
 * millrace events=N seconds=S events_per_s=R gold_rows=G gold_events_sum=E silver_rows=U peak_heap_mb=M state_mb=D
 * millrace-jvm jvm_start_ms=J graph_ms=B close_ms=C gc=COLLECTORS
 * millrace-detail cpu_s=C bronze_rows=... batches=... table_s=... late_rows=... duplicates=... gold_watermark_us=...
 * millrace-phases TABLE:latestOffset=MS,walCommit=MS,execute=MS,write=MS,stateCommit=MS,... TABLE:...
 * </pre>
 * <ul>
 *   <li>{@code events}: rows the bronze table read (every line of the files);</li>
 *   <li>{@code seconds}: from pipeline start (the runner is created, before its first batch) until the run returned,
 *       that is until every input was committed in all three tables, the last no-data batches included;
 *       {@code events_per_s = events / seconds};</li>
 *   <li>{@code gold_rows}, {@code gold_events_sum}: rows of the gold table and the sum of its {@code events} column;
 *       {@code silver_rows}: rows of the silver table (read from the warehouse after the run);</li>
 *   <li>{@code peak_heap_mb}: the largest heap use during the run ({@link HeapWatch});</li>
 *   <li>{@code state_mb}: bytes on disk of every table's state directory after the run (hard links counted once);</li>
 *   <li>{@code jvm_start_ms}: from the JVM's start to pipeline start (JVM boot, class loading, building the graph:
 *       {@code graph_ms}); {@code close_ms}: closing the runner after the run (not in {@code seconds}); {@code gc}:
 *       the JVM's collectors;</li>
 *   <li>{@code millrace-phases}: per table, the milliseconds of each batch phase ({@code BatchProgress.durationMs})
 *       summed over its batches;</li>
 *   <li>{@code cpu_s}: CPU time of the process during {@code seconds} (all threads): well below
 *       {@code 2 x seconds} on two cores means the run waited (I/O, fsync) or other processes had the cores;
 *       {@code table_s}: each table's time in the run.</li>
 * </ul>
 * The correctness columns are checked against an independent count of the files by {@code benchmarks/run.sh}.
 *
 * <p>{@code EndToEnd LANDING WORKDIR [--partitions=N]}: {@code WORKDIR} is deleted and recreated. Exits with 0, 2 when
 * a table failed, 64 on bad arguments.
 */
public final class EndToEnd {

  /** Partitions of the stateful operators: one per core of the 2-core benchmark machine. */
  public static final int DEFAULT_PARTITIONS = 2;

  private EndToEnd() {}

  /** What one run measured. */
  public record Result(long events, double seconds, long goldRows, long goldEventsSum, long silverRows,
      long bronzeRows, double peakHeapMb, double stateMb, long jvmStartMs, long graphMs, long closeMs,
      double cpuSeconds, RunResult run, String phases) {

    public double eventsPerSecond() {
      return seconds > 0 ? events / seconds : 0;
    }

    /** The result line of issue 7. */
    public String line() {
      return String.format(Locale.ROOT, "millrace events=%d seconds=%.2f events_per_s=%.0f gold_rows=%d "
          + "gold_events_sum=%d silver_rows=%d peak_heap_mb=%.0f state_mb=%.1f", events, seconds, eventsPerSecond(),
          goldRows, goldEventsSum, silverRows, peakHeapMb, stateMb);
    }

    public String jvmLine() {
      return String.format(Locale.ROOT, "millrace-jvm jvm_start_ms=%d graph_ms=%d close_ms=%d gc=%s", jvmStartMs,
          graphMs, closeMs, collectors());
    }

    public String detailLine() {
      var batches = new StringBuilder();
      var tableSeconds = new StringBuilder();
      long late = 0;
      long duplicates = 0;
      for (TableProgress t : run.tables()) {
        String sep = batches.length() == 0 ? "" : ",";
        batches.append(sep).append(t.table()).append(':').append(t.batches());
        tableSeconds.append(sep).append(t.table()).append(':')
            .append(String.format(Locale.ROOT, "%.2f", t.durationNanos() / 1e9));
        late += t.lateRowsDropped();
        duplicates += t.duplicatesDropped();
      }
      long watermark = run.table(ClickstreamBenchmarkPipeline.GOLD).map(TableProgress::watermark).orElse(-1L);
      return String.format(Locale.ROOT, "millrace-detail cpu_s=%.1f bronze_rows=%d batches=%s table_s=%s "
          + "late_rows=%d duplicates=%d gold_watermark_us=%d", cpuSeconds, bronzeRows, batches, tableSeconds, late,
          duplicates, watermark);
    }
  }

  /** The benchmark's configuration: RocksDB state, {@code partitions} partitions, available-now. */
  static PipelineConfig config(Path landing, Path storage, Path warehouse, int partitions) {
    return PipelineConfig.parse("""
        pipeline:
          name: clickstream_benchmark
          storage: '%s'
          warehouse: '%s'
          trigger: { mode: available-now }
          defaults:
            partitions: %d
            state-store:
              provider: rocksdb
        """.formatted(storage, warehouse, partitions), "benchmark.yaml", Map.of("landing", landing.toString()));
  }

  /** Runs the benchmark once; {@code work} is emptied first. */
  public static Result run(Path landing, Path work, int partitions) throws IOException, SQLException {
    Objects.requireNonNull(landing, "landing");
    Objects.requireNonNull(work, "work");
    if (!Files.isDirectory(landing)) {
      throw new IllegalArgumentException("The landing directory " + landing + " does not exist; generate it with "
          + "benchmarks/gen_events.py (benchmarks/run.sh does)");
    }
    BenchFiles.deleteRecursively(work);
    Files.createDirectories(work);
    Path storage = work.resolve("storage");
    Path warehouse = work.resolve("warehouse.duckdb");

    long graphStart = System.nanoTime();
    PipelineGraph graph = GraphBuilder.create(config(landing, storage, warehouse, partitions))
        .add(new ClickstreamBenchmarkPipeline()).build();
    long graphMs = (System.nanoTime() - graphStart) / 1_000_000;

    RunResult result;
    double seconds;
    long closeMs;
    long peakHeap;
    long jvmStartMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpuStart = processCpuNanos();
    double cpuSeconds;
    var phases = new PhaseTimes();
    long[] handoff;
    try (HeapWatch heap = new HeapWatch()) {
      long start = System.nanoTime();
      PipelineRunner runner = PipelineRunner.builder(graph).listener(phases).build();
      try {
        result = runner.run(Trigger.availableNow(), Set.of());
        seconds = (System.nanoTime() - start) / 1e9;
        cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        peakHeap = heap.peakBytes();
        handoff = runner.handoffStats();
      } finally {
        long closeStart = System.nanoTime();
        runner.close();
        closeMs = (System.nanoTime() - closeStart) / 1_000_000;
      }
    }
    long bronzeRows = result.table(ClickstreamBenchmarkPipeline.BRONZE).map(TableProgress::rowsIn).orElse(0L);
    double stateMb = stateBytes(storage) / 1048576.0;
    // Upstream batches the downstream tables took from memory, of all they read.
    String phaseLine = phases.line() + " handoff=" + handoff[0] + "/" + (handoff[0] + handoff[1]);
    if (!result.succeeded()) {
      return new Result(bronzeRows, seconds, -1, -1, -1, -1, peakHeap / 1048576.0, stateMb, jvmStartMs, graphMs,
          closeMs, cpuSeconds, result, phaseLine);
    }
    long[] counts = count(warehouse);
    return new Result(bronzeRows, seconds, counts[0], counts[1], counts[2], counts[3], peakHeap / 1048576.0, stateMb,
        jvmStartMs, graphMs, closeMs, cpuSeconds, result, phaseLine);
  }

  /** The batches' phase durations ({@code BatchProgress.durationMs}) summed per table. */
  private static final class PhaseTimes implements PipelineListener {

    private final Map<String, Map<String, Long>> byTable = new TreeMap<>();

    @Override
    public synchronized void onProgress(BatchProgress progress) {
      var table = byTable.computeIfAbsent(progress.table(), t -> new LinkedHashMap<>());
      progress.durationMs().forEach((phase, ms) -> table.merge(phase, ms, Long::sum));
    }

    /** {@code millrace-phases TABLE:PHASE=MS,... TABLE:...}, in milliseconds. */
    synchronized String line() {
      var out = new StringBuilder("millrace-phases");
      byTable.forEach((table, phases) -> {
        out.append(' ').append(table).append(':');
        var sep = "";
        for (var e : phases.entrySet()) {
          out.append(sep).append(e.getKey()).append('=').append(e.getValue());
          sep = ",";
        }
      });
      return out.toString();
    }
  }

  /** The JVM's garbage collectors, e.g. {@code PSScavenge+PSMarkSweep} (parallel) or {@code G1YoungGeneration+...}. */
  static String collectors() {
    return String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(gc -> gc.getName().replace(" ", "")).toList());
  }

  /** CPU time of the whole process (all threads, JIT and GC included), or -1 where the JVM does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** Gold rows, gold's sum of events, silver rows, bronze rows: straight from the warehouse with SQL. */
  private static long[] count(Path warehouse) throws SQLException {
    var props = new Properties();
    props.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT "
            + "(SELECT count(*) FROM " + ClickstreamBenchmarkPipeline.GOLD + "), "
            + "(SELECT coalesce(sum(events), 0) FROM " + ClickstreamBenchmarkPipeline.GOLD + "), "
            + "(SELECT count(*) FROM " + ClickstreamBenchmarkPipeline.SILVER + "), "
            + "(SELECT count(*) FROM " + ClickstreamBenchmarkPipeline.BRONZE + ")")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }

  /** Bytes on disk of every {@code storage/checkpoints/<table>/state}, each file once (hard links). */
  static long stateBytes(Path storage) throws IOException {
    Path checkpoints = storage.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return 0;
    }
    try (Stream<Path> tables = Files.list(checkpoints)) {
      return BenchFiles.diskBytes(tables.map(t -> t.resolve("state")).filter(Files::isDirectory).toList());
    }
  }

  public static void main(String[] args) throws Exception {
    var positional = new ArrayList<String>();
    int partitions = DEFAULT_PARTITIONS;
    for (String a : args) {
      if (a.startsWith("--partitions=")) {
        partitions = Integer.parseInt(a.substring("--partitions=".length()));
      } else if (a.startsWith("--")) {
        usage("unknown option " + a);
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 2) {
      usage("expected LANDING and WORKDIR");
    }
    Path landing = Path.of(positional.get(0)).toAbsolutePath().normalize();
    Path work = Path.of(positional.get(1)).toAbsolutePath().normalize();
    Result r = run(landing, work, partitions);
    System.err.print(RunSummary.format(r.run(), "duckdb " + work.resolve("warehouse.duckdb")));
    System.out.println(r.line());
    System.out.println(r.jvmLine());
    System.out.println(r.detailLine());
    System.out.println(r.phases());
    System.out.flush();
    if (!r.run().succeeded()) {
      System.err.println("millrace FAILED: " + r.run().firstError().orElse("?"));
      System.exit(2);
    }
  }

  private static void usage(String problem) {
    System.err.println("EndToEnd: " + problem + "\nusage: EndToEnd LANDING WORKDIR [--partitions=N]");
    System.exit(64);
  }
}
