package dev.millrace.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code pipeline:} section of the configuration file, with {@code ${...}} placeholders already substituted.
 * Every component is non-null. Relative paths are relative to the process's working directory, not to the file.
 *
 * @param name the pipeline's name (default {@code pipeline})
 * @param storage the directory that holds checkpoints and state (default {@code ./target/millrace/<name>})
 * @param warehouse the DuckDB file that holds the tables (default {@code <storage>/warehouse.duckdb})
 * @param trigger when batches run (default {@code available-now})
 * @param configuration the free-form string map read by {@code ctx.conf(key)}, with {@code --conf} overrides
 *     applied; unmodifiable, in file order (overrides that add keys come last)
 * @param defaults the pipeline-wide table settings (partial; only partitions, watermark policy and state store can
 *     be set in the file)
 */
public record PipelineSettings(
    String name,
    String storage,
    String warehouse,
    Trigger trigger,
    Map<String, String> configuration,
    TableSettings defaults) {

  /** The name used when the file gives none. */
  public static final String DEFAULT_NAME = "pipeline";

  public PipelineSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(warehouse, "warehouse");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(defaults, "defaults");
    configuration = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(configuration, "configuration")));
    configuration.forEach((k, v) -> Objects.requireNonNull(v, () -> "configuration value of " + k));
  }

  /** The default storage directory of a pipeline named {@code name}: {@code ./target/millrace/<name>}. */
  public static String defaultStorage(String name) {
    return "./target/millrace/" + name;
  }

  /** The default warehouse file under {@code storage}: {@code <storage>/warehouse.duckdb}. */
  public static String defaultWarehouse(String storage) {
    return storage + (storage.endsWith("/") ? "" : "/") + "warehouse.duckdb";
  }
}
