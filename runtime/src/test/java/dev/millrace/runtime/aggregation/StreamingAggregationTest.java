package dev.millrace.runtime.aggregation;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.runtime.testing.MemoryStream;
import dev.millrace.runtime.testing.PipelineTestDriver;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Running aggregations in update and complete mode, batch by batch, with both state store providers. */
class StreamingAggregationTest {

  public static class Pages {
    @StreamingTable
    public Dataset clicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("page STRING, amount DOUBLE").load("/unused");
    }

    @StreamingTable(outputMode = OutputMode.UPDATE)
    public Dataset pageUpdates(PipelineContext ctx) {
      return ctx.readStream("clicks").groupBy(col("page"))
          .agg(count().as("n"), sum(col("amount")).as("total"), max(col("amount")).as("top"));
    }

    @StreamingTable(outputMode = OutputMode.COMPLETE)
    public Dataset pageTotals(PipelineContext ctx) {
      return ctx.readStream("clicks").groupBy(col("page")).agg(count().as("n"), sum(col("amount")).as("total"));
    }

    @StreamingTable(outputMode = OutputMode.COMPLETE)
    public Dataset everything(PipelineContext ctx) {
      return ctx.readStream("clicks").groupBy().agg(count().as("n"), sum(col("amount")).as("total"));
    }
  }

  private static PipelineConfig config(String provider) {
    return PipelineConfig.parse("""
        pipeline:
          defaults:
            partitions: 3
            state-store: { provider: %s, snapshot-interval: 2, retain-batches: 3 }
        """.formatted(provider), "test.yaml", Map.of());
  }

  private static void feed(PipelineTestDriver driver) {
    MemoryStream clicks = driver.memoryStream("clicks");
    clicks.addBatch(Row.of("/a", 1.0), Row.of("/b", 2.0), Row.of("/a", 3.0));
    driver.processAllAvailable();
    clicks.addBatch(Row.of("/b", 5.0), Row.of("/c", null));
    driver.processAllAvailable();
    driver.restart(); // state comes back from the checkpoint
    clicks.addBatch(Row.of("/a", 0.5));
    driver.processAllAvailable();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void updateModeEmitsTheGroupsEachBatchChangedAndUpsertsThem(String provider) {
    try (var driver = PipelineTestDriver.create(new Pages(), config(provider))) {
      feed(driver);

      var emitted = driver.emitted("page_updates");
      // Rows of older batches that a later batch replaced are gone from the table, so each batch shows what it
      // wrote and is still current.
      assertThat(emitted.get(0L)).isEmpty();
      assertThat(emitted.get(1L)).containsExactlyInAnyOrder(Row.of("/b", 2L, 7.0, 5.0), Row.of("/c", 1L, null, null));
      assertThat(emitted.get(2L)).containsExactly(Row.of("/a", 3L, 4.5, 3.0));
      assertThat(driver.table("page_updates")).containsExactlyInAnyOrder(
          Row.of("/a", 3L, 4.5, 3.0), Row.of("/b", 2L, 7.0, 5.0), Row.of("/c", 1L, null, null));
      assertThat(driver.lastRun().table("page_updates").orElseThrow().stateKeys()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void completeModeRewritesTheWholeResultEachBatch(String provider) {
    try (var driver = PipelineTestDriver.create(new Pages(), config(provider))) {
      MemoryStream clicks = driver.memoryStream("clicks");
      clicks.addBatch(Row.of("/a", 1.0), Row.of("/b", 2.0), Row.of("/a", 3.0));
      driver.processAllAvailable();
      assertThat(driver.table("page_totals")).containsExactlyInAnyOrder(Row.of("/a", 2L, 4.0), Row.of("/b", 1L, 2.0));
      assertThat(driver.table("everything")).containsExactly(Row.of(3L, 6.0));

      clicks.addBatch(Row.of("/b", 5.0), Row.of("/c", null));
      driver.processAllAvailable();

      assertThat(driver.emitted("page_totals").get(1L)).containsExactlyInAnyOrder(
          Row.of("/a", 2L, 4.0), Row.of("/b", 2L, 7.0), Row.of("/c", 1L, null));
      assertThat(driver.table("page_totals")).hasSize(3);
      assertThat(driver.table("everything")).containsExactly(Row.of(5L, 11.0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "rocksdb"})
  void aRestartContinuesFromTheCommittedState(String provider) {
    try (var driver = PipelineTestDriver.create(new Pages(), config(provider))) {
      feed(driver);

      assertThat(driver.table("page_totals")).containsExactlyInAnyOrder(
          Row.of("/a", 3L, 4.5), Row.of("/b", 2L, 7.0), Row.of("/c", 1L, null));
      assertThat(driver.table("everything")).containsExactly(Row.of(6L, 11.5));
    }
  }

  @org.junit.jupiter.api.Test
  void memoryAndRocksDbGiveIdenticalTables() {
    List<Row> memory;
    List<Row> rocks;
    try (var driver = PipelineTestDriver.create(new Pages(), config("memory"))) {
      feed(driver);
      memory = driver.table("page_updates");
    }
    try (var driver = PipelineTestDriver.create(new Pages(), config("rocksdb"))) {
      feed(driver);
      rocks = driver.table("page_updates");
    }
    assertThat(rocks).containsExactlyInAnyOrderElementsOf(memory).hasSize(3);
  }
}
