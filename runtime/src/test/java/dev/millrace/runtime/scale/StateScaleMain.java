package dev.millrace.runtime.scale;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.FaultInjector;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.RunSummary;
import dev.millrace.runtime.state.internal.StateFiles;
import dev.millrace.streaming.OutputMode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * "A state larger than the heap" (issue 4): aggregates {@code KEYS} distinct keys with the RocksDB state store and
 * prints one line
 * <pre>
 * state-scale keys=K seconds=S keys_per_s=R state_mb=D peak_heap_mb=M warehouse_rows=W live_heap_mb=L peak_rss_mb=P
 * </pre>
 * Run it with a small heap ({@code -Xmx256m}); {@code benchmarks/state-scale.sh} and {@link StateScaleTest} do.
 *
 * <p>{@code StateScaleMain KEYS WORKDIR [available-now|continuous]}:
 * <ol>
 *   <li>writes {@code ceil(KEYS / 100000)} JSON-lines files of up to 100,000 lines to {@code WORKDIR/landing-KEYS},
 *       one distinct key per line ({@code {"k":"key-001234567","v":1.5}}, keys in scrambled order), unless they are there already;</li>
 *   <li>builds the pipeline {@link ScalePipeline}: {@code bronze} reads the files, one per batch
 *       ({@code maxFilesPerTrigger 1}); {@code key_totals} is an update-mode {@code groupBy(k).agg(count, sum)} over
 *       {@code readStream("bronze")}, with 4 partitions of RocksDB state (32MB block cache, 16MB write buffer);</li>
 *   <li>runs it from a fresh {@code WORKDIR/run-KEYS} with the trigger given (default {@code continuous}, stopped
 *       after the aggregation's last batch: each pipeline update then runs one bronze batch and one aggregation
 *       batch of 100,000 rows; {@code available-now} runs bronze to the end first, so that the aggregation gets all
 *       rows in one batch);</li>
 *   <li>checks the warehouse: {@code key_totals} has exactly {@code KEYS} rows, distinct keys, each with
 *       {@code n = 1}, and the totals add up. Exits with 1 otherwise, 2 if the run failed.</li>
 * </ol>
 * {@code state_mb} is the size of {@code <storage>/checkpoints/key_totals/state} (hard links counted once);
 * {@code peak_heap_mb} the largest heap use seen (sampled every 10 ms, and before each GC), {@code live_heap_mb} the
 * largest heap use after a GC, {@code peak_rss_mb} the process's peak resident memory (heap, RocksDB and DuckDB).
 */
public final class StateScaleMain {

  static final int LINES_PER_FILE = 100_000;
  static final String AGG = "key_totals";

  private StateScaleMain() {}

  /** The pipeline: a JSON file source and a running aggregation by key over it. */
  public static class ScalePipeline {

    @StreamingTable(comment = "The landed lines, one file per batch")
    public Dataset bronze(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("k STRING, v DOUBLE")
          .option("maxFilesPerTrigger", 1)
          .load(ctx.conf("landing"));
    }

    @StreamingTable(outputMode = OutputMode.UPDATE, comment = "Lines and total of v per key")
    public Dataset keyTotals(PipelineContext ctx) {
      return ctx.readStream("bronze").groupBy(col("k")).agg(count().as("n"), sum(col("v")).as("total"));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StateScaleMain KEYS WORKDIR [available-now|continuous]");
      System.exit(64);
    }
    long keys = Long.parseLong(args[0].replace("_", ""));
    Path work = Path.of(args[1]).toAbsolutePath().normalize();
    String triggerName = args.length > 2 ? args[2] : "continuous";
    var heap = new HeapWatch();

    Path landing = work.resolve("landing-" + keys);
    int files = land(landing, keys);
    Path run = work.resolve("run-" + keys);
    StateFiles.deleteRecursively(run);
    Path storage = run.resolve("storage");
    Path warehouse = run.resolve("warehouse.duckdb");

    PipelineConfig config = PipelineConfig.parse("""
        pipeline:
          name: state_scale
          storage: %s
          warehouse: %s
          defaults:
            partitions: 4
            state-store:
              provider: rocksdb
              rocksdb: { block-cache: 32MB, write-buffer: 16MB }
        """.formatted(storage, warehouse), "state-scale.yaml", Map.of("landing", landing.toString()));
    PipelineGraph graph = GraphBuilder.create(config).add(new ScalePipeline()).build();

