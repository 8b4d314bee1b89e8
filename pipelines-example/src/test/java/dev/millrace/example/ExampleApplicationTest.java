package dev.millrace.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.example.ads.AdGenerator;
import dev.millrace.example.sessions.SessionGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The example application end to end: Spring Boot starts, finds the clickstream pipeline, runs the Millrace command
 * of the arguments and reports its exit code. Surefire runs in the module directory, so the repository's
 * {@code config/clickstream.yaml} is {@code ../config/clickstream.yaml}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExampleApplicationTest {

  private static final String CLICKSTREAM_YAML = "../config/clickstream.yaml";
  private static final String SESSIONS_YAML = "../config/sessions.yaml";
  private static final String ADS_YAML = "../config/ads.yaml";

  private static final String CLICKSTREAM_MERMAID = """
      flowchart LR
        raw_events["raw_events<br/><i>streaming table</i>"]
        events_clean["events_clean<br/><i>streaming table</i>"]
        landing_stats("landing_stats<br/><i>materialized view</i>")
        page_views("page_views<br/><i>materialized view</i>")
        user_activity_1m["user_activity_1m<br/><i>streaming table</i>"]
        raw_events --> events_clean
        raw_events -.-> landing_stats
        events_clean -.-> page_views
        events_clean --> user_activity_1m
      """;

  @TempDir
  Path dir;

  /** Starts the application as {@code main} does, without its {@code System.exit}; returns the exit code. */
  private static int run(String... args) {
    var application = new SpringApplication(ExampleApplication.class);
    application.setRegisterShutdownHook(false);
    return SpringApplication.exit(application.run(args));
  }

  /** What {@code validate} prints for the clickstream pipeline with {@code config/clickstream.yaml}. */
  private static String clickstreamDescription(String landing) {
    return """
        Pipeline 'clickstream': 5 tables, 4 edges

        raw_events  streaming table (append)  defined by Clickstream.rawEvents
          comment:    Raw clicks from the landing zone
          properties: quality=bronze
          reads:      json files in %s/events (stream)
          schema:     event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE, _corrupt_record STRING

        events_clean  streaming table (append)  defined by Clickstream.eventsClean
          comment:    Clicks with a positive amount, each event once
          properties: quality=silver
          reads:      raw_events (stream)
          schema:     event_id STRING, user_id STRING, event_time TIMESTAMP, page STRING, amount DOUBLE, _corrupt_record STRING
          watermark:  event_time, 15 seconds (policy min)
          dedupe:     event_id (within watermark)
          state:      rocksdb, partitions 4, snapshot every 10 batches, retain 20 batches

        landing_stats  materialized view  defined by Clickstream.landingStats
          comment:    Rows landed per page, and how many of them were malformed (kept in _corrupt_record)
          reads:      raw_events (snapshot)
          schema:     page STRING, rows LONG NOT NULL, malformed LONG NOT NULL, amount DOUBLE

        page_views  materialized view  defined by Clickstream.pageViews
          comment:    Views per page
          reads:      events_clean (snapshot)
          schema:     page STRING, views LONG NOT NULL

        user_activity_1m  streaming table (append)  defined by Clickstream.userActivity1m
          comment:    Events and revenue per user and minute, final once the watermark passes
          properties: quality=gold
          reads:      events_clean (stream)
          schema:     window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, user_id STRING, events LONG NOT NULL, \
        revenue DOUBLE
          watermark:  event_time, 15 seconds (policy min)
          state:      memory, partitions 2, snapshot every 10 batches, retain 20 batches

        The pipeline is valid.
        """.formatted(landing);
  }

  @Test
  void validatePrintsTheClickstreamTablesWithTheYamlOverridesAndExitsWithZero(CapturedOutput output) {
    int exitCode = run("validate", "--config", CLICKSTREAM_YAML);

    assertThat(exitCode).isZero();
    assertThat(output.getOut()).isEqualTo(clickstreamDescription("./target/millrace/landing"));
    assertThat(output.getErr()).isEmpty();
  }

  @Test
  void validateShowsTheYamlsWatermarkAndStateSettingsOverTheAnnotations(CapturedOutput output) {
    run("validate", "--config", CLICKSTREAM_YAML);

    // @Watermark says 10 seconds on both tables; the YAML says 15, and memory with 2 partitions for the gold table.
    assertThat(output.getOut())
        .contains("""
            events_clean  streaming table (append)  defined by Clickstream.eventsClean
              comment:    Clicks with a positive amount, each event once
              properties: quality=silver
              reads:      raw_events (stream)
            """)
        .contains("\n  watermark:  event_time, 15 seconds (policy min)\n  dedupe:     event_id (within watermark)\n")
        .contains("""
              reads:      events_clean (stream)
              schema:     window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, user_id STRING, events LONG NOT NULL, \
            revenue DOUBLE
              watermark:  event_time, 15 seconds (policy min)
              state:      memory, partitions 2, snapshot every 10 batches, retain 20 batches
            """)
        .doesNotContain("10 seconds");
  }

  @Test
  void confOptionOverridesTheLandingDirectory(CapturedOutput output) {
    int exitCode = run("validate", "--config", CLICKSTREAM_YAML, "--conf", "landing=/data/in");

    assertThat(exitCode).isZero();
    assertThat(output.getOut()).isEqualTo(clickstreamDescription("/data/in"));
  }

  @Test
  void millraceSpringPropertiesGiveTheConfigFileAndEntries(CapturedOutput output) {
    int exitCode = run("--millrace.config=" + CLICKSTREAM_YAML, "--millrace.conf.landing=/from/spring", "validate");

    assertThat(exitCode).isZero();
    assertThat(output.getOut()).isEqualTo(clickstreamDescription("/from/spring"));
  }

  @Test
  void graphPrintsTheClickstreamAsMermaid(CapturedOutput output) {
    int exitCode = run("graph", "--format", "mermaid", "--config", CLICKSTREAM_YAML);

    assertThat(exitCode).isZero();
    assertThat(output.getOut()).isEqualTo(CLICKSTREAM_MERMAID);
  }

  @Test
  void aBrokenYamlExitsWithOneAndNamesItsFileAndLine(CapturedOutput output) throws IOException {
    Path yaml = Files.writeString(dir.resolve("clickstream.yaml"), """
        pipeline:
          name: clickstream
          configuration: { landing: /in }
        tables:
          user_activity_1m:
            partitions: 2
            state-store: { provider: memory, snapshot-intervall: 5 }
        """);

    int exitCode = run("validate", "--config", yaml.toString());

    assertThat(exitCode).isEqualTo(1);
    assertThat(output.getErr()).isEqualTo(yaml + ":7: unknown key 'snapshot-intervall' in "
        + "tables.user_activity_1m.state-store; did you mean 'snapshot-interval'? Allowed keys: provider, "
        + "snapshot-interval, retain-batches, rocksdb\n");
    assertThat(output.getOut()).isEmpty();
  }

  @Test
  void withoutConfigOptionTheMillraceConfigPropertyIsResolvedAgainstTheWorkingDirectory(CapturedOutput output) {
    // application.properties says config/clickstream.yaml, which is not under the module directory tests run in.
    int exitCode = run("validate");

    assertThat(exitCode).isEqualTo(1);
    assertThat(output.getErr()).isEqualTo("config/clickstream.yaml: no such file (looked at "
        + Path.of("config/clickstream.yaml").toAbsolutePath().normalize() + ")\n");
  }

  @Test
  void anUnknownCommandExitsWithTwo(CapturedOutput output) {
    int exitCode = run("xyz");

    assertThat(exitCode).isEqualTo(2);
    assertThat(output.getErr()).startsWith("Unmatched argument at index 0: 'xyz'\nUsage: millrace ");
  }

  @Test
  void runOnAFreshLandingZoneGeneratesSampleDataAndFillsTheTables(CapturedOutput output) {
    String landing = dir.resolve("landing").toString();
    String storage = dir.resolve("storage").toString();

    int exitCode = run("run", "--config", CLICKSTREAM_YAML, "--conf", "landing=" + landing, "--conf",
        "storage=" + storage);

    assertThat(exitCode).isZero();
    // 20,000 generated lines in 4 files, 2 files per batch (maxFilesPerTrigger 2).
    assertThat(output.getOut())
        .contains("No data in " + landing + "/events yet: wrote sample click events (events=20000 ")
        .contains("raw_events        streaming table    ok            2    20000         20000         0")
        .contains("landing_stats     materialized view  ok            1    20000            20         0")
        // 19,008 unique events (the generator's count); the 992 re-sent ones are dropped as duplicates.
        // Two batches of data, then a no-data batch once the watermark moved.
        .contains("events_clean      streaming table    ok            3    20000         19008         0  "
            + "2026-01-01 00:00:03.851")
        .contains("user_activity_1m  streaming table    ok            3    19008           916         0  "
            + "2026-01-01 00:00:03.851")
        .containsPattern("State: events_clean 38016 keys, [0-9.]+ MB, user_activity_1m 1000 keys \\(peak 1916\\), "
            + "[0-9.]+ MB\n")
        .contains("Dropped: events_clean 0 late, 992 duplicates\n")
        .contains("Warehouse: " + storage + "/warehouse.duckdb\n");

    int second = run("run", "--config", CLICKSTREAM_YAML, "--conf", "landing=" + landing, "--conf",
        "storage=" + storage);
    assertThat(second).isZero();
    assertThat(output.getOut()).contains(
        "raw_events        streaming table    ok            0        0             0         0");

    int query = run("query", "select count(*) as n from raw_events", "--format", "csv", "--config", CLICKSTREAM_YAML,
        "--conf", "storage=" + storage);
    assertThat(query).isZero();
    assertThat(output.getOut()).endsWith("n\n20000\n");
  }

  /** Every pipeline configuration of the repository. */
  static Stream<Path> repositoryConfigurations() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../config"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("repositoryConfigurations")
  void everyConfigurationOfTheRepositoryValidatesAgainstTheApplication(Path yaml, CapturedOutput output) {
    String name = yaml.getFileName().toString().replace(".yaml", "");

    int exitCode = run("validate", "--config", yaml.toString());

    assertThat(exitCode).as(output.getErr()).isZero();
    // The file's pipeline.name is its file name (./millrace --pipeline NAME reads config/NAME.yaml).
    assertThat(output.getOut()).startsWith("Pipeline '" + name + "': ").endsWith("\nThe pipeline is valid.\n");
  }

  @Test
  void eachPipelineHasOnlyItsOwnTables(CapturedOutput output) {
    run("graph", "--format", "text", "--config", SESSIONS_YAML);

    assertThat(output.getOut()).isEqualTo("""
        raw_page_views [streaming table]
        page_views [streaming table] <- raw_page_views
        user_sessions [streaming table] <- page_views
        sessions_per_hour [materialized view] <- user_sessions (snapshot)
        """);
  }

  @Test
  void aConfigurationNamingAPipelineTheApplicationDoesNotHaveExitsWithOne(CapturedOutput output) throws IOException {
    Path yaml = Files.writeString(dir.resolve("session.yaml"), """
        pipeline:
          name: session
        """);

    int exitCode = run("validate", "--config", yaml.toString());

    assertThat(exitCode).isEqualTo(1);
    assertThat(output.getErr()).isEqualTo("Invalid pipeline: " + yaml + ":2: pipeline.name is 'session', but no "
        + "@Pipeline class of the application declares that name. Did you mean 'sessions'? Declared pipelines: "
        + "ads, clickstream, sessions. Set pipeline.name to one of them, or give the file of the pipeline you mean "
        + "(--config config/<name>.yaml; ./millrace --pipeline <name>)\n");
  }

  @Test
  void runOfTheSessionsPipelineOnAFreshLandingZoneGeneratesPageViewsAndWritesTheirSessions(CapturedOutput output) {
    String landing = dir.resolve("landing").toString();
    String storage = dir.resolve("storage").toString();
    // What the first-run hook writes: the generator with its defaults, deterministic.
    SessionGenerator.Summary expected = new SessionGenerator().writeTo(dir.resolve("expected"));
    List<SessionGenerator.Session> closed = expected.closedBy(Duration.ofMinutes(30), Duration.ofMinutes(5));

    int exitCode = run("run", "--config", SESSIONS_YAML, "--conf", "landing=" + landing, "--conf",
        "storage=" + storage);

    assertThat(exitCode).isZero();
    assertThat(output.getOut())
        .contains("No data in " + landing + "/page_views yet: wrote sample page views (page views=" + expected.views()
            + " lines=" + expected.lines() + " duplicates=" + expected.duplicates() + " ")
        .contains("Pipeline 'sessions' updated in ")
        // 4 files, one per batch (maxFilesPerTrigger 1).
        .containsPattern("raw_page_views +streaming table +ok +4 +" + expected.lines() + " +" + expected.lines()
            + " +0")
        .containsPattern("page_views +streaming table +ok +\\d+ +" + expected.lines() + " +" + expected.views()
            + " +0")
        .containsPattern("user_sessions +streaming table +ok +\\d+ +" + expected.views() + " +" + closed.size()
            + " +0");

    int query = run("query", "select count(*) as n, sum(page_views) as v from user_sessions", "--format", "csv",
        "--config", SESSIONS_YAML, "--conf", "storage=" + storage);
    assertThat(query).isZero();
    assertThat(output.getOut()).endsWith("n,v\n" + closed.size() + ","
        + closed.stream().mapToLong(SessionGenerator.Session::pageViews).sum() + "\n");
  }

  @Test
  void runOfTheAdsPipelineOnAFreshLandingZoneGeneratesImpressionsAndClicksAndJoinsThem(CapturedOutput output) {
    String landing = dir.resolve("landing").toString();
    String storage = dir.resolve("storage").toString();
    // What the first-run hook writes: the generator with its defaults, deterministic.
    AdGenerator.Summary expected = new AdGenerator().writeTo(dir.resolve("expected"));
    int attributed = expected.attributed().size();
    int outcomes = expected.outcomesBy(Duration.ofMinutes(5)).size();

    int exitCode = run("run", "--config", ADS_YAML, "--conf", "landing=" + landing, "--conf", "storage=" + storage);

    assertThat(exitCode).isZero();
    int in = expected.impressions().size() + expected.clicks().size();
    assertThat(output.getOut())
        .contains("No data in " + landing + "/impressions and " + landing + "/clicks yet: wrote sample ad "
            + "impressions and clicks (impressions=" + expected.impressions().size() + " clicks="
            + expected.clicks().size() + " duplicates=" + expected.duplicates() + " ")
        .contains("Pipeline 'ads' updated in ")
        .containsPattern("attributed_clicks +streaming table +ok +\\d+ +" + in + " +" + attributed + " +0")
        .containsPattern("impression_outcomes +streaming table +ok +\\d+ +" + in + " +" + outcomes + " +0")
        .containsPattern("ctr_by_campaign +materialized view +ok +1 +" + outcomes + " +4 +0");
  }
}
