package dev.millrace.benchmarks.jmh;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.benchmarks.ClickstreamBenchmarkPipeline;
import dev.millrace.runtime.table.DuckDbTableStore;
import dev.millrace.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warehouse write of one bronze batch: rows per second that {@link DuckDbTableStore#appendBatch} writes into a
 * DuckDB table of the benchmark's event schema, {@value #ROWS} rows per batch (the benchmark's batch of two files),
 * in its transaction with the commit marker. This is the floor the end-to-end run pays for every materialized row:
 * 2,000,000 bronze, 1,899,872 silver and 1,085,326 gold rows.
 *
 * <p>{@code insertNative} is DuckDB's own floor for the same batch: {@value #ROWS} rows of the same shape, made by
 * DuckDB from {@code range()} in one {@code INSERT ... SELECT} and committed, with no Java value and no appender in
 * the way; {@code generateNative} makes the same rows without storing them, so the difference is what storing costs
 * DuckDB itself, whatever path the rows take into it (appender, Arrow, files).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class WarehouseBenchmark {

  static final int ROWS = 200_000;

  private Path dir;
  private DuckDbTableStore store;
  private Schema schema;
  private final List<Object[]> rows = new ArrayList<>();
  private long batchId;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("millrace-jmh-warehouse");
    store = DuckDbTableStore.open(dir.resolve("warehouse.duckdb"));
    schema = Schema.parse(ClickstreamBenchmarkPipeline.EVENT_SCHEMA);
    store.ensureTable(ClickstreamBenchmarkPipeline.BRONZE, schema);
    var random = new SplittableRandom(42);
    long start = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z in microseconds
    for (int i = 0; i < ROWS; i++) {
      // The generator's values: ids e0, e1, ..., one of 50,000 users, a millisecond clock, 16 pages.
      rows.add(new Object[] {"e" + i, "u" + random.nextInt(50_000), start + i * 1000L, "/product/" + random.nextInt(16),
          Math.round(random.nextDouble() * 50_000) / 100.0});
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public boolean appendBatch() {
    return store.appendBatch(ClickstreamBenchmarkPipeline.BRONZE, batchId++, schema, rows);
  }

  /** A DuckDB database of its own, with the bronze table's columns, for the native floor. */
  @State(Scope.Thread)
  public static class Native {

    private Path dir;
    private Connection connection;
    private Statement statement;
    private long batch;

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
      dir = Files.createTempDirectory("millrace-jmh-warehouse-native");
      connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("native.duckdb"));
      statement = connection.createStatement();
      statement.execute("CREATE TABLE events (event_id VARCHAR, user_id VARCHAR, event_time TIMESTAMP, page VARCHAR,"
          + " amount DOUBLE, _batch_id BIGINT)");
    }

    /** The rows of batch {@code b}: the generator's shapes (ids e0, e1, ..., 50,000 users, 16 pages). */
    String rows(long b) {
      long from = b * ROWS;
      return "SELECT 'e' || i AS event_id, 'u' || (i * 7919 % 50000) AS user_id,"
          + " TIMESTAMP '2026-01-01' + to_microseconds(i * 1000) AS event_time, '/product/' || (i % 16) AS page,"
          + " (i * 4999 % 50000) / 100.0 AS amount, " + b + " AS _batch_id FROM range(" + from + ", " + (from + ROWS)
          + ") t(i)";
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, SQLException {
      connection.close();
      BenchFiles.deleteRecursively(dir);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public boolean insertNative(Native n) throws SQLException {
    return n.statement.execute("INSERT INTO events " + n.rows(n.batch++));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long generateNative(Native n) throws SQLException {
    try (ResultSet r = n.statement.executeQuery("SELECT sum(length(event_id) + length(user_id) + length(page)"
        + " + epoch_us(event_time) + amount + _batch_id) FROM (" + n.rows(n.batch++) + ")")) {
      r.next();
      return r.getLong(1);
    }
  }
}
