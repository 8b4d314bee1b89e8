package dev.millrace.runtime.files;

import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.annotation.MaterializedView;
import dev.millrace.annotation.StreamingTable;
import dev.millrace.config.PipelineConfig;
import dev.millrace.config.Trigger;
import dev.millrace.dataset.Dataset;
import dev.millrace.dataset.PipelineContext;
import dev.millrace.graph.GraphBuilder;
import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.RunSummary;
import dev.millrace.runtime.engine.TableProgress;
import dev.millrace.runtime.table.DuckDbTableStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in, real DuckDB tables out: reruns, malformed records, views over new data, the summary. */
class FilePipelineTest {

  @TempDir
  Path dir;

  public static class Clicks {
    @StreamingTable
    public Dataset rawClicks(PipelineContext ctx) {
      return ctx.readStream().format("json").schema("id STRING, page STRING, amount DOUBLE")
          .option("mode", ctx.conf("mode", "PERMISSIVE")).option("maxFilesPerTrigger", 1)
          .load(ctx.conf("landing"));
    }

    @StreamingTable
    public Dataset paid(PipelineContext ctx) {
      return ctx.readStream("raw_clicks").filter(col("amount").gt(0)).select(col("id"), col("page"), col("amount"));
    }

    @MaterializedView
    public Dataset pages(PipelineContext ctx) {
      return ctx.read("paid").groupBy(col("page")).agg(count().as("clicks"), sum(col("amount")).as("amount"));
    }
  }

  private Path landing() throws IOException {
    return Files.createDirectories(dir.resolve("landing"));
  }

  private void file(String name, String... lines) throws IOException {
    Files.writeString(landing().resolve(name), String.join("\n", lines) + "\n");
  }

  private PipelineGraph graph(String mode) throws IOException {
    var config = PipelineConfig.defaults(Map.of("landing", landing().toString(), "mode", mode));
    return GraphBuilder.create(config).add(new Clicks()).build();
  }

  private RunResult run(String mode, Set<String> refresh) throws IOException {
    try (var runner = PipelineRunner.builder(graph(mode)).storage(dir.resolve("storage"))
        .warehouse(dir.resolve("wh.duckdb")).build()) {
      return runner.run(Trigger.availableNow(), refresh);
    }
  }

  private List<String> query(String sql) {
    try (var store = DuckDbTableStore.openReadOnly(dir.resolve("wh.duckdb"))) {
      return store.query(sql).rows().stream().map(r -> String.join("|", r.stream()
          .map(v -> v == null ? "NULL" : v).toList())).toList();
    }
  }

