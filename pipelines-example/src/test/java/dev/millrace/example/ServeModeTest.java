package dev.millrace.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code run --serve} on the example: the pipeline runs in the background over the 20,000 sample events while the
 * application serves Actuator (the {@code millrace} endpoint, health, Prometheus) and the live page, and keeps
 * serving after the run. The counts are those of {@code ExampleApplicationTest}'s run: 19,008 unique events, 992
 * duplicates, 916 user-minutes; two files per bronze batch, so 10,000 rows each.
 */
class ServeModeTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path dir;

  @Test
  void servesTheEndpointHealthPrometheusAndTheLivePageDuringAndAfterTheRun() throws Exception {
    try (var app = ServedApplication.start("--config", "../config/clickstream.yaml", "--conf",
        "landing=" + dir.resolve("landing"), "--conf", "storage=" + dir.resolve("storage"))) {
      app.awaitRunEnd(Duration.ofMinutes(2));

      HttpResponse<String> endpoint = app.get("/actuator/millrace");
      assertThat(endpoint.statusCode()).isEqualTo(200);
      JsonNode pipeline = JSON.readTree(endpoint.body());
      assertThat(pipeline.get("pipeline").asString()).isEqualTo("clickstream");
      assertThat(pipeline.get("state").asString()).isEqualTo("finished");
      assertThat(pipeline.get("trigger").asString()).isEqualTo("available-now");
      assertThat(pipeline.get("tables").valueStream().map(t -> t.get("name").asString() + " level "
          + t.get("level").asInt() + " " + t.get("state").asString() + " batches " + t.get("batches").asLong()
          + " in " + t.get("rowsIn").asLong() + " out " + t.get("rowsOut").asLong() + " late "
          + t.get("lateRowsDropped").asLong() + " dup " + t.get("duplicatesDropped").asLong()).toList())
          .containsExactly(
              "raw_events level 0 idle batches 2 in 20000 out 20000 late 0 dup 0",
              "events_clean level 1 idle batches 3 in 20000 out 19008 late 0 dup 992",
              "landing_stats level 1 idle batches 1 in 20000 out 20 late 0 dup 0",
              "page_views level 2 idle batches 1 in 19008 out 20 late 0 dup 0",
              "user_activity_1m level 2 idle batches 3 in 19008 out 916 late 0 dup 0");
      assertThat(pipeline.get("tables").get(1).get("stateKeys").asLong()).isEqualTo(38016);
      assertThat(pipeline.get("tables").get(1).get("watermark").asString()).isEqualTo("2026-01-01T00:00:03.851Z");
      assertThat(pipeline.get("tables").get(0).get("properties").get("quality").asString()).isEqualTo("bronze");
      assertThat(pipeline.get("edges")).hasSize(4);

      JsonNode clean = JSON.readTree(app.get("/actuator/millrace/events_clean").body());
      assertThat(clean.get("recentProgress").valueStream().map(p -> p.get("numInputRows").asLong()).toList())
          .containsExactly(10000L, 10000L, 0L);
      assertThat(clean.get("recentProgress").valueStream().map(p -> p.get("noDataBatch").asBoolean()).toList())
          .containsExactly(false, false, true);
      assertThat(clean.get("recentProgress").get(1).get("stateOperators").get(0).get("operatorName").asString())
          .isEqualTo("dedupe-0");
      assertThat(app.get("/actuator/millrace/nope").statusCode()).isEqualTo(404);

      JsonNode health = JSON.readTree(app.get("/actuator/health").body());
      assertThat(health.get("status").asString()).isEqualTo("UP");
      assertThat(health.get("components").get("millrace").get("status").asString()).isEqualTo("UP");
      assertThat(health.get("components").get("millrace").get("details").get("state").asString())
          .isEqualTo("finished");

      String prometheus = app.get("/actuator/prometheus").body();
      assertThat(prometheus.lines().toList()).contains(
          "millrace_table_rows_in_rows_total{pipeline=\"clickstream\",table=\"raw_events\"} 20000.0",
          "millrace_table_rows_out_rows_total{pipeline=\"clickstream\",table=\"events_clean\"} 19008.0",
          "millrace_table_rows_duplicate_rows_total{pipeline=\"clickstream\",table=\"events_clean\"} 992.0",
          "millrace_table_rows_late_rows_total{pipeline=\"clickstream\",table=\"user_activity_1m\"} 0.0",
          "millrace_table_rows_out_rows_total{pipeline=\"clickstream\",table=\"user_activity_1m\"} 916.0",
          "millrace_table_batches_total{pipeline=\"clickstream\",table=\"events_clean\"} 3.0",
          "millrace_table_batch_duration_seconds_count{pipeline=\"clickstream\",table=\"events_clean\"} 3",
          "millrace_operator_state_keys{operator=\"dedupe-0\",pipeline=\"clickstream\",table=\"events_clean\"} "
              + "38016.0",
          "millrace_operator_state_keys{operator=\"aggregate-0\",pipeline=\"clickstream\",table=\"user_activity_1m\"}"
              + " 1000.0",
          "millrace_table_backlog_files{pipeline=\"clickstream\",table=\"raw_events\"} 0.0",
          "millrace_table_watermark_seconds{pipeline=\"clickstream\",table=\"events_clean\"} 1.767225603851E9");
      assertThat(prometheus).contains("# HELP millrace_table_rows_in_rows_total Rows read from the table's inputs");

      HttpResponse<String> page = app.get("/millrace");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/html"));
      assertThat(page.body()).contains("<title>Millrace pipeline</title>");
      JsonNode status = JSON.readTree(app.get("/millrace/status").body());
      assertThat(status.get("tables").valueStream().map(t -> t.get("name").asString()).toList())
          .isEqualTo(List.of("raw_events", "events_clean", "landing_stats", "page_views", "user_activity_1m"));
    }
  }

  @Test
  void theEventLogOfTheServedRunIsInTheWarehouse() throws Exception {
    try (var app = ServedApplication.start("--config", "../config/clickstream.yaml", "--conf",
        "landing=" + dir.resolve("landing"), "--conf", "storage=" + dir.resolve("storage"))) {
      app.awaitRunEnd(Duration.ofMinutes(2));
    }
    try (var store = dev.millrace.runtime.table.DuckDbTableStore.openReadOnly(
        dir.resolve("storage/warehouse.duckdb"))) {
      List<List<String>> counts = store.query("SELECT event_type, count(*) FROM _event_log GROUP BY 1 ORDER BY 1")
          .rows();
      assertThat(counts).containsExactly(List.of("progress", "10"), List.of("run_finished", "1"),
          List.of("run_started", "1"), List.of("table_completed", "5"), List.of("table_started", "5"));
      assertThat(store.query("SELECT sum((details->>'$.numDuplicatesDropped')::BIGINT) FROM _event_log "
          + "WHERE event_type = 'progress' AND table_name = 'events_clean'").rows()).containsExactly(List.of("992"));
    }
  }
}
