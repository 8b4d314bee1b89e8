package dev.millrace.runtime.join;

import static dev.millrace.dataset.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.runtime.testing.SimulatedCrashes;
import dev.millrace.types.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joins of two streams, batch by batch, with expectations worked out by hand from Spark's
 * {@code StreamingSymmetricHashJoinExec} rules (see docs/joins.md):
 * <ul>
 *   <li>impressions carry a 10 s watermark on {@code imp_time}, clicks a 20 s one on {@code click_time}; the query's
 *       watermark is the smaller of the two (Spark's default {@code min} policy), kept in whole milliseconds;</li>
 *   <li>a click matches an impression of its ad when {@code imp_time <= click_time <= imp_time + 60 s};</li>
 *   <li>so an impression is kept until {@code imp_time <= watermark - 60 s - 1 ms} (its state watermark) and a click
 *       until {@code click_time <= watermark - 1 ms};</li>
 *   <li>a row whose event time is at or below the previous batch's watermark is late: dropped and counted.</li>
 * </ul>
 */
class StreamStreamJoinTest {

  public static class Ads {
    @StreamingTable
    public Dataset impressions(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("imp_id STRING, ad_id STRING, imp_time TIMESTAMP")
          .load("/unused");
    }

    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("click_id STRING, click_ad STRING, click_time TIMESTAMP")
          .load("/unused");
    }

    static Dataset joined(PipelineContext ctx, String type) {
      Dataset i = ctx.readStream("impressions").drop("_corrupt_record").withWatermark("imp_time", "10 seconds");
      Dataset c = ctx.readStream("clicks").drop("_corrupt_record").withWatermark("click_time", "20 seconds");
      return i.join(c, i.col("ad_id").equalTo(c.col("click_ad"))
          .and(c.col("click_time").between(i.col("imp_time"), i.col("imp_time").plus(Duration.ofMinutes(1)))),
          type);
    }

    @StreamingTable
    public Dataset attributed(PipelineContext ctx) {
      return joined(ctx, "inner").select(col("imp_id"), col("click_id"));
    }

    @StreamingTable
    public Dataset impressionOutcomes(PipelineContext ctx) {
      return joined(ctx, "left_outer").select(col("imp_id"), col("click_id"));
    }

    @StreamingTable
    public Dataset clickOutcomes(PipelineContext ctx) {
      return joined(ctx, "right_outer").select(col("imp_id"), col("click_id"));
    }

    @StreamingTable
    public Dataset everything(PipelineContext ctx) {
      return joined(ctx, "full_outer").select(col("imp_id"), col("click_id"));
    }

    @StreamingTable
    public Dataset clickedImpressions(PipelineContext ctx) {
      return joined(ctx, "left_semi").select(col("imp_id"));
    }
  }

  private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");

  private static Instant at(double seconds) {
    return T.plusMillis(Math.round(seconds * 1000));
  }

  private static Row imp(String id, String ad, double seconds) {
    return Row.of(id, ad, at(seconds));
  }

  private static Row click(String id, String ad, double seconds) {
    return Row.of(id, ad, at(seconds));
  }

  static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 3
            state-store: { provider: %s, snapshot-interval: 2, retain-batches: 3 }
        """.formatted(provider), "t.yaml", Map.of());
  }

  /** The three runs of the scenario; see the class comment for the rules and each step for the arithmetic. */
  static void feed(PipelineTestDriver driver, Runnable afterEachRun) {
    feed(driver, driver::processAllAvailable, afterEachRun);
  }

  /** The scenario with {@code process} run in place of {@code processAllAvailable()}. */
  static void feed(PipelineTestDriver driver, Runnable process, Runnable afterEachRun) {
    MemoryStream impressions = driver.memoryStream("impressions");
    MemoryStream clicks = driver.memoryStream("clicks");
    // Run 1 = batch 0 (data) + batch 1 (no data: the watermark moved from the epoch to 12:00:00).
    impressions.addBatch(imp("i1", "a", 0), imp("i2", "b", 5), imp("i3", "c", 10), imp("i7", "d", 8),
        imp("i8", "e", 7));
    clicks.addBatch(click("c1", "a", 30), click("c2", "b", 65), click("c8", "b", 65.001), click("c3", "z", 12),
        click("c9", "e", 7), click("c10", "e", 6.999));
    process.run();
    afterEachRun.run();
    // Run 2 = batch 2 (data) + batch 3 (no data: the watermark moved to 12:00:45.001).
    impressions.addBatch(imp("i6", "f", 0), imp("i9", "z", 10), imp("i10", "g", 70), imp("i11", "h", 50));
    clicks.addBatch(click("c4", "c", 65), click("c5", "b", 40));
    process.run();
    afterEachRun.run();
    // Run 3 = batch 4 (data) + batch 5 (no data: the watermark moved to 12:01:50).
    impressions.addBatch(imp("i5", "q", 200));
    clicks.addBatch(click("c6", "a", 130), click("c7", "a", 45.001));
    process.run();
    afterEachRun.run();
  }

  /** The six pairs every join but the semi join emits: (impression, click), by batch. */
  private static final Map<Long, List<Row>> MATCHES = Map.of(
      // Batch 0: clicks meet the impressions buffered just before them in the same batch. c2 at exactly
      // imp_time + 60 s matches i2 (the bound is inclusive); c8 one millisecond later does not; c9 at exactly
      // imp_time matches i8; c10 one millisecond earlier does not.
      0L, SimulatedCrashes.sortedRows(List.of(Row.of("i1", "c1"), Row.of("i2", "c2"), Row.of("i8", "c9"))),
      // Batch 2: i9 arrives after its click c3 (buffered since batch 0) and matches it; c4 and c5 arrive after
      // their impressions. i6 at 12:00:00 is late (at or below the watermark 12:00:00) and dropped.
      2L, SimulatedCrashes.sortedRows(List.of(Row.of("i9", "c3"), Row.of("i3", "c4"), Row.of("i2", "c5"))));

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void innerJoinMatchesRowsWhicheverSideArrivesFirstWithinTheTimeBound(String provider) {
    try (var driver = PipelineTestDriver.create(new Ads(), config(provider))) {
      var late = new java.util.ArrayList<Long>();
      feed(driver, () -> late.add(driver.lastRun().table("attributed").orElseThrow().lateRowsDropped()));

      assertThat(SimulatedCrashes.sortedBatches(driver, "attributed")).isEqualTo(Map.of(
          0L, MATCHES.get(0L), 1L, List.of(), 2L, MATCHES.get(2L), 3L, List.of(), 4L, List.of(), 5L, List.of()));
      // Run 2: i6 (12:00:00 <= 12:00:00). Run 3: c7 at 12:00:45.001 <= the watermark 12:00:45.001 of batch 3.
      assertThat(late).containsExactly(0L, 1L, 1L);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void outerJoinsEmitTheirNullRowsExactlyWhenTheWatermarkRulesOutAMatch(String provider) {
    try (var driver = PipelineTestDriver.create(new Ads(), config(provider))) {
      feed(driver, () -> { });

      Row i7 = Row.of("i7", null);
      Row c10 = Row.of(null, "c10");
      Row c8 = Row.of(null, "c8");
      // Batch 3 (watermark 12:00:45.001): clicks at or below 12:00:45.000 are dropped; of them only c10 never
      // matched. Impressions would need imp_time <= 12:59:45 - 60 s: none yet.
      // Batch 5 (watermark 12:01:50): impressions at or below 12:00:49.999 go (i7 never matched), clicks at or
      // below 12:01:49.999 go (c8 never matched). i11 at exactly 12:00:50 stays: Spark takes 1 ms off the state
      // watermark for an inclusive bound (<=), so it is kept a little longer than needed. i10 (70 s), i5 (200 s)
      // and c6 (130 s) stay too.
      assertThat(SimulatedCrashes.sortedBatches(driver, "impression_outcomes")).isEqualTo(Map.of(
          0L, MATCHES.get(0L), 1L, List.of(), 2L, MATCHES.get(2L), 3L, List.of(), 4L, List.of(), 5L, List.of(i7)));
      assertThat(SimulatedCrashes.sortedBatches(driver, "click_outcomes")).isEqualTo(Map.of(
          0L, MATCHES.get(0L), 1L, List.of(), 2L, MATCHES.get(2L), 3L, List.of(c10), 4L, List.of(), 5L, List.of(c8)));
      assertThat(SimulatedCrashes.sortedBatches(driver, "everything")).isEqualTo(Map.of(
          0L, MATCHES.get(0L), 1L, List.of(), 2L, MATCHES.get(2L), 3L, List.of(c10), 4L, List.of(),
          5L, SimulatedCrashes.sortedRows(List.of(i7, c8))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void leftSemiJoinEmitsEachMatchedLeftRowOnce(String provider) {
    try (var driver = PipelineTestDriver.create(new Ads(), config(provider))) {
      feed(driver, () -> { });

      // i2 matches c2 (batch 0) and c5 (batch 2) but is emitted once. i9 matches on arrival (batch 2) and is never
      // buffered; i3 is found by c4.
      assertThat(SimulatedCrashes.sortedBatches(driver, "clicked_impressions")).isEqualTo(Map.of(
          0L, List.of(Row.of("i1"), Row.of("i2"), Row.of("i8")), 1L, List.of(),
          2L, List.of(Row.of("i3"), Row.of("i9")), 3L, List.of(), 4L, List.of(), 5L, List.of()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void bufferedRowsAreEvictedByTheStateWatermarks(String provider) {
    try (var driver = PipelineTestDriver.create(new Ads(), config(provider))) {
      var keys = new java.util.ArrayList<Long>();
      feed(driver, () -> keys.add(driver.lastRun().table("attributed").map(TableProgress::stateKeys).orElseThrow()));

      // Two state entries per buffered row (by key, and by expiry time for eviction).
      // After run 1: 5 impressions + 6 clicks. Run 2 adds i9, i10, i11, c4, c5 (i6 is late) and batch 3 drops the
      // clicks at or below 12:00:45.000 (c1, c3, c9, c10, c5): 8 impressions + 3 clicks. Run 3 adds i5 and c6 (c7 is
      // late) and batch 5 drops impressions up to 12:00:49.999 and clicks up to 12:01:49.999: i10, i11, i5 and c6
      // remain.
      assertThat(keys).containsExactly(2L * 11, 2L * (8 + 3), 2L * 4);
    }
  }
}
