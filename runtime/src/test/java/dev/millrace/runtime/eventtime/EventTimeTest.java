package dev.millrace.runtime.eventtime;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watermarks, append-mode windows, late rows, no-data batches and de-duplication, batch by batch, with the outputs
 * worked by hand from Spark's rules (see docs/semantics.md).
 */
class EventTimeTest {

  public static class Clicks {
    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, user STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset perMinute(PipelineContext ctx) {
      return ctx.readStream("clicks").withWatermark("t", "10 seconds")
          .groupBy(window(col("t"), "1 minute"), col("user")).agg(count().as("n"));
    }

    @StreamingTable(outputMode = OutputMode.APPEND)
    public Dataset sessions(PipelineContext ctx) {
      return ctx.readStream("clicks").withWatermark("t", "10 seconds")
          .groupBy(dev.millrace.dataset.Functions.sessionWindow(col("t"), "30 seconds"), col("user"))
          .agg(count().as("n"));
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("clicks").withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark("id")
          .select(col("id"), col("t"));
    }
  }

  private static Instant t(String time) {
    return Instant.parse("2026-01-01T" + time + "Z");
  }

  private static Row win(String start, String end) {
    return Row.of(t(start), t(end));
  }

  private static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 2
            state-store: { provider: %s }
        """.formatted(provider), "t.yaml", Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void appendModeEmitsEachWindowOnceTheWatermarkPassesItsEndAndDropsLateRows(String provider) {
    try (var driver = PipelineTestDriver.create(new Clicks(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      clicks.addBatch(Row.of("a", "u1", t("12:00:05")), Row.of("b", "u1", t("12:00:30")),
          Row.of("c", "u2", t("12:01:10")));
      driver.processAllAvailable();
      // Batch 0 runs without a watermark; it ends at 12:01:10 - 10 s = 12:01:00, so the no-data batch 1 closes
      // [12:00, 12:01).
      assertThat(driver.emitted("per_minute")).isEqualTo(Map.of(
          0L, List.of(),
          1L, List.of(Row.of(win("12:00:00", "12:01:00"), "u1", 2L))));

      clicks.addBatch(Row.of("d", "u3", t("12:00:50")), Row.of("e", "u2", t("12:02:30")));
      driver.processAllAvailable();

      // d falls in [12:00, 12:01), which closed: late. e moves the watermark to 12:02:20, closing [12:01, 12:02).
      assertThat(driver.emitted("per_minute").get(2L)).isEmpty();
      assertThat(driver.emitted("per_minute").get(3L))
          .containsExactly(Row.of(win("12:01:00", "12:02:00"), "u2", 1L));
      TableProgress p = driver.lastRun().table("per_minute").orElseThrow();
      assertThat(p.lateRowsDropped()).isEqualTo(1);
      assertThat(p.stateKeys()).isEqualTo(1); // [12:02, 12:03) u2 is still open
      assertThat(driver.table("per_minute")).hasSize(2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void dropDuplicatesWithinWatermarkRemembersAKeyUntilTheWatermarkPassesItsTimePlusTheDelay(String provider) {
    try (var driver = PipelineTestDriver.create(new Clicks(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      clicks.addBatch(Row.of("e1", "u", t("12:00:00")), Row.of("e2", "u", t("12:00:05")),
          Row.of("e1", "u", t("12:00:03")));
      driver.processAllAvailable();
      clicks.addBatch(Row.of("e1", "u", t("12:00:20")), Row.of("e3", "u", t("12:00:30")));
      driver.processAllAvailable();
      clicks.addBatch(Row.of("e1", "u", t("12:00:25")), Row.of("e2", "u", t("12:00:10")));
      driver.processAllAvailable();

      var emitted = driver.emitted("unique");
      assertThat(emitted.get(0L)).containsExactlyInAnyOrder(Row.of("e1", t("12:00:00")), Row.of("e2", t("12:00:05")));
      // The watermark moved from none to 11:59:55 after batch 0, so a no-data batch 1 runs (as in Spark).
      assertThat(emitted.get(1L)).isEmpty();
      // Watermark 11:59:55: e1 is remembered until 12:00:10, so its copy is dropped.
      assertThat(emitted.get(2L)).containsExactly(Row.of("e3", t("12:00:30")));
      // No-data batch with watermark 12:00:20: e1 (until 12:00:10) and e2 (until 12:00:15) are forgotten.
      assertThat(emitted.get(3L)).isEmpty();
      // e1 at 12:00:25 is on time and no longer remembered: it passes again; e2 at 12:00:10 is late.
      assertThat(emitted.get(4L)).containsExactly(Row.of("e1", t("12:00:25")));
      assertThat(emitted).hasSize(5);

      var runs = driver.lastRun().table("unique").orElseThrow();
      assertThat(runs.lateRowsDropped()).isEqualTo(1);
      assertThat(runs.stateKeys()).isEqualTo(2 * 2); // e1 and e3, each with its expiry index entry
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void sessionWindowsMergeAcrossBatchesAndCloseWhenTheWatermarkPassesTheirEnd(String provider) {
    try (var driver = PipelineTestDriver.create(new Clicks(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      // u1: 12:00:00 and 12:00:20 overlap -> [12:00:00, 12:00:50); u2: 12:00:10 -> [12:00:10, 12:00:40).
      clicks.addBatch(Row.of("a", "u1", t("12:00:00")), Row.of("b", "u2", t("12:00:10")),
          Row.of("c", "u1", t("12:00:20")));
      driver.processAllAvailable();
      // 12:00:50 touches u1's session end (Spark merges a start at or before the end): [12:00:00, 12:01:20).
      // The watermark becomes 12:00:40: u2's session [12:00:10, 12:00:40) closes.
      clicks.addBatch(Row.of("d", "u1", t("12:00:50")));
      driver.processAllAvailable();

      assertThat(driver.table("sessions")).containsExactly(Row.of(win("12:00:10", "12:00:40"), "u2", 1L));

      // 12:02:00 moves the watermark to 12:01:50, closing u1's merged session of three clicks.
      clicks.addBatch(Row.of("e", "u3", t("12:02:00")));
      driver.processAllAvailable();

      assertThat(driver.table("sessions")).containsExactlyInAnyOrder(
          Row.of(win("12:00:10", "12:00:40"), "u2", 1L), Row.of(win("12:00:00", "12:01:20"), "u1", 3L));
      assertThat(driver.lastRun().table("sessions").orElseThrow().stateKeys()).isEqualTo(1); // u3's open session
    }
  }
}
