package dev.millrace.config;

import dev.millrace.streaming.OutputMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableSettingsTest {

  private static final long MB = 1L << 20;

  @Test
  void builtInDefaultsResolveToTheDocumentedValues() {
    ResolvedTableSettings resolved = TableSettings.BUILT_IN.resolve();

    assertThat(resolved)
        .isEqualTo(
            new ResolvedTableSettings(
                4,
                Optional.empty(),
                WatermarkPolicy.MIN,
                Optional.empty(),
                OutputMode.APPEND,
                new ResolvedTableSettings.StateStore(
                    StateStoreProvider.ROCKSDB, 10, 20, new ResolvedTableSettings.RocksDb(64 * MB, 16 * MB, RocksDbCompression.LZ4)),
                Optional.empty()));
  }

  @Test
  void emptyIsTheIdentityOfOverriding() {
    assertThat(TableSettings.BUILT_IN.overriddenBy(TableSettings.EMPTY)).isEqualTo(TableSettings.BUILT_IN);
    assertThat(TableSettings.EMPTY.overriddenBy(TableSettings.BUILT_IN)).isEqualTo(TableSettings.BUILT_IN);
    assertThat(TableSettings.BUILT_IN.overriddenBy(null)).isEqualTo(TableSettings.BUILT_IN);
  }

  @Test
  void aValueSetInTheHigherLevelWinsFieldByField() {
    TableSettings lower =
        TableSettings.EMPTY
            .withPartitions(8)
            .withWatermark("event_time", Duration.ofSeconds(10))
            .withDedupe(DedupeSettings.of("event_id"))
            .withComment("lower");
    TableSettings higher = TableSettings.EMPTY.withOutputMode(OutputMode.UPDATE).withComment("higher");

    TableSettings merged = lower.overriddenBy(higher);

    assertThat(merged.partitions()).isEqualTo(8);
    assertThat(merged.watermark()).isEqualTo(WatermarkSettings.of("event_time", Duration.ofSeconds(10)));
    assertThat(merged.dedupe()).isEqualTo(DedupeSettings.of("event_id"));
    assertThat(merged.outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(merged.comment()).isEqualTo("higher");
    assertThat(merged.watermarkPolicy()).isNull();
    assertThat(merged.stateStore()).isNull();
  }

  @Test
  void dedupeKeysAreReplacedAsAWhole() {
    TableSettings merged =
        TableSettings.EMPTY
            .withDedupe(DedupeSettings.of("a", "b"))
            .overriddenBy(TableSettings.EMPTY.withDedupe(DedupeSettings.of("c")));

    assertThat(merged.dedupe().keys()).containsExactly("c");
  }

  @Test
  void aWatermarkDelayAloneKeepsTheLowerLevelsColumn() {
    TableSettings merged =
        TableSettings.EMPTY
            .withWatermark("event_time", Duration.ofSeconds(10))
            .overriddenBy(TableSettings.EMPTY.withWatermark(new WatermarkSettings(null, Duration.ofSeconds(30))));

    assertThat(merged.watermark()).isEqualTo(WatermarkSettings.of("event_time", Duration.ofSeconds(30)));
  }

  @Test
  void stateStoreAndRocksDbMergeFieldByField() {
    TableSettings lower =
        TableSettings.EMPTY.withStateStore(
            new StateStoreSettings(StateStoreProvider.ROCKSDB, 10, 20, new RocksDbSettings(64 * MB, 16 * MB, RocksDbCompression.LZ4)));
    TableSettings higher =
        TableSettings.EMPTY.withStateStore(
            StateStoreSettings.EMPTY
                .withRetainBatches(50)
                .withRocksdb(RocksDbSettings.EMPTY.withCompression(RocksDbCompression.ZSTD)));

    assertThat(lower.overriddenBy(higher).stateStore())
        .isEqualTo(
            new StateStoreSettings(StateStoreProvider.ROCKSDB, 10, 50, new RocksDbSettings(64 * MB, 16 * MB, RocksDbCompression.ZSTD)));
  }

  @Test
  void precedenceIsBuiltInThenPipelineDefaultsThenAnnotationsThenTheYamlEntry() {
    String yaml =
        """
        pipeline:
          defaults:
            partitions: 8
            watermark-policy: max
            state-store:
              snapshot-interval: 5
              retain-batches: 30
              rocksdb: { block-cache: 128MB, compression: snappy }
        tables:
          t:
            partitions: 2
            watermark: { delay: 1 minute }
            state-store:
              provider: memory
              rocksdb: { compression: zstd }
        """;
    PipelineConfig config = PipelineConfig.parse(yaml, "p.yaml", Map.of(), Map.of());
    TableSettings annotations =
        TableSettings.EMPTY
            .withPartitions(3)
            .withWatermark("event_time", Duration.ofSeconds(10))
            .withOutputMode(OutputMode.UPDATE)
            .withDedupe(DedupeSettings.of("id"))
            .withComment("from the annotation")
            .withStateStore(StateStoreSettings.EMPTY.withRetainBatches(40));

    ResolvedTableSettings effective = config.effectiveSettings("t", annotations);

    assertThat(effective.partitions()).as("YAML entry over annotation").isEqualTo(2);
    assertThat(effective.watermark())
        .as("YAML delay, annotation column")
        .contains(WatermarkSettings.of("event_time", Duration.ofMinutes(1)));
    assertThat(effective.watermarkPolicy()).as("pipeline defaults over built-in").isEqualTo(WatermarkPolicy.MAX);
    assertThat(effective.outputMode()).as("annotation over built-in").isEqualTo(OutputMode.UPDATE);
    assertThat(effective.dedupe()).contains(DedupeSettings.of("id"));
    assertThat(effective.comment()).contains("from the annotation");
    assertThat(effective.stateStore())
        .isEqualTo(
            new ResolvedTableSettings.StateStore(
                StateStoreProvider.MEMORY, // YAML entry
                5, // pipeline defaults
                40, // annotation over pipeline defaults
                new ResolvedTableSettings.RocksDb(
                    128 * MB, // pipeline defaults
                    16 * MB, // built-in
                    RocksDbCompression.ZSTD))); // YAML entry
  }

  @Test
  void aTableWithoutYamlEntryGetsAnnotationsOverDefaults() {
    PipelineConfig config =
        PipelineConfig.parse("pipeline: { defaults: { partitions: 8 } }", "p.yaml", Map.of(), Map.of());

    ResolvedTableSettings effective = config.effectiveSettings("other", TableSettings.EMPTY.withOutputMode(OutputMode.COMPLETE));

    assertThat(effective.partitions()).isEqualTo(8);
    assertThat(effective.outputMode()).isEqualTo(OutputMode.COMPLETE);
    assertThat(effective.stateStore().provider()).isEqualTo(StateStoreProvider.ROCKSDB);
  }

  @Test
  void resolvingNamesEveryUnsetRequiredSetting() {
    assertThatThrownBy(() -> TableSettings.EMPTY.withPartitions(2).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "incomplete table settings, unset: watermark-policy, output-mode, state-store.provider,"
                + " state-store.snapshot-interval, state-store.retain-batches, state-store.rocksdb.block-cache,"
                + " state-store.rocksdb.write-buffer, state-store.rocksdb.compression (resolve settings merged over"
                + " TableSettings.BUILT_IN)");
  }

  @Test
  void resolvingAWatermarkWithoutColumnFails() {
    TableSettings settings =
        TableSettings.BUILT_IN.withWatermark(new WatermarkSettings(null, Duration.ofSeconds(5)));

    assertThatThrownBy(settings::resolve).hasMessageStartingWith("incomplete table settings, unset: watermark.column ");
  }

  @Test
  void rejectsNonPositiveCountsWhenBuiltInCode() {
    assertThatThrownBy(() -> TableSettings.EMPTY.withPartitions(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateStoreSettings.EMPTY.withRetainBatches(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DedupeSettings(java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
