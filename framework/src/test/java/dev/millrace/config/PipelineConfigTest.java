package dev.millrace.config;

import dev.millrace.streaming.OutputMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

  private static final Path CLICKSTREAM = Path.of("src/test/resources/config/clickstream.yaml");
  private static final long MB = 1L << 20;

  private static PipelineConfig parse(String yaml, Map<String, String> overrides, Map<String, String> env) {
    return PipelineConfig.parse(yaml, "p.yaml", overrides, env);
  }

  @Test
  void loadsAFullFileToExactValues() {
    PipelineConfig config = PipelineConfig.load(CLICKSTREAM, Map.of(), Map.of());

    assertThat(config.source()).isEqualTo(CLICKSTREAM.toString());
    assertThat(config.pipeline())
        .isEqualTo(
            new PipelineSettings(
                "clickstream",
                "./target/millrace/clickstream",
                "./target/millrace/clickstream/warehouse.duckdb",
                Trigger.processingTime(Duration.ofSeconds(5)),
                Map.of(
                    "landing", "./target/millrace/landing",
                    "storage", "./target/millrace/clickstream",
                    "warehouse", "./target/millrace/clickstream/warehouse.duckdb"),
                new TableSettings(
                    8,
                    null,
                    WatermarkPolicy.MAX,
                    null,
                    null,
                    new StateStoreSettings(
                        StateStoreProvider.ROCKSDB, 5, 30, new RocksDbSettings(128 * MB, 32 * MB, RocksDbCompression.ZSTD)),
                    null)));
    assertThat(config.pipeline().configuration().keySet()).containsExactly("landing", "storage", "warehouse");
    assertThat(config.tables().keySet()).containsExactly("events_clean", "user_activity_1m");
    assertThat(config.tables().get("events_clean"))
        .isEqualTo(
            TableSettings.EMPTY
                .withWatermark("event_time", Duration.ofSeconds(15))
                .withDedupe(DedupeSettings.of("event_id", "user_id"))
                .withComment("Clean events"));
    assertThat(config.tables().get("user_activity_1m"))
        .isEqualTo(
            TableSettings.EMPTY
                .withOutputMode(OutputMode.UPDATE)
                .withStateStore(StateStoreSettings.EMPTY.withProvider(StateStoreProvider.MEMORY))
                .withPartitions(2));
    assertThat(config.conf("landing")).isEqualTo("./target/millrace/landing");
  }

  @Test
  void remembersTheLineOfEveryTableEntryAndKey() {
    PipelineConfig config = PipelineConfig.load(CLICKSTREAM, Map.of(), Map.of());

    assertThat(config.lineOf("tables.events_clean")).isEqualTo(20);
    assertThat(config.lineOf("tables.events_clean.watermark")).isEqualTo(21);
    assertThat(config.lineOf("tables.user_activity_1m")).isEqualTo(24);
    assertThat(config.lineOf("pipeline.trigger")).isEqualTo(6);
    assertThat(config.lineOf("tables.nope")).isZero();
    assertThat(config.locationOf("tables.user_activity_1m")).isEqualTo(CLICKSTREAM + ":24");
  }

  @Test
  void defaultsAreUsableWithoutAFile() {
    PipelineConfig config = PipelineConfig.defaults();

    assertThat(config.source()).isEqualTo("<no config file>");
    assertThat(config.pipeline())
        .isEqualTo(
            new PipelineSettings(
                "pipeline",
                "./target/millrace/pipeline",
                "./target/millrace/pipeline/warehouse.duckdb",
                Trigger.availableNow(),
                Map.of(),
                TableSettings.EMPTY));
    assertThat(config.tables()).isEmpty();
    assertThat(config.effectiveSettings("t", TableSettings.EMPTY)).isEqualTo(TableSettings.BUILT_IN.resolve());
  }

  @Test
  void defaultsTakeConfOverridesAsTheConfiguration() {
    assertThat(PipelineConfig.defaults(Map.of("landing", "/data")).conf("landing")).isEqualTo("/data");
  }

  @Test
  void anEmptyFileOrEmptySectionsMeanDefaults() {
    assertThat(parse("", Map.of(), Map.of()).pipeline()).isEqualTo(PipelineConfig.defaults().pipeline());
    assertThat(parse("# nothing yet\npipeline:\ntables:\n", Map.of(), Map.of()).pipeline())
        .isEqualTo(PipelineConfig.defaults().pipeline());
    assertThat(parse("tables:\n  t:\n", Map.of(), Map.of()).tables()).containsExactly(entry("t", TableSettings.EMPTY));
  }

  @Test
  void storageAndWarehouseDefaultFromTheName() {
    PipelineSettings pipeline = parse("pipeline: { name: orders }", Map.of(), Map.of()).pipeline();

    assertThat(pipeline.storage()).isEqualTo("./target/millrace/orders");
    assertThat(pipeline.warehouse()).isEqualTo("./target/millrace/orders/warehouse.duckdb");
  }

  @Test
  void warehouseDefaultsUnderAGivenStorage() {
    assertThat(parse("pipeline: { storage: /var/mr/ }", Map.of(), Map.of()).pipeline().warehouse())
        .isEqualTo("/var/mr/warehouse.duckdb");
  }

  @Test
  void readsEveryTriggerMode() {
    assertThat(parse("pipeline: { trigger: { mode: once } }", Map.of(), Map.of()).pipeline().trigger())
        .isEqualTo(Trigger.once());
    assertThat(parse("pipeline: { trigger: { mode: available-now } }", Map.of(), Map.of()).pipeline().trigger())
        .isEqualTo(Trigger.availableNow());
    assertThat(parse("pipeline: { trigger: { mode: continuous } }", Map.of(), Map.of()).pipeline().trigger())
        .isEqualTo(Trigger.continuous());
    assertThat(parse("pipeline: { trigger: { mode: continuous, interval: 1 second } }", Map.of(), Map.of()).pipeline().trigger())
        .isEqualTo(new Trigger(TriggerMode.CONTINUOUS, Duration.ofSeconds(1)));
    assertThat(parse("pipeline: { trigger: { mode: processing-time, interval: PT1M } }", Map.of(), Map.of()).pipeline().trigger())
        .isEqualTo(Trigger.processingTime(Duration.ofMinutes(1)));
  }

  @Test
  void enumValuesIgnoreCaseAndUnderscores() {
    PipelineConfig config =
        parse(
            "pipeline: { trigger: { mode: AVAILABLE_NOW } }\ntables: { t: { output-mode: Complete } }", Map.of(), Map.of());

    assertThat(config.pipeline().trigger().mode()).isEqualTo(TriggerMode.AVAILABLE_NOW);
    assertThat(config.tables().get("t").outputMode()).isEqualTo(OutputMode.COMPLETE);
  }

  @Test
  void substitutesPlaceholdersFromTheConfiguration() {
    PipelineConfig config =
        parse(
            """
            pipeline:
              storage: ${root}/state
              configuration:
                root: /srv/mr
                landing: ${root}/landing
            tables:
              t: { partitions: "${parts:3}", comment: "lands in ${landing}" }
            """,
            Map.of(),
            Map.of());

    assertThat(config.pipeline().storage()).isEqualTo("/srv/mr/state");
    assertThat(config.conf("landing")).isEqualTo("/srv/mr/landing");
    assertThat(config.tables().get("t").partitions()).isEqualTo(3);
    assertThat(config.tables().get("t").comment()).isEqualTo("lands in /srv/mr/landing");
  }

  @Test
  void confOverridesReplaceAndAddEntriesBeforeSubstitution() {
    PipelineConfig config =
        parse(
            """
            pipeline:
              storage: ${root}/state
              configuration:
                root: /srv/mr
                landing: ${root}/landing
            """,
            Map.of("root", "/tmp/run", "extra", "${root}/extra"),
            Map.of());

    assertThat(config.pipeline().storage()).isEqualTo("/tmp/run/state");
    assertThat(config.pipeline().configuration())
        .containsExactly(entry("root", "/tmp/run"), entry("landing", "/tmp/run/landing"), entry("extra", "/tmp/run/extra"));
  }

  @Test
  void fallsBackToEnvironmentVariablesThenToTheDefault() {
    PipelineConfig config =
        parse(
            """
            pipeline:
              storage: ${MR_HOME}/state
              warehouse: ${MR_WAREHOUSE:/tmp/wh.duckdb}
              configuration:
                MR_HOME: ${HOME}/mr
            """,
            Map.of(),
            Map.of("HOME", "/home/ann", "MR_HOME", "/ignored"));

    assertThat(config.pipeline().storage()).as("configuration before environment").isEqualTo("/home/ann/mr/state");
    assertThat(config.pipeline().warehouse()).isEqualTo("/tmp/wh.duckdb");
  }

  @Test
  void defaultsMayContainPlaceholdersAndDoubleDollarEscapes() {
    PipelineConfig config =
        parse(
            """
            pipeline:
              storage: ${missing:${base}/state}
              configuration:
                base: /b
                template: "$${not_a_placeholder}"
                empty:
            """,
            Map.of(),
            Map.of());

    assertThat(config.pipeline().storage()).isEqualTo("/b/state");
    assertThat(config.conf("template")).isEqualTo("${not_a_placeholder}");
    assertThat(config.conf("empty")).isEmpty();
  }

  @Test
  void configurationValuesOfOtherYamlTypesAreKeptAsWritten() {
    PipelineConfig config = parse("pipeline: { configuration: { n: 42, f: 1.50, b: true } }", Map.of(), Map.of());

    assertThat(config.pipeline().configuration()).containsExactly(entry("n", "42"), entry("f", "1.50"), entry("b", "true"));
  }

  @Test
  void everyTableEntryNamingADefinedTablePassesTheCheck() {
    PipelineConfig config = PipelineConfig.load(CLICKSTREAM, Map.of(), Map.of());

    config.checkTables(Set.of("raw_events", "events_clean", "user_activity_1m"));
    assertThat(config.undefinedTables(Set.of("raw_events", "events_clean", "user_activity_1m"))).isEmpty();
  }
}
