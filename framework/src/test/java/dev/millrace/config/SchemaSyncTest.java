package dev.millrace.config;

import dev.millrace.streaming.OutputMode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.config.internal.ConfigBinder;
import dev.millrace.config.internal.ConfigKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code config/millrace-pipeline.schema.json} and the loader in step: the same keys at every level, closed
 * objects, and the same enum values.
 */
class SchemaSyncTest {

  private static final Path SCHEMA = Path.of("../config/millrace-pipeline.schema.json");
  private static JsonNode root;

  @BeforeAll
  static void readSchema() {
    ObjectMapper mapper = JsonMapper.builder().build();
    root = mapper.readTree(SCHEMA.toFile());
  }

  @Test
  void isADraft2020SchemaThatClosesTheRoot() {
    assertThat(root.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(root.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void everyLevelAllowsExactlyTheKeysTheLoaderAccepts() {
    JsonNode pipeline = property(root, "pipeline");
    JsonNode table = resolve(property(root, "tables").path("additionalProperties"));
    JsonNode stateStore = property(table, "state-store");

    assertKeys(root, ConfigKeys.ROOT);
    assertKeys(pipeline, ConfigKeys.PIPELINE);
    assertKeys(property(pipeline, "trigger"), ConfigKeys.TRIGGER);
    assertKeys(property(pipeline, "defaults"), ConfigKeys.DEFAULTS);
    assertKeys(table, ConfigKeys.TABLE);
    assertKeys(property(table, "watermark"), ConfigKeys.WATERMARK);
    assertKeys(property(table, "dedupe"), ConfigKeys.DEDUPE);
    assertKeys(stateStore, ConfigKeys.STATE_STORE);
    assertKeys(property(property(pipeline, "defaults"), "state-store"), ConfigKeys.STATE_STORE);
    assertKeys(property(stateStore, "rocksdb"), ConfigKeys.ROCKSDB);
  }

  @Test
  void everyEnumListsTheJavaConstantsInKebabCase() {
    JsonNode pipeline = property(root, "pipeline");
    JsonNode table = resolve(property(root, "tables").path("additionalProperties"));
    JsonNode stateStore = property(table, "state-store");

    assertThat(enumValues(property(property(pipeline, "trigger"), "mode"))).isEqualTo(kebab(TriggerMode.class));
    assertThat(enumValues(property(table, "output-mode"))).isEqualTo(kebab(OutputMode.class));
    assertThat(enumValues(property(table, "watermark-policy"))).isEqualTo(kebab(WatermarkPolicy.class));
    assertThat(enumValues(property(stateStore, "provider"))).isEqualTo(kebab(StateStoreProvider.class));
    assertThat(enumValues(property(property(stateStore, "rocksdb"), "compression")))
        .isEqualTo(kebab(RocksDbCompression.class));
  }

  @Test
  void theBuiltInDefaultsAreTheOnesTheSchemaDescribes() {
    String description = property(property(root, "pipeline"), "defaults").path("description").asString();
    ResolvedTableSettings builtIn = TableSettings.BUILT_IN.resolve();

    assertThat(description)
        .contains("partitions " + builtIn.partitions())
        .contains("watermark-policy " + ConfigBinder.kebab(builtIn.watermarkPolicy()))
        .contains("state-store " + ConfigBinder.kebab(builtIn.stateStore().provider()))
        .contains("snapshot-interval " + builtIn.stateStore().snapshotInterval())
        .contains("retain-batches " + builtIn.stateStore().retainBatches())
        .contains("block-cache " + ByteSizes.format(builtIn.stateStore().rocksdb().blockCacheBytes()))
        .contains("write-buffer " + ByteSizes.format(builtIn.stateStore().rocksdb().writeBufferBytes()))
        .contains("compression " + ConfigBinder.kebab(builtIn.stateStore().rocksdb().compression()));
  }

  private static void assertKeys(JsonNode objectSchema, List<String> loaderKeys) {
    assertThat(objectSchema.path("additionalProperties").isBoolean())
        .as("additionalProperties: false in %s", objectSchema.path("description").asString())
        .isTrue();
    assertThat(objectSchema.path("additionalProperties").asBoolean()).isFalse();
    List<String> schemaKeys = new ArrayList<>(objectSchema.path("properties").propertyNames());
    assertThat(schemaKeys).containsExactlyElementsOf(loaderKeys);
  }

  /** The property's schema, following a {@code $ref} to {@code #/$defs/...}. */
  private static JsonNode property(JsonNode objectSchema, String name) {
    JsonNode node = objectSchema.path("properties").path(name);
    assertThat(node.isMissingNode()).as("schema property %s", name).isFalse();
    return resolve(node);
  }

  private static JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.path("$ref").asString();
      assertThat(ref).startsWith("#/$defs/");
      node = root.path("$defs").path(ref.substring("#/$defs/".length()));
      assertThat(node.isMissingNode()).as(ref).isFalse();
    }
    return node;
  }

  /** The values of an {@code enum}, directly or in one branch of an {@code anyOf}. */
  private static Set<String> enumValues(JsonNode schema) {
    Set<String> values = new TreeSet<>();
    List<JsonNode> candidates = new ArrayList<>(List.of(schema));
    schema.path("anyOf").forEach(candidates::add);
    for (JsonNode candidate : candidates) {
      candidate.path("enum").forEach(v -> values.add(v.asString()));
    }
    assertThat(values).as("enum values").isNotEmpty();
    return values;
  }

  private static Set<String> kebab(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigBinder::kebab).collect(Collectors.toCollection(TreeSet::new));
  }
}