    Trigger trigger = switch (triggerName) {
      case "available-now" -> Trigger.availableNow();
      case "continuous" -> Trigger.continuous();
      default -> throw new IllegalArgumentException("trigger: available-now or continuous, not " + triggerName);
    };
    var runnerRef = new AtomicReference<PipelineRunner>();
    var aggBatches = new AtomicLong();
    // In continuous mode every update runs one bronze batch, then one aggregation batch over it; stop after the
    // aggregation's batch of the last file.
    FaultInjector stopAtEnd = (table, batchId, point) -> {
      if (table.equals(AGG) && point == FaultInjector.Point.BEFORE_COMMIT) {
        aggBatches.incrementAndGet();
        if (batchId >= files - 1) {
          runnerRef.get().stop();
        }
      }
    };
    System.out.printf(Locale.ROOT, "state-scale: %d keys in %d files, trigger %s, heap max %d MB, work %s%n", keys,
        files, triggerName, Runtime.getRuntime().maxMemory() >> 20, run);
    long start = System.nanoTime();
    RunResult result;
    try (PipelineRunner runner = PipelineRunner.builder(graph).threads(2).faults(stopAtEnd).build()) {
      runnerRef.set(runner);
      result = runner.run(trigger, Set.of());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    heap.stop();
    System.out.print(RunSummary.format(result, "millrace query"));

    Path stateDir = storage.resolve("checkpoints").resolve(AGG).resolve("state");
    long stateBytes = Files.exists(stateDir) ? diskBytes(stateDir) : 0;
    System.out.println("state-scale-detail " + stateBreakdown(stateDir) + " agg_batches=" + aggBatches.get());

    long rows = -1;
    String problem = null;
    if (!result.succeeded()) {
      problem = "the run failed: " + result.firstError().orElse("?");
    } else {
      Check check = check(warehouse);
      rows = check.rows;
      double expectedTotal = expectedTotal(keys);
      if (check.rows != keys || check.distinctKeys != keys || check.notOne != 0 || check.total != expectedTotal) {
        problem = String.format(Locale.ROOT, "%s has %d rows, %d distinct keys, %d rows with n <> 1, total %s; "
            + "expected %d rows, %d keys, n = 1 everywhere, total %s", AGG, check.rows, check.distinctKeys,
            check.notOne, check.total, keys, keys, expectedTotal);
      }
    }
    System.out.printf(Locale.ROOT, "state-scale keys=%d seconds=%.1f keys_per_s=%.0f state_mb=%.1f peak_heap_mb=%.0f "
        + "warehouse_rows=%d live_heap_mb=%.0f peak_rss_mb=%d%n", keys, seconds, keys / seconds,
        stateBytes / 1048576.0, heap.peak() / 1048576.0, rows, heap.live() / 1048576.0, peakRssMb());
    if (problem != null) {
      System.out.println("state-scale FAILED: " + problem);
      System.out.flush();
      System.exit(result.succeeded() ? 1 : 2);
    }
    System.out.flush();
    System.exit(0);
  }

  /** The value of line {@code i}: a multiple of 1/8 below 125, so sums are exact in doubles. */
  static double value(long i) {
    return (i % 1000) / 8.0;
  }

  static double expectedTotal(long keys) {
    double total = 0;
    for (long i = 0; i < keys; i++) {
      total += value(i);
    }
    return total;
  }