  @Test
  void aSecondRunProcessesOnlyNewFiles() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}");
    file("b.json", "{\"id\":\"2\",\"page\":\"/b\",\"amount\":2.5}");
    RunResult first = run("PERMISSIVE", Set.of());
    file("c.json", "{\"id\":\"3\",\"page\":\"/a\",\"amount\":4.0}");
    RunResult second = run("PERMISSIVE", Set.of());

    assertThat(first.table("raw_clicks").orElseThrow().batches()).isEqualTo(2); // maxFilesPerTrigger 1
    assertThat(second.table("raw_clicks").orElseThrow().batches()).isEqualTo(1);
    assertThat(second.table("raw_clicks").orElseThrow().rowsIn()).isEqualTo(1);
    assertThat(query("SELECT id, _batch_id FROM raw_clicks ORDER BY id")).containsExactly("1|0", "2|1", "3|2");
    assertThat(query("SELECT page, clicks, amount FROM pages ORDER BY page")).containsExactly("/a|2|5.5", "/b|1|2.5");
  }

  @Test
  void permissiveModeKeepsMalformedRecordsWithTheirTextAndCountsThem() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}", "{\"id\":\"2\",\"page\":", "{\"id\":\"3\","
        + "\"page\":\"/c\",\"amount\":\"lots\"}");

    RunResult result = run("PERMISSIVE", Set.of());

    TableProgress raw = result.table("raw_clicks").orElseThrow();
    assertThat(raw.rowsWritten()).isEqualTo(3);
    assertThat(raw.malformedKept()).isEqualTo(2);
    assertThat(raw.rowsRejected()).isEqualTo(2);
    assertThat(query("SELECT id, page, amount, _corrupt_record FROM raw_clicks ORDER BY id NULLS LAST"))
        .containsExactly("1|/a|1.5|NULL", "3|/c|NULL|{\"id\":\"3\",\"page\":\"/c\",\"amount\":\"lots\"}",
            "NULL|NULL|NULL|{\"id\":\"2\",\"page\":");
    assertThat(query("SELECT id FROM paid")).containsExactly("1");
  }

  @Test
  void dropMalformedModeDropsAndCountsThem() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}", "not json", "{\"id\":\"3\",\"page\":\"/c\","
        + "\"amount\":2}");

    RunResult result = run("DROPMALFORMED", Set.of());

    TableProgress raw = result.table("raw_clicks").orElseThrow();
    assertThat(raw.rowsWritten()).isEqualTo(2);
    assertThat(raw.malformedDropped()).isEqualTo(1);
    assertThat(query("SELECT id FROM raw_clicks ORDER BY id")).containsExactly("1", "3");
  }

  @Test
  void failFastModeFailsTheBatchNamingTheFileAndLine() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}", "not json");

    RunResult result = run("FAILFAST", Set.of());

    TableProgress raw = result.table("raw_clicks").orElseThrow();
    assertThat(raw.status()).isEqualTo(TableProgress.Status.FAILED);
    assertThat(raw.error()).startsWith("Table 'raw_clicks' failed in batch 0 reading json files in " + landing()
        + " (files a.json): Malformed record in " + landing().resolve("a.json") + " line 2: ");
    assertThat(result.table("paid").orElseThrow().status()).isEqualTo(TableProgress.Status.SKIPPED);
    assertThat(result.succeeded()).isFalse();
    // Nothing of the failed batch is visible; the next run replays it (and fails again until the file is fixed).
    assertThat(query("SELECT count(*) FROM _millrace_commits WHERE table_name = 'raw_clicks'")).containsExactly("0");
  }

  @Test
  void fullRefreshOfTheBronzeTableRecomputesEverythingOnce() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}");
    run("PERMISSIVE", Set.of());
    file("b.json", "{\"id\":\"2\",\"page\":\"/b\",\"amount\":2.5}");
    run("PERMISSIVE", Set.of());

    RunResult refreshed = run("PERMISSIVE", Set.of("raw_clicks"));

    // paid reads raw_clicks as a stream, so it is refreshed too; the view pages is recomputed on every run anyway.
    assertThat(refreshed.refreshed()).containsExactly("raw_clicks", "paid");
    assertThat(query("SELECT id, _batch_id FROM raw_clicks ORDER BY id")).containsExactly("1|0", "2|1");
    assertThat(query("SELECT id FROM paid ORDER BY id")).containsExactly("1", "2");
  }

  @Test
  void theSummaryShowsEachTableAndHowToQueryTheWarehouse() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}", "oops");

    String summary = RunSummary.format(run("PERMISSIVE", Set.of()), "./millrace query");

    assertThat(summary).matches("(?s)Pipeline 'pipeline' updated in \\d+\\.\\d s\n.*");
    assertThat(summary).contains("""
        table       kind               status  batches  rows in  rows written  rejected  watermark
        raw_clicks  streaming table    ok            1        2             2         1          -
        paid        streaming table    ok            1        2             1         0          -
        pages       materialized view  ok            1        1             1         0          -
        """);
    assertThat(summary).endsWith("\nWarehouse: " + dir.resolve("wh.duckdb") + "\nQuery it:  ./millrace query "
        + "\"SELECT * FROM raw_clicks LIMIT 10\"\n");
  }

  @Test
  void aProcessingTimeRunPicksUpFilesAsTheyArriveUntilStopped() throws Exception {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}");
    try (var runner = PipelineRunner.builder(graph("PERMISSIVE")).storage(dir.resolve("storage"))
        .warehouse(dir.resolve("wh.duckdb")).build()) {
      var result = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> runner.run(Trigger.processingTime(java.time.Duration.ofMillis(100)), Set.of()));
      waitFor(() -> runner.store().rowCount("paid") == 1);
      file("b.json", "{\"id\":\"2\",\"page\":\"/b\",\"amount\":2.5}");
      waitFor(() -> runner.store().rowCount("paid") == 2);
      runner.stop();

      RunResult done = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(done.succeeded()).isTrue();
      assertThat(done.table("raw_clicks").orElseThrow().batches()).isEqualTo(2);
    }
    assertThat(query("SELECT id, _batch_id FROM paid ORDER BY id")).containsExactly("1|0", "2|1");
  }

  @Test
  void aChangedQueryShapeIsReportedWithTheFullRefreshToRun() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}");
    run("PERMISSIVE", Set.of());
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    var config = PipelineConfig.defaults(Map.of("landing", elsewhere.toString()));
    var graph = GraphBuilder.create(config).add(new Clicks()).build();

    RunResult result;
    try (var runner = PipelineRunner.builder(graph).storage(dir.resolve("storage"))
        .warehouse(dir.resolve("wh.duckdb")).build()) {
      result = runner.run(Trigger.availableNow(), Set.of());
    }

    assertThat(result.table("raw_clicks").orElseThrow().error()).isEqualTo("The query of table 'raw_clicks' changed "
        + "in a way its checkpoint cannot follow:\n  checkpoint: json files in " + landing() + "; output append\n  query "
        + "now:  json files in " + elsewhere + "; output append\nRun a full refresh of the table (./millrace run --full-refresh=raw_clicks) "
        + "to recompute it from its inputs");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aMissingCheckpointWithBatchesInTheWarehouseAsksForAFullRefresh() throws IOException {
    file("a.json", "{\"id\":\"1\",\"page\":\"/a\",\"amount\":1.5}");
    run("PERMISSIVE", Set.of());
    try (var files = Files.walk(dir.resolve("storage"))) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    RunResult result = run("PERMISSIVE", Set.of());

    assertThat(result.table("raw_clicks").orElseThrow().error()).startsWith("Table 'raw_clicks' has batches "
        + "committed in the warehouse but no checkpoint at " + dir.resolve("storage/checkpoints/raw_clicks"));
    // A full refresh starts the table over.
    assertThat(run("PERMISSIVE", Set.of("raw_clicks")).succeeded()).isTrue();
    assertThat(query("SELECT id, _batch_id FROM raw_clicks")).containsExactly("1|0");
  }
}
