package dev.millrace.runtime.semantics;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.window;
import static dev.millrace.runtime.semantics.Sem.config;
import static dev.millrace.runtime.semantics.Sem.s;
import static dev.millrace.runtime.semantics.Sem.win;
import static dev.millrace.runtime.semantics.Sem.wm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several watermarks in one query (a union of two streams, each with its own delay), combined as Spark's
 * {@code WatermarkTracker} does: each watermark operator proposes {@code max event time - delay}; the global
 * watermark is the min (default) or max (option) over all of them, an operator that has not seen data yet counting
 * as 0; it never goes back. Event times are seconds after {@link Sem#BASE}.
 */
class WatermarkPolicySemanticsTest {

  /** As Spark's {@code dfWithMultipleWatermarks}: delays 10 s and 15 s, unioned. */
  public static class TwoStreams {
    @StreamingTable
    public Dataset left(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable
    public Dataset right(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset merged(PipelineContext ctx) {
      return ctx.readStream("left").withWatermark("t", "10 seconds")
          .union(ctx.readStream("right").withWatermark("t", "15 seconds"))
          .groupBy(window(col("t"), "5 seconds")).agg(count().as("n"));
    }
  }

  private static Row e(long seconds) {
    return Row.of("e", s(seconds));
  }

  private static TableProgress merged(PipelineTestDriver driver) {
    return driver.lastRun().table("merged").orElseThrow();
  }

  private static List<Row> allEmitted(PipelineTestDriver driver) {
    return driver.emitted("merged").values().stream().flatMap(List::stream).toList();
  }

  /** Mirrors EventTimeWatermarkSuite "MultipleWatermarkPolicy: min". */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void minPolicyTakesTheSlowestInputAndDoesNotAdvanceWhenOnlyTheOtherMoves(String provider) {
    try (var driver = PipelineTestDriver.create(new TwoStreams(), config(provider))) {
      MemoryStream left = driver.memoryStream("left");
      MemoryStream right = driver.memoryStream("right");
      left.addBatch(e(20));
      right.addBatch(e(30));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(10)); // min(20 - 10, 30 - 15)

      left.addBatch(e(120));
      right.addBatch(e(130));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(110)); // min(110, 115)
      // The no-data batch closed [20,25) and [30,35) (ends <= 110), not [120,125) or [130,135).
      assertThat(allEmitted(driver)).containsExactlyInAnyOrder(Row.of(win(20, 25), 1L), Row.of(win(30, 35), 1L));

      right.addBatch(e(150));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(110)); // min(110, 135): the left input holds it back

      right.addBatch(e(108), e(112)); // [105,110) closed at 110: late; [110,115) is open
      driver.processAllAvailable();
      assertThat(merged(driver).lateRowsDropped()).isEqualTo(1);
      assertThat(merged(driver).stateKeys()).isEqualTo(4); // [110,115) [120,125) [130,135) [150,155)
    }
  }

  /**
   * Mirrors EventTimeWatermarkSuite "watermark with 2 streams" ("Global watermark starts at 0 until we get data from
   * both sides"): Spark's WatermarkTracker counts an operator that has seen no row as 0, so under the min policy the
   * global watermark cannot move before every input has seen data. Here only the left input has data at first; the
   * right input's first row, 20 s older, must still be counted.
   */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void minPolicyHoldsTheWatermarkUntilEveryInputHasSeenData(String provider) {
    try (var driver = PipelineTestDriver.create(new TwoStreams(), config(provider))) {
      MemoryStream left = driver.memoryStream("left");
      MemoryStream right = driver.memoryStream("right");
      left.addBatch(e(30));
      driver.processAllAvailable();
      var batchesAfterLeftOnly = driver.emitted("merged").keySet();

      right.addBatch(e(12)); // window [10,15): open, since no watermark is in force yet
      driver.processAllAvailable();
      assertThat(merged(driver).lateRowsDropped()).isZero();

      left.addBatch(e(50));
      right.addBatch(e(50));
      driver.processAllAvailable();
      // min(50 - 10, 50 - 15) = 35 closes [10,15) and [30,35).
      assertThat(merged(driver).watermark()).isEqualTo(wm(35));
      assertThat(allEmitted(driver)).containsExactlyInAnyOrder(Row.of(win(10, 15), 1L), Row.of(win(30, 35), 1L));
      // min(30 - 10, right: none = 0) = 0 after the first run: the watermark did not move, so no no-data batch ran.
      assertThat(batchesAfterLeftOnly).containsExactly(0L);
    }
  }

  /** Mirrors EventTimeWatermarkSuite "MultipleWatermarkPolicy: max", the policy set in YAML for the table. */
  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void maxPolicyFromYamlTakesTheFastestInputAndAdvancesWithOneInputAlone(String provider) {
    String tables = """
        tables:
          merged:
            watermark-policy: max
        """;
    try (var driver = PipelineTestDriver.create(new TwoStreams(), config(provider, tables))) {
      MemoryStream left = driver.memoryStream("left");
      MemoryStream right = driver.memoryStream("right");
      left.addBatch(e(20));
      right.addBatch(e(30));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(15)); // max(20 - 10, 30 - 15)

      left.addBatch(e(120));
      right.addBatch(e(130));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(115)); // max(110, 115)

      left.addBatch(e(150));
      driver.processAllAvailable();
      assertThat(merged(driver).watermark()).isEqualTo(wm(140)); // max(140, 115): one input is enough

      right.addBatch(e(138)); // [135,140) closed at 140 by the left input alone: late
      driver.processAllAvailable();
      assertThat(merged(driver).lateRowsDropped()).isEqualTo(1);
      assertThat(allEmitted(driver)).containsExactlyInAnyOrder(Row.of(win(20, 25), 1L), Row.of(win(30, 35), 1L),
          Row.of(win(120, 125), 1L), Row.of(win(130, 135), 1L));
    }
  }
}