  /**
   * A permutation of {@code 0..keys-1}: line {@code i} gets key number {@code (i * m + keys / 3) mod keys} with
   * {@code m} coprime to {@code keys}, so that keys arrive in no particular order (as real keys do), every batch
   * touches the whole key range of every partition and RocksDB has to compact, rather than append sorted runs.
   */
  static LongUnaryOperator scramble(long keys) {
    if (keys < 3 || keys > 3_000_000_000L) { // i * m must not overflow
      return i -> i;
    }
    long m = 2_654_435_761L % keys;
    while (m < 2 || gcd(m, keys) != 1) {
      m = m + 1 < keys ? m + 1 : 2;
    }
    long multiplier = m;
    long offset = keys / 3;
    return i -> (i * multiplier + offset) % keys;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Writes the landing files unless a previous run completed them; returns how many there are. */
  static int land(Path landing, long keys) throws IOException {
    int files = (int) ((keys + LINES_PER_FILE - 1) / LINES_PER_FILE);
    Path done = landing.resolveSibling(landing.getFileName() + ".complete");
    if (Files.exists(done)) {
      return files;
    }
    StateFiles.deleteRecursively(landing);
    Files.createDirectories(landing);
    long started = System.nanoTime();
    LongUnaryOperator scramble = scramble(keys);
    long i = 0;
    for (int f = 0; f < files; f++) {
      Path tmp = landing.resolveSibling(String.format(Locale.ROOT, ".part-%05d.json", f));
      try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (int line = 0; line < LINES_PER_FILE && i < keys; line++, i++) {
          out.write("{\"k\":\"key-");
          String digits = Long.toString(scramble.applyAsLong(i));
          out.write("000000000", 0, Math.max(0, 9 - digits.length()));
          out.write(digits);
          out.write("\",\"v\":");
          out.write(Double.toString(value(i)));
          out.write("}\n");
        }
      }
      Files.move(tmp, landing.resolve(String.format(Locale.ROOT, "part-%05d.json", f)));
    }
    Files.writeString(done, keys + "\n");
    System.out.printf(Locale.ROOT, "state-scale: wrote %d files to %s in %.1f s%n", files, landing,
        (System.nanoTime() - started) / 1e9);
    return files;
  }

  private record Check(long rows, long distinctKeys, long notOne, double total) {}

  private static Check check(Path warehouse) throws Exception {
    var props = new Properties();
    props.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse, props);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT k), count(*) FILTER (WHERE n IS DISTINCT "
            + "FROM 1), coalesce(sum(total), 0) FROM " + AGG)) {
      rs.next();
      return new Check(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
    }
  }

  /** Bytes of every file under {@code dir}, hard links counted once (as {@link StateFiles#diskBytes}). */
  static long diskBytes(Path dir) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (seen.add(attrs.fileKey() != null ? attrs.fileKey() : file)) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /** The state's size by kind of file over all partitions: working instance, snapshots, changelogs. */
  private static String stateBreakdown(Path stateDir) {
    if (!Files.exists(stateDir)) {
      return "no_state_dir";
    }
    long[] db = {0};
    long[] snapshots = {0};
    long[] changelogs = {0};
    long[] snapshotCount = {0};
    try (var operators = Files.list(stateDir)) {
      for (Path op : operators.toList()) {
        try (var partitions = Files.list(op)) {
          for (Path p : partitions.toList()) {
            db[0] += Files.exists(p.resolve("db")) ? sizeWithLinks(p.resolve("db")) : 0;
            snapshots[0] += sizeWithLinks(p.resolve("snapshots"));
            changelogs[0] += sizeWithLinks(p.resolve("changelog"));
            try (var s = Files.list(p.resolve("snapshots"))) {
              snapshotCount[0] += s.count();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return String.format(Locale.ROOT, "db_mb=%.1f snapshots_mb=%.1f (%d snapshot dirs, hard links to db counted "
        + "again) changelog_mb=%.1f", db[0] / 1048576.0, snapshots[0] / 1048576.0, snapshotCount[0],
        changelogs[0] / 1048576.0);
  }

  private static long sizeWithLinks(Path dir) throws IOException {
    return Files.exists(dir) ? diskBytes(dir) : 0;
  }

  /** Peak resident set size from /proc (Linux), or -1. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** The heap's peak (sampled, and just before each GC) and its largest size after a GC. */
  static final class HeapWatch {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong live = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    HeapWatch() {
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener((notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
              return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            peak.accumulateAndGet(heapOf(info.getMemoryUsageBeforeGc()), Math::max);
            live.accumulateAndGet(heapOf(info.getMemoryUsageAfterGc()), Math::max);
          }, null, null);
        }
      }
      sampler = new Thread(() -> {
        var memory = ManagementFactory.getMemoryMXBean();
        while (running) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    private static long heapOf(Map<String, MemoryUsage> pools) {
      long used = 0;
      for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == java.lang.management.MemoryType.HEAP && pools.containsKey(pool.getName())) {
          used += pools.get(pool.getName()).getUsed();
        }
      }
      return used;
    }

    void stop() {
      running = false;
      sampler.interrupt();
    }

    long peak() {
      return peak.get();
    }

    long live() {
      return live.get();
    }
  }
}
