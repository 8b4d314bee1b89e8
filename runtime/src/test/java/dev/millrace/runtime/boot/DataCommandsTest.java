package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;

/** The commands that touch data: run, tables and query, on real files and a real warehouse. */
class DataCommandsTest {

  @TempDir
  Path dir;

  private Path config;

  private record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void landingAndConfig() throws IOException {
    Path events = Files.createDirectories(dir.resolve("landing/events"));
    Files.writeString(events.resolve("a.json"), """
        {"event_id":"e1","page":"/a","amount":2.5}
        {"event_id":"e2","page":"/b","amount":0}
        {"event_id":"e3","page":"/a","amount":1.0}
        """);
    config = Files.writeString(dir.resolve("clicks.yaml"), """
        pipeline:
          name: clicks
          storage: %s/storage
          warehouse: %s/wh.duckdb
          configuration: { landing: %s/landing }
        """.formatted(dir, dir, dir));
  }

  private Result execute(String... args) {
    try (var context = new GenericApplicationContext()) {
      context.registerBean(BootTestPipelines.Clicks.class);
      context.registerBean(PipelineRegistry.class, () -> new PipelineRegistry(context));
      context.refresh();
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();
      var runner = new MillraceCommandLineRunner(context.getBean(PipelineRegistry.class),
          new MillraceProperties(config.toString(), Map.of(), null), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = runner.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void runUpdatesEveryTableAndPrintsTheSummary() {
    Result r = execute("run");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("""
        table         kind               status  batches  rows in  rows written  rejected  watermark
        raw_events    streaming table    ok            1        3             3         0          -
        events_clean  streaming table    ok            1        3             2         0          -
        page_views    materialized view  ok            1        2             1         0          -
        """);
    assertThat(r.out()).endsWith("Warehouse: " + dir + "/wh.duckdb\nQuery it:  ./millrace query \"SELECT * FROM "
        + "raw_events LIMIT 10\"\n");
  }

  @Test
  void queryPrintsCsvJsonAndATable() {
    execute("run");

    assertThat(execute("query", "SELECT count(*) AS n FROM raw_events", "--format", "csv").out()).isEqualTo("n\n3\n");
    assertThat(execute("query", "SELECT page, views FROM page_views ORDER BY page", "--format", "json").out())
        .isEqualTo("{\"page\":\"/a\",\"views\":\"2\"}\n");
    assertThat(execute("query", "SELECT page, views FROM page_views ORDER BY page").out()).isEqualTo("""
        page  views
        /a    2
        (1 row)
        """);
  }

  @Test
  void queryRefusesToChangeTheWarehouse() {
    execute("run");

    Result r = execute("query", "DELETE FROM raw_events");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("DELETE FROM raw_events");
    assertThat(execute("query", "SELECT count(*) FROM raw_events", "--format", "csv").out()).endsWith("\n3\n");
  }

  @Test
  void queryBeforeAnyRunSaysToRunThePipeline() {
    Result r = execute("query", "SELECT 1");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(dir + "/wh.duckdb");
  }

  @Test
  void tablesListsRowsAndLastBatches() {
    execute("run");

    assertThat(execute("tables").out()).isEqualTo("""
        table         kind               rows  last batch  watermark
        raw_events    streaming table       3           0          -
        events_clean  streaming table       2           0          -
        page_views    materialized view     1           0          -
        """);
  }

  @Test
  void aSecondRunFindsNothingNewAndFullRefreshRecomputes() {
    execute("run");

    assertThat(execute("run").out()).contains("raw_events    streaming table    ok            0        0             0");
    Result refreshed = execute("run", "--full-refresh=raw_events");
    assertThat(refreshed.out()).contains("Full refresh of: raw_events, events_clean\n")
        .contains("raw_events    streaming table    ok            1        3             3");
    assertThat(execute("run", "--full-refresh-all").out())
        .contains("Full refresh of: raw_events, events_clean, page_views\n");
    assertThat(execute("query", "SELECT count(*) FROM raw_events", "--format", "csv").out()).endsWith("\n3\n");
  }

  @Test
  void aMalformedRecordInFailFastModeMakesRunExitWithOneNamingTheFile() throws IOException {
    Files.writeString(dir.resolve("landing/events/b.json"), "{\"event_id\":\"e4\",\"page\":\"/c\",\"amount\":1}\n");
    Files.writeString(dir.resolve("landing/events/c.json"), "garbage\n");
    Files.writeString(config, Files.readString(config).replace("configuration: {",
        "configuration: { mode: FAILFAST,"));

    Result r = execute("run");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("raw_events    streaming table    failed")
        .contains("- Table 'raw_events' failed in batch 0 reading json files in " + dir + "/landing/events (files "
            + "a.json, b.json, c.json): Malformed record in " + dir + "/landing/events/c.json line 1: ")
        .contains("- table 'events_clean' was not run because 'raw_events', which it reads, failed");
  }
}
