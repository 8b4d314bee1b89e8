package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.metrics.MillraceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring side of observability: the beans the auto-configurations define, the application's listeners hearing
 * a run, the endpoint's JSON and the health indicator, on the three-table {@link BootTestPipelines.Clicks}
 * pipeline over three events (e2 has amount 0, so events_clean keeps two; both are on page /a).
 */
class MillraceObservabilityTest {

  @TempDir
  Path dir;

  private Path events;

  @BeforeEach
  void landing() throws IOException {
    events = Files.createDirectories(dir.resolve("landing/events"));
    Files.writeString(events.resolve("a.json"), """
        {"event_id":"e1","page":"/a","amount":2.5}
        {"event_id":"e2","page":"/b","amount":0}
        {"event_id":"e3","page":"/a","amount":1.0}
        """);
  }

  private ApplicationContextRunner contextRunner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class,
            MillraceMetricsAutoConfiguration.class))
        .withUserConfiguration(Application.class)
        .withPropertyValues("millrace.conf.landing=" + dir.resolve("landing"),
            "millrace.conf.storage=" + dir.resolve("storage"), "millrace.config=" + config());
  }

  private String config() {
    try {
      return Files.writeString(dir.resolve("clicks.yaml"), """
          pipeline:
            name: clicks
            storage: ${storage}
            warehouse: ${storage}/wh.duckdb
            configuration: { landing: /nowhere, storage: /nowhere, mode: PERMISSIVE }
          """).toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Application {
    @Bean
    BootTestPipelines.Clicks clicks() {
      return new BootTestPipelines.Clicks();
    }

    @Bean
    Recorder recorder() {
      return new Recorder();
    }
  }

  /** A listener bean: hears every run's progress. */
  static class Recorder implements PipelineListener {
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onProgress(BatchProgress p) {
      progress.add(p.table() + " " + p.batchId() + ": " + p.numInputRows() + " in, " + p.numOutputRows() + " out");
    }
  }

  @Test
  void definesTheExecutionTheMetricsAndTheHealthIndicatorButNoWebPageOutsideAWebApplication() {
    contextRunner().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(PipelineExecution.class).hasSingleBean(PipelineStatusSource.class)
          .hasSingleBean(MillraceMetrics.class).hasSingleBean(MillraceHealthIndicator.class)
          .doesNotHaveBean("millraceRoutes");
      // Actuator exposes only health over the web by default: the endpoint waits until it is exposed.
      assertThat(context).doesNotHaveBean(MillraceEndpoint.class);
    });
  }

  @Test
  void theEndpointComesWithItsExposureAndThePageWithAServletWebApplication() {
    contextRunner().withPropertyValues("management.endpoints.web.exposure.include=millrace")
        .run(context -> assertThat(context).hasSingleBean(MillraceEndpoint.class));
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class))
        .run(context -> assertThat(context).hasBean("millraceRoutes"));
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MillraceAutoConfiguration.class))
        .withPropertyValues("millrace.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("millraceRoutes"));
  }

  @Test
  void metricsAndHealthCanBeTurnedOffAndUserBeansWin() {
    contextRunner().withPropertyValues("millrace.metrics.enabled=false", "management.health.millrace.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MillraceMetrics.class)
            .doesNotHaveBean(MillraceHealthIndicator.class));
    contextRunner().withBean("myMetrics", MillraceMetrics.class, MillraceMetrics::new)
        .run(context -> assertThat(context).hasSingleBean(MillraceMetrics.class).hasBean("myMetrics"));
  }

  @Test
  void theApplicationsListenersAndMetersHearTheRun() {
    contextRunner().run(context -> {
      var registry = new SimpleMeterRegistry();
      context.getBean(MillraceMetrics.class).bindTo(registry);

      int exitCode = context.getBean(MillraceCommandLineRunner.class).execute("run", "--no-progress");

      assertThat(exitCode).isZero();
      assertThat(context.getBean(Recorder.class).progress).containsExactly("raw_events 0: 3 in, 3 out",
          "events_clean 0: 3 in, 2 out", "page_views 0: 2 in, 1 out");
      assertThat(registry.get("millrace.table.rows.out").tags("pipeline", "clicks", "table", "events_clean")
          .functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("millrace.table.rows.in").tags("table", "page_views").functionCounter().count())
          .isEqualTo(2);
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEndpointShowsTheGraphBeforeAnyRunAndEachTablesStatusAfterIt() {
    contextRunner().withPropertyValues("management.endpoints.web.exposure.include=millrace").run(context -> {
      MillraceEndpoint endpoint = context.getBean(MillraceEndpoint.class);

      Map<String, Object> before = endpoint.pipeline();
      assertThat(before).containsEntry("pipeline", "clicks").containsEntry("state", "idle")
          .doesNotContainKey("runId");
      assertThat((List<Map<String, Object>>) before.get("tables")).extracting(t -> t.get("name") + " "
          + t.get("kind") + " level " + t.get("level") + " " + t.get("state") + " inputs " + t.get("inputs"))
          .containsExactly("raw_events streaming table level 0 idle inputs []",
              "events_clean streaming table level 1 idle inputs [raw_events]",
              "page_views materialized view level 2 idle inputs [events_clean]");
      assertThat(before.get("edges")).isEqualTo(List.of(
          Map.of("from", "raw_events", "to", "events_clean", "read", "stream"),
          Map.of("from", "events_clean", "to", "page_views", "read", "snapshot")));

      context.getBean(MillraceCommandLineRunner.class).execute("run", "--no-progress");

      Map<String, Object> after = endpoint.pipeline();
      assertThat(after).containsEntry("pipeline", "clicks").containsEntry("state", "finished")
          .containsEntry("trigger", "available-now").containsKeys("runId", "runStartedAt", "runFinishedAt");
      var tables = (List<Map<String, Object>>) after.get("tables");
      assertThat(tables).extracting(t -> t.get("name") + ": " + t.get("state") + ", batch " + t.get("lastBatchId")
          + ", " + t.get("rowsIn") + " in, " + t.get("rowsOut") + " out, backlog files " + t.get("backlogFiles")
          + ", batches " + t.get("backlogBatches"))
          .containsExactly("raw_events: idle, batch 0, 3 in, 3 out, backlog files 0, batches null",
              "events_clean: idle, batch 0, 3 in, 2 out, backlog files null, batches 0",
              "page_views: idle, batch 0, 2 in, 1 out, backlog files null, batches null");
      Map<String, Object> lastProgress = (Map<String, Object>) tables.get(1).get("lastProgress");
      assertThat(lastProgress).containsEntry("table", "events_clean").containsEntry("batchId", 0L)
          .containsEntry("numInputRows", 3L).containsEntry("numOutputRows", 2L).containsKey("durationMs");
      assertThat(tables.get(0)).containsEntry("comment", "Raw clicks").doesNotContainKey("error");

      Map<String, Object> one = endpoint.table("events_clean");
      assertThat(one).containsEntry("name", "events_clean").containsEntry("rowsOut", 2L);
      assertThat((List<Map<String, Object>>) one.get("recentProgress")).extracting(p -> p.get("batchId"))
          .containsExactly(0L);
      assertThat(endpoint.table("no_such_table")).isNull();
    });
  }

  @Test
  void healthIsDownWhileATableIsFailedAndUpAgainOnceItRuns() {
    contextRunner().run(context -> {
      MillraceHealthIndicator health = context.getBean(MillraceHealthIndicator.class);
      MillraceCommandLineRunner runner = context.getBean(MillraceCommandLineRunner.class);
      assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

      Files.writeString(events.resolve("b.json"), "garbage\n");
      assertThat(runner.execute("run", "--no-progress", "--conf", "mode=FAILFAST")).isEqualTo(1);

      Health down = health.health(true);
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails()).containsEntry("pipeline", "clicks").containsEntry("state", "failed")
          .containsEntry("tables", Map.of("raw_events", "failed", "events_clean", "skipped", "page_views",
              "skipped"));
      assertThat((Map<String, String>) down.getDetails().get("errors")).containsOnlyKeys("raw_events")
          .hasValueSatisfying(new org.assertj.core.api.Condition<>(e -> e.startsWith("Table 'raw_events' failed "
              + "in batch 0") && e.contains("Malformed record"), "the batch's error"));

      Files.delete(events.resolve("b.json"));
      assertThat(runner.execute("run", "--no-progress", "--full-refresh-all")).isZero();
      Health up = health.health(true);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails()).containsEntry("state", "finished").doesNotContainKey("errors");
    });
  }
}
