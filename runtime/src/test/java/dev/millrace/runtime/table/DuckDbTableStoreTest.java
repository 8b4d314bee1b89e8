package dev.millrace.runtime.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.errors.MillraceException;
import dev.millrace.runtime.operator.InternalValues;
import dev.millrace.types.Schema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbTableStoreTest {

  private static final Schema EVENTS = Schema.parse("id STRING NOT NULL, n INT");

  @TempDir
  Path dir;

  private Path file;
  private DuckDbTableStore store;

  @BeforeEach
  void openStore() {
    file = dir.resolve("nested/dirs/warehouse.duckdb");
    store = DuckDbTableStore.open(file);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static Object[] row(Object... values) {
    return values;
  }

  private static List<Object[]> rows(Object[]... rows) {
    return Arrays.asList(rows);
  }

  private List<List<Object>> snapshot(DuckDbTableStore s, String table, Schema schema) {
    var out = new ArrayList<List<Object>>();
    s.readSnapshot(table, schema, r -> out.add(Arrays.asList(r)));
    return out;
  }

  private List<List<Object>> batches(String table, Schema schema, long after, long upTo) {
    var out = new ArrayList<List<Object>>();
    store.readBatches(table, schema, after, upTo, r -> out.add(Arrays.asList(r)));
    return out;
  }

  private static long micros(String instant) {
    return InternalValues.micros(Instant.parse(instant));
  }

  /** Deep equality where doubles must be identical (AssertJ's default compares them with a tolerance). */
  private static void assertSameValues(Object[] actual, Object[] expected) {
    assertThat(actual).usingRecursiveComparison()
        .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
        .isEqualTo(expected);
  }

  // ---- types

  @Test
  void roundTripsEveryTypeExactly() {
    var schema = Schema.parse("s STRING, i INT, l LONG, d DOUBLE, dec DECIMAL(38,10), small DECIMAL(5,2), "
        + "b BOOLEAN, ts TIMESTAMP, dt DATE, bin BINARY, arr ARRAY<INT>, m MAP<STRING, LONG>, "
        + "st STRUCT<x: INT, `y z`: STRING>, "
        + "deep ARRAY<STRUCT<t: TIMESTAMP, ds: ARRAY<DATE>, m: MAP<INT, DECIMAL(10,3)>, bytes: BINARY>>, "
        + "tsmap MAP<TIMESTAMP, ARRAY<TIMESTAMP>>, sts STRUCT<when: TIMESTAMP, inner: STRUCT<day: DATE>>");
    var map = new LinkedHashMap<Object, Object>();
    map.put("b", 2L);
    map.put("a", null);
    var decimals = new LinkedHashMap<Object, Object>();
    decimals.put(-1, new BigDecimal("-0.001"));
    decimals.put(7, new BigDecimal("1234567.000"));
    var tsmap = new LinkedHashMap<Object, Object>();
    tsmap.put(micros("1900-02-28T23:59:59.999999Z"), Arrays.asList(micros("2021-03-28T02:30:00.000001Z"), null));
    Object[] full = row("héllo 'quoted' \"x\"", Integer.MIN_VALUE, Long.MAX_VALUE, -0.1,
        new BigDecimal("-1234567890123456789012345678.0123456789"), new BigDecimal("-999.99"), true,
        micros("1969-12-31T23:59:59.999999Z"), (int) LocalDate.parse("1600-02-29").toEpochDay(),
        new byte[] {0, 1, (byte) 0xff}, Arrays.asList(1, null, 3), map, row(7, "seven"),
        Collections.singletonList(row(micros("2021-03-28T02:30:00Z"), Arrays.asList(-1, null), decimals, new byte[] {9})),
        tsmap, row(-1L, row(-719162)));
    Object[] extremes = row("", Integer.MAX_VALUE, Long.MIN_VALUE, Double.NaN, new BigDecimal("0E-10"),
        new BigDecimal("0.00"), false, micros("2262-01-01T00:00:00.000001Z"), 0, new byte[0], List.of(),
        new LinkedHashMap<>(), row(null, null), new ArrayList<>(), new LinkedHashMap<>(), row(null, null));
    Object[] nulls = new Object[schema.size()];
    store.ensureTable("all_types", schema);

    store.appendBatch("all_types", 0, schema, rows(full, extremes, nulls));

    var read = new ArrayList<Object[]>();
    store.readSnapshot("all_types", schema, read::add);
    assertThat(read).hasSize(3);
    assertSameValues(read.get(0), full);
    assertSameValues(read.get(1), extremes);
    assertThat(read.get(2)).containsOnlyNulls();
    // Decimals keep their scale (equals, not compareTo).
    assertThat(read.get(0)[4]).isEqualTo(new BigDecimal("-1234567890123456789012345678.0123456789"));
    assertThat(read.get(1)[5]).isEqualTo(new BigDecimal("0.00"));
    assertThat(read.get(0)[9]).isEqualTo(new byte[] {0, 1, (byte) 0xff});
    // Map entries keep their order.
    assertThat(new ArrayList<Object>(((Map<?, ?>) read.get(0)[11]).keySet())).containsExactly("b", "a");
  }

  @Test
  void timestampsDoNotDependOnTheJvmTimeZone() {
    var schema = Schema.parse("ts TIMESTAMP, nested ARRAY<TIMESTAMP>");
    TimeZone original = TimeZone.getDefault();
    // 02:30 on 2021-03-28 does not exist in Berlin (clocks jump from 02:00 to 03:00).
    long gap = micros("2021-03-28T02:30:00.000001Z");
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      store.ensureTable("t", schema);
      store.appendBatch("t", 0, schema, rows(row(gap, List.of(gap))));

      assertThat(snapshot(store, "t", schema)).containsExactly(List.of(gap, List.of(gap)));
      assertThat(store.query("SELECT ts, nested FROM t").rows())
          .containsExactly(List.of("2021-03-28 02:30:00.000001", "['2021-03-28 02:30:00.000001']"));
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void createsColumnsWithDuckDbTypesNotNullAndBatchId() {
    store.ensureTable("typed", Schema.parse("id STRING NOT NULL, amount DECIMAL(10,2), tags ARRAY<STRING>, "
        + "attrs MAP<STRING, INT>, p STRUCT<x: DOUBLE>, ts TIMESTAMP, d DATE, b BINARY, f BOOLEAN, l LONG"));

    assertThat(store.query("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        + "WHERE table_name = 'typed' ORDER BY ordinal_position").rows()).containsExactly(
        List.of("id", "VARCHAR", "NO"),
        List.of("amount", "DECIMAL(10,2)", "YES"),
        List.of("tags", "VARCHAR[]", "YES"),
        List.of("attrs", "MAP(VARCHAR, INTEGER)", "YES"),
        List.of("p", "STRUCT(x DOUBLE)", "YES"),
        List.of("ts", "TIMESTAMP", "YES"),
        List.of("d", "DATE", "YES"),
        List.of("b", "BLOB", "YES"),
        List.of("f", "BOOLEAN", "YES"),
        List.of("l", "BIGINT", "YES"),
        List.of("_batch_id", "BIGINT", "NO"));
  }

  // ---- batches and markers

  @Test
  void appendsABatchOnceAndIgnoresItsReplay() {
    store.ensureTable("events", EVENTS);

    assertThat(store.appendBatch("events", 0, EVENTS, rows(row("a", 1), row("b", 2)))).isTrue();
    assertThat(store.appendBatch("events", 0, EVENTS, rows(row("a", 1), row("b", 2)))).isFalse();

    assertThat(snapshot(store, "events", EVENTS)).containsExactly(List.of("a", 1), List.of("b", 2));
    assertThat(store.lastCommittedBatch("events")).isEqualTo(OptionalLong.of(0));
    assertThat(store.query("SELECT table_name, batch_id, row_count FROM _millrace_commits").rows())
        .containsExactly(List.of("events", "0", "2"));
  }

  @Test
  void recordsAnEmptyBatchAsCommitted() {
    store.ensureTable("events", EVENTS);

    assertThat(store.appendBatch("events", 4, EVENTS, List.of())).isTrue();

    assertThat(store.lastCommittedBatch("events")).isEqualTo(OptionalLong.of(4));
    assertThat(store.rowCount("events")).isZero();
  }

  @Test
  void readsCommittedBatchesOfARangeInBatchThenWriteOrder() {
    store.ensureTable("events", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1), row("b", 2)));
    store.appendBatch("events", 1, EVENTS, rows(row("z", 3), row("c", 4), row("y", 5)));
    store.appendBatch("events", 2, EVENTS, rows(row("d", 6)));
    store.appendBatch("events", 3, EVENTS, rows(row("e", 7)));

    assertThat(batches("events", EVENTS, 0, 2))
        .containsExactly(List.of("z", 3), List.of("c", 4), List.of("y", 5), List.of("d", 6));
    assertThat(batches("events", EVENTS, -1, 0)).containsExactly(List.of("a", 1), List.of("b", 2));
    assertThat(batches("events", EVENTS, 3, 10)).isEmpty();
    assertThat(batches("events", EVENTS, -1, Long.MAX_VALUE)).hasSize(7);
    assertThat(store.lastCommittedBatch("events")).isEqualTo(OptionalLong.of(3));
  }

  @Test
  void aFailureAfterTheRowsLeavesNeitherRowsNorMarkerAndARetrySucceeds() {
    store.close();
    var failing = new boolean[] {true};
    store = DuckDbTableStore.open(file, (table, batchId) -> {
      if (failing[0]) {
        throw new IllegalStateException("simulated crash in " + table + "/" + batchId);
      }
    });
    store.ensureTable("events", EVENTS);
    var bigBatch = new ArrayList<Object[]>();
    for (int i = 0; i < 5000; i++) {
      bigBatch.add(row("id" + i, i));
    }

    assertThatThrownBy(() -> store.appendBatch("events", 0, EVENTS, bigBatch))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("table 'events'")
        .hasMessageContaining("batch 0")
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("simulated crash in events/0");

    assertThat(store.rowCount("events")).isZero();
    assertThat(store.lastCommittedBatch("events")).isEmpty();

    failing[0] = false;
    assertThat(store.appendBatch("events", 0, EVENTS, bigBatch)).isTrue();
    assertThat(store.rowCount("events")).isEqualTo(5000);
    assertThat(store.lastCommittedBatch("events")).isEqualTo(OptionalLong.of(0));
  }

  @Test
  void aFailedReplaceKeepsThePreviousContent() {
    store.ensureTable("totals", EVENTS);
    store.replaceTable("totals", 0, EVENTS, rows(row("a", 1)));
    store.close();
    store = DuckDbTableStore.open(file, (table, batchId) -> {
      throw new IllegalStateException("crash");
    });

    assertThatThrownBy(() -> store.replaceTable("totals", 1, EVENTS, rows(row("b", 2))))
        .isInstanceOf(MillraceException.class);

    assertThat(snapshot(store, "totals", EVENTS)).containsExactly(List.of("a", 1));
    assertThat(store.lastCommittedBatch("totals")).isEqualTo(OptionalLong.of(0));
  }

  @Test
  void aBadValueRollsBackTheWholeBatch() {
    store.ensureTable("events", EVENTS);

    assertThatThrownBy(() -> store.appendBatch("events", 0, EVENTS, rows(row("a", 1), row(null, 2))))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("batch 0");

    assertThat(store.rowCount("events")).isZero();
    assertThat(store.lastCommittedBatch("events")).isEmpty();
  }

  @Test
  void replacesTheWholeTableOncePerBatch() {
    store.ensureTable("totals", EVENTS);
    store.replaceTable("totals", 0, EVENTS, rows(row("a", 1), row("b", 2)));

    assertThat(store.replaceTable("totals", 1, EVENTS, rows(row("a", 3)))).isTrue();
    assertThat(store.replaceTable("totals", 1, EVENTS, rows(row("x", 9)))).isFalse();

    assertThat(snapshot(store, "totals", EVENTS)).containsExactly(List.of("a", 3));
    assertThat(store.lastCommittedBatch("totals")).isEqualTo(OptionalLong.of(1));
    assertThat(store.query("SELECT _batch_id FROM totals").rows()).containsExactly(List.of("1"));
  }

  // ---- tables

  @Test
  void ensureTableKeepsAnExistingTableWithTheSameSchema() {
    store.ensureTable("events", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1)));

    store.ensureTable("events", EVENTS);

    assertThat(store.rowCount("events")).isEqualTo(1);
  }

  @Test
  void ensureTableRejectsAChangedSchemaAskingForAFullRefresh() {
    store.ensureTable("events", Schema.parse("a INT, b STRING"));

    assertThatThrownBy(() -> store.ensureTable("events", Schema.parse("a LONG, b STRING")))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Table 'events' in warehouse " + file.toAbsolutePath()
            + " has columns (a INTEGER, b VARCHAR) but the query now produces (a BIGINT, b VARCHAR). "
            + "Run a full refresh of the table: ./millrace run --full-refresh=events");
    assertThatThrownBy(() -> store.ensureTable("events", Schema.parse("a INT NOT NULL, b STRING")))
        .hasMessageContaining("produces (a INTEGER NOT NULL, b VARCHAR)");
    assertThatThrownBy(() -> store.ensureTable("events", Schema.parse("a INT, b STRING, c DOUBLE")))
        .hasMessageContaining("produces (a INTEGER, b VARCHAR, c DOUBLE)");
  }

  @Test
  void dropsATableWithItsMarkers() {
    store.ensureTable("events", EVENTS);
    store.ensureTable("other", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1)));
    store.appendBatch("other", 0, EVENTS, rows(row("a", 1)));

    store.dropTable("events");
    store.dropTable("never_existed");

    assertThat(store.exists("events")).isFalse();
    assertThat(store.rowCount("events")).isZero();
    assertThat(store.lastCommittedBatch("events")).isEmpty();
    assertThat(store.lastCommittedBatch("other")).isEqualTo(OptionalLong.of(0));
    store.ensureTable("events", EVENTS);
    assertThat(store.appendBatch("events", 0, EVENTS, rows(row("b", 2)))).isTrue();
    assertThat(snapshot(store, "events", EVENTS)).containsExactly(List.of("b", 2));
  }

  @Test
  void quotesTableAndColumnNames() {
    var schema = Schema.parse("`select` STRING, `order id` INT");
    store.ensureTable("Order Lines", schema);
    store.appendBatch("Order Lines", 0, schema, rows(row("x", 1)));

    assertThat(store.exists("Order Lines")).isTrue();
    assertThat(snapshot(store, "Order Lines", schema)).containsExactly(List.of("x", 1));
    assertThat(store.query("SELECT \"select\", \"order id\" FROM \"Order Lines\"").rows())
        .containsExactly(List.of("x", "1"));
  }

  // ---- query

  @Test
  void queriesReturnColumnNamesAndValuesAsText() {
    var schema = Schema.parse("id STRING, amount DECIMAL(10,2), sold_at TIMESTAMP, tags ARRAY<STRING>");
    store.ensureTable("sales", schema);
    store.appendBatch("sales", 0, schema, rows(
        row("a", new BigDecimal("1.50"), micros("2024-05-01T12:00:00.250Z"), List.of("x", "y")),
        row(null, null, micros("1960-01-01T00:00:00Z"), null)));

    QueryResult result = store.query("  -- comment\n SELECT id, amount, sold_at, tags AS t FROM sales ORDER BY sold_at;");

    assertThat(result.columns()).containsExactly("id", "amount", "sold_at", "t");
    assertThat(result.rows()).containsExactly(
        Arrays.asList(null, null, "1960-01-01 00:00:00", null),
        List.of("a", "1.50", "2024-05-01 12:00:00.25", "[x, y]"));
    assertThat(store.query("DESCRIBE sales").rows()).extracting(r -> r.get(0))
        .containsExactly("id", "amount", "sold_at", "tags", "_batch_id");
    assertThat(store.query("SHOW TABLES").rows()).extracting(r -> r.get(0)).contains("sales");
    assertThat(store.query("PRAGMA table_info('sales')").rows()).hasSize(5);
    assertThat(store.query("(SELECT 1 AS one)").rows()).containsExactly(List.of("1"));
    assertThat(store.query("FROM sales SELECT count(*)").rows()).containsExactly(List.of("2"));
  }

  @Test
  void rejectsStatementsThatWouldChangeTheWarehouse() {
    store.ensureTable("events", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1)));

    for (String sql : List.of("DELETE FROM events", "insert into events values ('x', 1, 5)", "DROP TABLE events",
        "COPY events TO 'x.csv'", "ATTACH 'other.duckdb'", "PRAGMA threads=1", "CREATE TABLE x (a INT)")) {
      assertThatThrownBy(() -> store.query(sql)).as(sql)
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("Only read-only queries")
          .hasMessageContaining(sql);
    }
    assertThatThrownBy(() -> store.query("SELECT 1; DELETE FROM events"))
        .hasMessageContaining("Only one statement");
    // A ';' inside a literal or comment is not a second statement.
    assertThat(store.query("SELECT 'a;b' AS x -- ; DELETE\n").rows()).containsExactly(List.of("a;b"));
    // What a keyword check cannot see is rolled back.
    store.query("EXPLAIN ANALYZE DELETE FROM events");
    assertThat(store.rowCount("events")).isEqualTo(1);
  }

  @Test
  void reportsSqlErrorsWithDuckDbsMessageAndTheQuery() {
    assertThatThrownBy(() -> store.query("SELECT * FROM missing_table"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("missing_table")
        .hasMessageContaining("Catalog Error")
        .hasMessageContaining("SQL: SELECT * FROM missing_table");
  }

  // ---- read-only store, locking, lifecycle

  @Test
  void aReadOnlyStoreReadsButRefusesWrites() {
    store.ensureTable("events", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1)));
    store.close();

    try (var readOnly = DuckDbTableStore.openReadOnly(file)) {
      assertThat(readOnly.query("SELECT id, n FROM events").rows()).containsExactly(List.of("a", "1"));
      assertThat(snapshot(readOnly, "events", EVENTS)).containsExactly(List.of("a", 1));
      assertThat(readOnly.lastCommittedBatch("events")).isEqualTo(OptionalLong.of(0));
      assertThatThrownBy(() -> readOnly.query("DELETE FROM events"))
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("read-only")
          .hasMessageContaining("SQL: DELETE FROM events");
      assertThatThrownBy(() -> readOnly.appendBatch("events", 1, EVENTS, rows(row("b", 2))))
          .isInstanceOf(MillraceException.class)
          .hasMessageContaining("read-only");
    }
    store = DuckDbTableStore.open(file);
    assertThat(store.rowCount("events")).isEqualTo(1);
  }

  @Test
  void openingAMissingWarehouseReadOnlySaysToRunThePipelineFirst() {
    Path missing = dir.resolve("nope.duckdb");

    assertThatThrownBy(() -> DuckDbTableStore.openReadOnly(missing))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining(missing.toAbsolutePath().toString())
        .hasMessageContaining("Run the pipeline first");
    assertThat(missing).doesNotExist();
  }

  @Test
  void opensAgainAfterCloseInTheSameJvm() {
    store.ensureTable("events", EVENTS);
    store.appendBatch("events", 0, EVENTS, rows(row("a", 1)));

    store.close();
    store.close();
    assertThatThrownBy(() -> store.rowCount("events")).isInstanceOf(IllegalStateException.class);

    store = DuckDbTableStore.open(file);
    assertThat(store.rowCount("events")).isEqualTo(1);
    assertThat(store.appendBatch("events", 0, EVENTS, rows(row("a", 1)))).isFalse();
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void aWarehouseHeldByAnotherProcessCannotBeOpened() throws Exception {
    store.close();
    Path held = dir.resolve("held.duckdb");
    var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), WarehouseLockHolder.class.getName(), held.toString())
        .redirectErrorStream(true)
        .start();
    try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo(WarehouseLockHolder.READY);

      assertThatThrownBy(() -> DuckDbTableStore.open(held))
          .isInstanceOf(MillraceException.class)
          .hasMessageStartingWith("The warehouse " + held.toAbsolutePath()
              + " is in use by another process, probably a running pipeline;");
      assertThatThrownBy(() -> DuckDbTableStore.openReadOnly(held))
          .hasMessageContaining("is in use by another process");
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    store = DuckDbTableStore.open(held);
    assertThat(store.exists("held")).isTrue();
  }

  // ---- threads

  @Test
  void twoThreadsWriteDifferentTablesConcurrently() throws Exception {
    store.ensureTable("left", EVENTS);
    store.ensureTable("right", EVENTS);
    int batches = 40;
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (String table : List.of("left", "right")) {
        writers.add(pool.submit(() -> {
          start.await();
          for (int b = 0; b < batches; b++) {
            var batch = new ArrayList<Object[]>();
            for (int i = 0; i < 50; i++) {
              batch.add(row(table + b + "-" + i, i));
            }
            store.appendBatch(table, b, EVENTS, batch);
            store.readBatches(table, EVENTS, b - 1, b, r -> {});
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (String table : List.of("left", "right")) {
      assertThat(store.rowCount(table)).isEqualTo(batches * 50L);
      assertThat(store.lastCommittedBatch(table)).isEqualTo(OptionalLong.of(batches - 1));
      var read = batches(table, EVENTS, -1, batches);
      assertThat(read.get(0)).containsExactly(table + "0-0", 0);
      assertThat(read.get(read.size() - 1)).containsExactly(table + (batches - 1) + "-49", 49);
    }
  }
}
