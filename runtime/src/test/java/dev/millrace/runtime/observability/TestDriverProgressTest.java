package dev.millrace.runtime.observability;

import static dev.millrace.dataset.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.types.Row;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listeners and the status through the test driver, with memory streams: a user can test their own listener. */
class TestDriverProgressTest {

  public static class Dedupe {
    @StreamingTable
    public Dataset events(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, t TIMESTAMP").load("/unused");
    }

    @StreamingTable
    public Dataset unique(PipelineContext ctx) {
      return ctx.readStream("events").withWatermark("t", "10 seconds").dropDuplicatesWithinWatermark("id")
          .select(col("id"), col("t"));
    }
  }

  private static Row row(String id, String time) {
    return Row.of(id, Instant.parse("2026-01-01T" + time + "Z"));
  }

  @Test
  void theDriversListenersAndStatusSeeEachBatch() {
    var recorder = new ProgressRecordsTest.Recorder();
    try (var driver = PipelineTestDriver.create(new Dedupe(), PipelineConfig.defaults(Map.of())).listener(recorder)) {
      var events = driver.memoryStream("events");
      events.addBatch(row("a", "10:00:00"), row("a", "10:00:01"), row("b", "10:00:30"));
      driver.processAllAvailable();
      events.addBatch(row("c", "10:00:05"), row("d", "10:00:40"));
      driver.processAllAvailable();

      // unique: b0 3 in (a again: a duplicate), then the watermark is 10:00:20, so b1 is a no-data batch; b2: c is
      // late for 10:00:20, d moves the watermark to 10:00:30, so b3 is a no-data batch again.
      assertThat(recorder.progress("unique")).extracting(BatchProgress::numInputRows)
          .containsExactly(3L, 0L, 2L, 0L);
      assertThat(recorder.progress("unique")).extracting(BatchProgress::noDataBatch)
          .containsExactly(false, true, false, true);
      assertThat(recorder.progress("unique")).extracting(BatchProgress::numDuplicatesDropped)
          .containsExactly(1L, 0L, 0L, 0L);
      assertThat(recorder.progress("unique")).extracting(BatchProgress::numLateRowsDropped)
          .containsExactly(0L, 0L, 1L, 0L);
      assertThat(recorder.progress("events").get(1).sources().get(0).description())
          .isEqualTo("memory stream of events");
      assertThat(recorder.progress("events").get(1).sources().get(0).startOffset()).isEqualTo("0");
      assertThat(driver.status().table("unique").orElseThrow().rowsOut()).isEqualTo(3);
      assertThat(driver.status().table("unique").orElseThrow().recentProgress()).hasSize(4);
    }
  }
}
