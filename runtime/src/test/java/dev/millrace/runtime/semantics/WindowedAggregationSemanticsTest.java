package dev.millrace.runtime.semantics;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.window;
import static dev.millrace.runtime.semantics.Sem.config;
import static dev.millrace.runtime.semantics.Sem.ms;
import static dev.millrace.runtime.semantics.Sem.s;
import static dev.millrace.runtime.semantics.Sem.win;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Event-time window aggregations in append and update mode, batch by batch, with the outputs worked by hand from
 * Spark's rules ({@code StateStoreSaveExec}: a row is late when its window's end is at or below the watermark; append
 * emits a window once when the watermark reaches its end, then evicts it; update emits changed windows and evicts
 * silently; a no-data batch runs when the watermark moved). Event times are seconds after {@link Sem#BASE}.
 */
class WindowedAggregationSemanticsTest {

  private static Dataset events(PipelineContext ctx) {
    return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
  }

  public static class TumblingAppend {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return WindowedAggregationSemanticsTest.events(ctx);
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "10 seconds")
          .groupBy(window(col("t"), "5 seconds")).agg(count().as("n"));
    }
  }

  public static class TumblingUpdate {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return WindowedAggregationSemanticsTest.events(ctx);
    }

    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "10 seconds")
          .groupBy(window(col("t"), "5 seconds")).agg(count().as("n"));
    }
  }

  public static class SlidingAppend {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return WindowedAggregationSemanticsTest.events(ctx);
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "5 seconds")
          .groupBy(window(col("t"), "10 seconds", "5 seconds")).agg(count().as("n"));
    }
  }

  public static class SlidingUpdate {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return WindowedAggregationSemanticsTest.events(ctx);
    }

    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset counts(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "5 seconds")
          .groupBy(window(col("t"), "10 seconds", "5 seconds")).agg(count().as("n"));
    }
  }

  private static Row e(Instant t) {
    return Row.of("e", t);
  }

  private static Row[] seconds(long... times) {
    var rows = new Row[times.length];
    for (int i = 0; i < times.length; i++) {
      rows[i] = e(s(times[i]));
    }
    return rows;
  }

  private static Row n(Row window, long count) {
    return Row.of(window, count);
  }

  private static TableProgress progress(PipelineTestDriver driver) {
    return driver.lastRun().table("counts").orElseThrow();
  }

  /**
   * Mirrors EventTimeWatermarkSuite "append mode" (window 5 s, delay 10 s), with the boundary made explicit: a
   * watermark one millisecond short of a window's end keeps it open; a watermark equal to its end closes it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void appendEmitsAWindowOnceWhenTheWatermarkReachesItsEndExactly(String provider) {
    try (var driver = PipelineTestDriver.create(new TumblingAppend(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(seconds(10, 11, 12, 13, 14, 15));
      driver.processAllAvailable();
      // batch 0 has no watermark; it ends with 15 - 10 = 5, so a no-data batch 1 runs and closes nothing.
      assertThat(driver.emitted("counts")).containsOnlyKeys(0L, 1L).allSatisfy((b, rows) -> assertThat(rows).isEmpty());

      events.addBatch(e(ms(24_999)));
      driver.processAllAvailable();
      // Watermark 14.999 s: [10, 15) is still open.
      assertThat(driver.emitted("counts")).containsOnlyKeys(0L, 1L, 2L, 3L);
      assertThat(driver.emitted("counts").get(3L)).isEmpty();

      events.addBatch(seconds(25));
      driver.processAllAvailable();
      // Watermark 15 s == end of [10, 15): closed, emitted by the no-data batch 5.
      assertThat(driver.emitted("counts").get(4L)).isEmpty();
      assertThat(driver.emitted("counts").get(5L)).containsExactly(n(win(10, 15), 5));
      assertThat(progress(driver).stateKeys()).isEqualTo(3); // [15,20) [20,25) [25,30)
      assertThat(progress(driver).lateRowsDropped()).isZero();

      events.addBatch(seconds(14, 15));
      driver.processAllAvailable();
      // 14 falls in the closed [10, 15): late, dropped, counted. 15 opens nothing new: [15, 20) is open.
      // The watermark did not move, so no no-data batch follows.
      assertThat(driver.emitted("counts")).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(driver.emitted("counts").get(6L)).isEmpty();
      assertThat(progress(driver).lateRowsDropped()).isEqualTo(1);

      events.addBatch(seconds(40));
      driver.processAllAvailable();
      // Watermark 30 s closes [15, 20) (15, 15), [20, 25) (24.999) and [25, 30) (25).
      assertThat(driver.emitted("counts").get(7L)).isEmpty();
      assertThat(driver.emitted("counts").get(8L))
          .containsExactlyInAnyOrder(n(win(15, 20), 2), n(win(20, 25), 1), n(win(25, 30), 1));
      assertThat(progress(driver).stateKeys()).isEqualTo(1); // [40, 45)
      assertThat(driver.table("counts")).hasSize(4);
    }
  }

  /** Mirrors EventTimeWatermarkSuite "update mode" (window 5 s, delay 10 s). */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void updateEmitsChangedWindowsEachBatchAndDropsRowsOfEvictedWindows(String provider) {
    try (var driver = PipelineTestDriver.create(new TumblingUpdate(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(seconds(10, 11, 12, 13, 14, 15));
      driver.processAllAvailable();
      assertThat(driver.emitted("counts").get(0L)).containsExactlyInAnyOrder(n(win(10, 15), 5), n(win(15, 20), 1));
      assertThat(driver.emitted("counts").get(1L)).isEmpty(); // no-data batch, watermark 5 s: nothing to evict

      events.addBatch(seconds(25));
      driver.processAllAvailable();
      assertThat(driver.emitted("counts").get(2L)).containsExactly(n(win(25, 30), 1));
      // No-data batch 3 with watermark 15 s evicts [10, 15) without output.
      assertThat(driver.emitted("counts").get(3L)).isEmpty();
      assertThat(progress(driver).stateKeys()).isEqualTo(2);

      events.addBatch(seconds(10, 15));
      driver.processAllAvailable();
      // 10: its window [10, 15) ended at the watermark: late. 15 updates [15, 20).
      assertThat(driver.emitted("counts")).hasSize(5);
      assertThat(driver.emitted("counts").get(4L)).containsExactly(n(win(15, 20), 2));
      assertThat(progress(driver).lateRowsDropped()).isEqualTo(1);
      // The table holds the latest value of each window (upsert by the window).
      assertThat(driver.table("counts"))
          .containsExactlyInAnyOrder(n(win(10, 15), 5), n(win(15, 20), 2), n(win(25, 30), 1));
    }
  }

  /**
   * Sliding windows (10 s every 5 s, delay 5 s), as Spark's TimeWindowing expands them: a row counts in every window
   * containing it, and is dropped only from those windows already closed. Outputs worked by hand in the style of
   * EventTimeWatermarkSuite "append mode" / StreamingAggregationSuite's sliding-window cases.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void slidingAppendCountsARowInEveryWindowContainingItAndDropsItOnlyFromClosedOnes(String provider) {
    try (var driver = PipelineTestDriver.create(new SlidingAppend(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(seconds(12, 17));
      driver.processAllAvailable();
      // 12 -> [5,15) [10,20); 17 -> [10,20) [15,25). Watermark 12 s closes nothing (no-data batch 1).
      assertThat(driver.emitted("counts")).containsOnlyKeys(0L, 1L).allSatisfy((b, rows) -> assertThat(rows).isEmpty());
      assertThat(progress(driver).stateKeys()).isEqualTo(3);

      events.addBatch(seconds(26));
      driver.processAllAvailable();
      // 26 -> [20,30) [25,35). Watermark 21 s closes [5,15) and [10,20).
      assertThat(driver.emitted("counts").get(2L)).isEmpty();
      assertThat(driver.emitted("counts").get(3L)).containsExactlyInAnyOrder(n(win(5, 15), 1), n(win(10, 20), 2));

      events.addBatch(seconds(14, 18));
      driver.processAllAvailable();
      // 14: both its windows closed -> dropped from both. 18: [10,20) closed, [15,25) open -> counted there only.
      assertThat(driver.emitted("counts")).hasSize(5);
      assertThat(driver.emitted("counts").get(4L)).isEmpty();
      // Millrace counts a late (row, window) pair: 14 twice, 18 once.
      assertThat(progress(driver).lateRowsDropped()).isEqualTo(3);

      events.addBatch(seconds(40));
      driver.processAllAvailable();
      // Watermark 35 s closes [15,25) (17, 18), [20,30) (26) and [25,35) (26).
      assertThat(driver.emitted("counts").get(6L))
          .containsExactlyInAnyOrder(n(win(15, 25), 2), n(win(20, 30), 1), n(win(25, 35), 1));
      assertThat(progress(driver).stateKeys()).isEqualTo(2); // [35,45) [40,50)
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void slidingUpdateEmitsEveryWindowTheBatchChanged(String provider) {
    try (var driver = PipelineTestDriver.create(new SlidingUpdate(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(seconds(12, 17));
      driver.processAllAvailable();
      assertThat(driver.emitted("counts").get(0L))
          .containsExactlyInAnyOrder(n(win(5, 15), 1), n(win(10, 20), 2), n(win(15, 25), 1));
      assertThat(driver.emitted("counts").get(1L)).isEmpty(); // watermark 12 s evicts nothing

      events.addBatch(seconds(19));
      driver.processAllAvailable();
      assertThat(driver.emitted("counts").get(2L)).containsExactlyInAnyOrder(n(win(10, 20), 3), n(win(15, 25), 2));
      // Watermark 14 s: no window ends by then, so the no-data batch 3 evicts nothing and emits nothing.
      assertThat(driver.emitted("counts").get(3L)).isEmpty();
      assertThat(driver.table("counts"))
          .containsExactlyInAnyOrder(n(win(5, 15), 1), n(win(10, 20), 3), n(win(15, 25), 2));

      events.addBatch(seconds(30));
      driver.processAllAvailable();
      // Watermark 25 s evicts [5,15), [10,20) and [15,25): a row for them is now late everywhere.
      events.addBatch(seconds(19));
      driver.processAllAvailable();
      assertThat(driver.emitted("counts").get(6L)).isEmpty();
      assertThat(progress(driver).lateRowsDropped()).isEqualTo(2);
    }
  }

  /** Null event times fall in no window; the issue asks for them to be dropped and counted, never to vanish. */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aNullEventTimeInAWindowedAggregationIsDroppedAndCountedAsLate(String provider) {
    try (var driver = PipelineTestDriver.create(new TumblingAppend(), config(provider))) {
      MemoryStream events = driver.memoryStream("events");
      events.addBatch(Row.of("null-time", null), e(s(10)));
      driver.processAllAvailable();
      assertThat(progress(driver).lateRowsDropped()).isEqualTo(1);
      events.addBatch(seconds(30));
      driver.processAllAvailable();
      // Watermark 20 s closes [10, 15), which holds the on-time row only.
      assertThat(driver.emitted("counts").get(3L)).containsExactly(n(win(10, 15), 1));
    }
  }
}
