package dev.millrace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.errors.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every configuration error names the file, the line of the offending key or value, the problem and a fix. */
class PipelineConfigErrorsTest {

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String yaml) {
    return assertFails(yaml, Map.of(), Map.of());
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String yaml, Map<String, String> overrides, Map<String, String> env) {
    return assertThatThrownBy(() -> PipelineConfig.parse(yaml, "p.yaml", overrides, env))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void malformedYamlReportsTheParsersLine() {
    assertFails(
            """
            pipeline:
              name: x
            tables:
              t: { partitions: [1, 2 }
            """)
        .hasMessage("p.yaml:4: malformed YAML: expected ',' or ']', but got } (while parsing a flow sequence started at line 4)")
        .satisfies(e -> assertThat(((ConfigException) e).line()).contains(4));
  }

  @Test
  void badIndentationIsMalformedYaml() {
    assertFails("pipeline:\n  name: x\n   storage: y\n")
        .hasMessage("p.yaml:3: malformed YAML: mapping values are not allowed here");
  }

  @Test
  void unknownTableKeyIsReportedOnItsLineWithASuggestionAndTheAllowedKeys() {
    assertFails(
            """
            pipeline:
              name: clickstream
            tables:
              user_activity_1m:
                output-mode: append
                partitons: 2
            """)
        .hasMessage(
            "p.yaml:6: unknown key 'partitons' in tables.user_activity_1m; did you mean 'partitions'? Allowed keys:"
                + " partitions, watermark, watermark-policy, dedupe, output-mode, state-store, comment");
  }

  @Test
  void unknownKeysAreReportedAtEveryLevel() {
    assertFails("pipline:\n  name: x\n")
        .hasMessage("p.yaml:1: unknown key 'pipline' at the top level; did you mean 'pipeline'? Allowed keys: pipeline, tables");
    assertFails("pipeline:\n  triger: { mode: once }\n")
        .hasMessage(
            "p.yaml:2: unknown key 'triger' in pipeline; did you mean 'trigger'? Allowed keys: name, storage,"
                + " warehouse, trigger, configuration, defaults");
    assertFails("pipeline:\n  defaults:\n    state-store:\n      snapshotInterval: 3\n")
        .hasMessage(
            "p.yaml:4: unknown key 'snapshotInterval' in pipeline.defaults.state-store; did you mean"
                + " 'snapshot-interval'? Allowed keys: provider, snapshot-interval, retain-batches, rocksdb");
    assertFails("tables:\n  t:\n    state-store:\n      rocksdb: { cache: 1MB }\n")
        .hasMessage(
            "p.yaml:4: unknown key 'cache' in tables.t.state-store.rocksdb. Allowed keys: block-cache, write-buffer,"
                + " compression");
  }

  @Test
  void settingsThatOnlyTablesTakeAreUnknownInDefaults() {
    assertFails("pipeline:\n  defaults:\n    watermark: { column: ts, delay: 1s }\n")
        .hasMessage(
            "p.yaml:3: unknown key 'watermark' in pipeline.defaults; 'watermark' can be set per table only, under"
                + " tables.<name>. Allowed keys: partitions, watermark-policy, state-store");
  }

  @Test
  void wrongTypeNamesTheExpectedTypeAndTheValue() {
    assertFails("tables:\n  x:\n    partitions: four\n")
        .hasMessage("p.yaml:3: tables.x.partitions: expected a positive integer, got 'four'");
    assertFails("tables:\n  x:\n    partitions: 0\n")
        .hasMessage("p.yaml:3: tables.x.partitions: expected a positive integer, got '0'");
    assertFails("tables:\n  x:\n    partitions: 2.5\n")
        .hasMessage("p.yaml:3: tables.x.partitions: expected a positive integer, got '2.5'");
    assertFails("tables:\n  x:\n    partitions:\n    comment: c\n")
        .hasMessage("p.yaml:3: tables.x.partitions: expected a positive integer, got nothing");
    assertFails("tables:\n  x:\n    partitions: [1]\n")
        .hasMessage("p.yaml:3: tables.x.partitions: expected a positive integer, got a list");
    assertFails("tables:\n  x:\n    state-store: memory\n")
        .hasMessage("p.yaml:3: tables.x.state-store: expected a mapping of keys to values, got 'memory'");
    assertFails("- a\n- b\n").hasMessage("p.yaml:1: the file: expected a mapping of keys to values, got a list");
  }

  @Test
  void configurationValuesMustBeStrings() {
    assertFails("pipeline:\n  configuration:\n    kafka:\n      servers: a:9092\n")
        .hasMessage(
            "p.yaml:4: pipeline.configuration.kafka: expected a string, got a mapping; configuration is a flat map of"
                + " strings (use dotted keys such as 'kafka.servers')");
  }

  @Test
  void dedupeNeedsANonEmptyListOfKeys() {
    assertFails("tables:\n  x:\n    dedupe: { keys: event_id }\n")
        .hasMessage(
            "p.yaml:3: tables.x.dedupe.keys: expected a non-empty list of column names, e.g. keys: [event_id], got"
                + " 'event_id'");
    assertFails("tables:\n  x:\n    dedupe: {}\n")
        .hasMessage("p.yaml:3: tables.x.dedupe: missing 'keys', e.g. dedupe: { keys: [event_id] }");
  }

  @Test
  void badDurationNamesThePathTheTextAndTheAcceptedForms() {
    assertFails("tables:\n  events_clean:\n    watermark:\n      column: event_time\n      delay: 15 secnds\n")
        .hasMessageStartingWith(
            "p.yaml:5: tables.events_clean.watermark.delay: invalid duration '15 secnds': unknown unit 'secnds' (did"
                + " you mean 'seconds'?); write a number and a unit such as '10 seconds'");
    assertFails("pipeline:\n  trigger:\n    mode: processing-time\n    interval: 5\n")
        .hasMessageStartingWith("p.yaml:4: pipeline.trigger.interval: invalid duration '5': the number has no unit;");
  }

  @Test
  void badSizeNamesThePathAndTheText() {
    assertFails("pipeline:\n  defaults:\n    state-store:\n      rocksdb:\n        block-cache: 64 MBs\n")
        .hasMessageStartingWith(
            "p.yaml:5: pipeline.defaults.state-store.rocksdb.block-cache: invalid size '64 MBs': unknown unit 'MBs';"
                + " write a whole number of bytes");
    assertFails("tables:\n  t:\n    state-store: { rocksdb: { write-buffer: 0MB } }\n")
        .hasMessage("p.yaml:3: tables.t.state-store.rocksdb.write-buffer: expected a positive size, got '0MB'");
  }

  @Test
  void badEnumValueListsTheAllowedValues() {
    assertFails("tables:\n  t:\n    output-mode: apend\n")
        .hasMessage("p.yaml:3: tables.t.output-mode: unknown value 'apend'; did you mean 'append'? allowed values: append, update, complete");
    assertFails("pipeline:\n  trigger: { mode: sometimes }\n")
        .hasMessage(
            "p.yaml:2: pipeline.trigger.mode: unknown value 'sometimes'; allowed values: available-now, once,"
                + " processing-time, continuous");
    assertFails("pipeline:\n  defaults:\n    state-store:\n      rocksdb:\n        compression: gzip\n")
        .hasMessage(
            "p.yaml:5: pipeline.defaults.state-store.rocksdb.compression: unknown value 'gzip'; allowed values:"
                + " none, snappy, lz4, zstd");
    assertFails("pipeline:\n  defaults: { watermark-policy: maximum, state-store: { provider: disk } }\n")
        .hasMessage("p.yaml:2: pipeline.defaults.watermark-policy: unknown value 'maximum'; did you mean 'max'? allowed values: min, max");
  }

  @Test
  void processingTimeTriggerWithoutIntervalIsReportedOnTheMode() {
    assertFails("pipeline:\n  name: x\n  trigger:\n    mode: processing-time\n")
        .hasMessage(
            "p.yaml:4: pipeline.trigger: mode processing-time needs an interval, e.g. trigger: { mode: processing-time,"
                + " interval: 5 seconds }");
  }

  @Test
  void aTriggerWithoutModeOrWithAnIntervalItCannotUseIsAnError() {
    assertFails("pipeline:\n  trigger: { interval: 5s }\n")
        .hasMessage("p.yaml:2: pipeline.trigger: missing 'mode'; allowed values: available-now, once, processing-time, continuous");
    assertFails("pipeline:\n  trigger:\n    mode: once\n    interval: 5s\n")
        .hasMessage(
            "p.yaml:4: pipeline.trigger.interval: mode once takes no interval; remove it, or use mode: processing-time"
                + " to run a batch every interval");
  }

  @Test
  void aPipelineNameMustBeUsableAsADirectory() {
    assertFails("pipeline:\n  name: my pipeline/1\n")
        .hasMessage(
            "p.yaml:2: pipeline.name: expected a name of letters, digits, '_', '-' and '.' (it names directories), got"
                + " 'my pipeline/1'");
  }

  @Test
  void duplicateKeysAreReportedOnTheSecondOne() {
    assertFails("tables:\n  t:\n    partitions: 2\n    comment: c\n    partitions: 3\n")
        .hasMessage("p.yaml:5: duplicate key 'partitions' in tables.t (first at line 3)");
  }

  @Test
  void aliasesAndSecondDocumentsAreRejected() {
    assertFails("pipeline:\n  name: &n x\n  storage: *n\n")
        .hasMessage("p.yaml:3: YAML aliases ('*n') are not supported here; write the value out");
    assertFails("pipeline: { name: x }\n---\ntables: {}\n")
        .hasMessage("p.yaml:3: a second YAML document starts here; a pipeline configuration is one document (remove the '---')");
  }

  @Test
  void unresolvedPlaceholderNamesTheKeyAndWhereToDefineIt() {
    assertFails("pipeline:\n  name: x\n  storage: ${storag}/state\n  configuration:\n    storage: /s\n")
        .hasMessage(
            "p.yaml:3: pipeline.storage: cannot resolve '${storag}': 'storag' is not in pipeline.configuration, --conf"
                + " or the environment. Did you mean '${storage}'? Define it under pipeline.configuration, pass --conf"
                + " storag=VALUE, or give a default: '${storag:VALUE}'");
  }

  @Test
  void unresolvedPlaceholderInsideTheConfigurationPointsAtTheEntry() {
    assertFails("pipeline:\n  storage: ${a}\n  configuration:\n    a: ${b}/x\n")
        .hasMessageStartingWith("p.yaml:4: pipeline.configuration.a: cannot resolve '${b}'");
  }

  @Test
  void unresolvedPlaceholderInAConfOverrideNamesTheOverride() {
    assertFails("pipeline: { name: x }", Map.of("landing", "${nowhere}"), Map.of())
        .hasMessageStartingWith("p.yaml: --conf landing: cannot resolve '${nowhere}'");
  }

  @Test
  void placeholderCycleIsReportedWithItsPath() {
    assertFails("pipeline:\n  configuration:\n    a: ${b}\n    b: x${c}\n    c: ${a}\n")
        .hasMessage("p.yaml:3: pipeline.configuration.a: placeholder cycle a -> b -> c -> a; give one of them a value without placeholders");
    assertFails("pipeline:\n  configuration:\n    self: ${self}\n")
        .hasMessage("p.yaml:3: pipeline.configuration.self: placeholder cycle self -> self; give one of them a value without placeholders");
  }

  @Test
  void unterminatedPlaceholderIsAnError() {
    assertFails("pipeline:\n  storage: ${oops\n")
        .hasMessage("p.yaml:2: pipeline.storage: unterminated placeholder '${oops'; close it with '}'");
  }

  @Test
  void placeholderResultsAreCheckedLikeLiteralValues() {
    assertFails("pipeline:\n  configuration: { parts: many }\ntables:\n  t:\n    partitions: ${parts}\n")
        .hasMessage("p.yaml:5: tables.t.partitions: expected a positive integer, got 'many'");
  }

  @Test
  void aWatermarkDelayWithNoColumnAnywhereIsReportedOnTheYamlWatermark() {
    PipelineConfig config =
        PipelineConfig.parse("tables:\n  t:\n    partitions: 2\n    watermark: { delay: 5s }\n", "p.yaml", Map.of(), Map.of());

    assertThatThrownBy(() -> config.effectiveSettings("t", TableSettings.EMPTY))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "p.yaml:4: tables.t.watermark: no column, and table 't' has no @Watermark to take it from; write watermark:"
                + " { column: ..., delay: ... }");
    assertThat(config.effectiveSettings("t", TableSettings.EMPTY.withWatermark("ts", Duration.ofSeconds(1))).watermark())
        .contains(WatermarkSettings.of("ts", Duration.ofSeconds(5)));
  }

  @Test
  void aTableEntryForAnUndefinedTableSuggestsTheClosestDefinedOne() {
    PipelineConfig config =
        PipelineConfig.parse(
            "pipeline: { name: x }\ntables:\n  events_clean: {}\n  events_clen:\n    partitions: 2\n",
            "p.yaml",
            Map.of(),
            Map.of());

    assertThatThrownBy(() -> config.checkTables(Set.of("raw_events", "events_clean")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "p.yaml:4: tables.events_clen: the pipeline defines no table 'events_clen'. Did you mean 'events_clean'?"
                + " Defined tables: events_clean, raw_events");
  }

  @Test
  void everyUndefinedTableIsReportedWithItsLine() {
    PipelineConfig config =
        PipelineConfig.parse("tables:\n  a: {}\n  zzz: {}\n  raw_event: {}\n", "p.yaml", Map.of(), Map.of());

    assertThat(config.undefinedTables(Set.of("a", "raw_events")))
        .containsExactly(
            "p.yaml:3: tables.zzz: the pipeline defines no table 'zzz'. Defined tables: a, raw_events",
            "p.yaml:4: tables.raw_event: the pipeline defines no table 'raw_event'. Did you mean 'raw_events'? Defined"
                + " tables: a, raw_events");
    assertThatThrownBy(() -> config.checkTables(Set.of("a", "raw_events")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "p.yaml:3: 2 table entries name tables the pipeline does not define:\n"
                + "  p.yaml:3: tables.zzz: the pipeline defines no table 'zzz'. Defined tables: a, raw_events\n"
                + "  p.yaml:4: tables.raw_event: the pipeline defines no table 'raw_event'. Did you mean 'raw_events'?"
                + " Defined tables: a, raw_events");
  }

  @Test
  void aMissingFileSaysWhereItLooked() {
    Path missing = Path.of("no/such/pipeline.yaml");

    assertThatThrownBy(() -> PipelineConfig.load(missing, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no/such/pipeline.yaml: no such file (looked at " + missing.toAbsolutePath().normalize() + ")");
  }

  @Test
  void retainBatchesBelowTwoIsRejectedWithTheReason() {
    assertFails("pipeline:\n  defaults:\n    state-store: { retain-batches: 1 }\n")
        .hasMessage("p.yaml:3: pipeline.defaults.state-store.retain-batches: must be at least 2, got 1: recovery after a "
            + "crash between the state commit and the batch commit needs the version before");
  }
}
