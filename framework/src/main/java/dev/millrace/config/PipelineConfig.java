package dev.millrace.config;

import dev.millrace.errors.Suggestions;
import dev.millrace.config.internal.ConfigBinder;
import dev.millrace.errors.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pipeline configuration file (DESIGN §5), loaded, checked and with {@code ${...}} placeholders substituted.
 *
 * <p>Loading: {@code confOverrides} (the command line's {@code --conf key=value}) replace or add entries of
 * {@code pipeline.configuration} before substitution. {@code ${key}} in any string value (not in keys) is replaced by
 * the configuration entry {@code key}, else the environment variable {@code key}; {@code ${key:default}} falls back to
 * {@code default}; <code>$${</code> writes a literal <code>${</code>. Configuration entries may refer to each other (not in a
 * cycle). Every problem is a {@link ConfigException} whose message starts with {@code file:line:} and says how to fix
 * it. A key given with no value ({@code partitions:}) is an error, except for sections, where it means an empty
 * section, and configuration entries, where it means the empty string.
 *
 * <p>Settings: {@link #effectiveSettings} merges a table's settings in the documented precedence (see
 * {@link TableSettings}).
 *
 * @param source where the configuration came from, for messages: the file path as given, or a description such as
 *     {@code <no config file>}
 * @param pipeline the {@code pipeline:} section
 * @param tables the {@code tables:} entries by table name, in file order, each partial; unmodifiable
 * @param lines the 1-based line of each key in the file by its dotted path ({@code tables.events_clean},
 *     {@code tables.events_clean.watermark}, {@code pipeline.trigger}); unmodifiable, may be empty
 */
public record PipelineConfig(
    String source, PipelineSettings pipeline, Map<String, TableSettings> tables, Map<String, Integer> lines) {

  /** The {@link #source} of {@link #defaults()}. */
  public static final String NO_FILE = "<no config file>";

  public PipelineConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pipeline, "pipeline");
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tables, "tables")));
    tables.forEach((k, v) -> Objects.requireNonNull(v, () -> "settings of table " + k));
    lines = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(lines, "lines")));
  }

  /**
   * Loads the file, substituting from its configuration, {@code confOverrides} and {@link System#getenv()}.
   *
   * @throws ConfigException if the file cannot be read or is not a valid configuration
   */
  public static PipelineConfig load(Path file, Map<String, String> confOverrides) {
    return load(file, confOverrides, System.getenv());
  }

  /** As {@link #load(Path, Map)}, with the environment variables given. */
  public static PipelineConfig load(Path file, Map<String, String> confOverrides, Map<String, String> env) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file.toString(), 0, "no such file (looked at " + file.toAbsolutePath().normalize() + ")", e);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read the file: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), confOverrides, env);
  }

  /**
   * Parses YAML text, substituting from its configuration, {@code confOverrides} and {@link System#getenv()}.
   *
   * @param sourceName names the text in messages, e.g. its file path
   * @throws ConfigException if the text is not a valid configuration
   */
  public static PipelineConfig parse(String yaml, String sourceName, Map<String, String> confOverrides) {
    return parse(yaml, sourceName, confOverrides, System.getenv());
  }

  /** As {@link #parse(String, String, Map)}, with the environment variables given. */
  public static PipelineConfig parse(
      String yaml, String sourceName, Map<String, String> confOverrides, Map<String, String> env) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(confOverrides, "confOverrides");
    Objects.requireNonNull(env, "env");
    return ConfigBinder.bind(yaml, sourceName, confOverrides, env);
  }

  /**
   * The configuration used when no file is given: name {@code pipeline}, storage {@code ./target/millrace/pipeline},
   * warehouse {@code ./target/millrace/pipeline/warehouse.duckdb}, trigger {@code available-now}, no configuration
   * entries, no defaults beyond {@link TableSettings#BUILT_IN}, no table entries.
   */
  public static PipelineConfig defaults() {
    return defaults(Map.of());
  }

  /** As {@link #defaults()}, with {@code --conf} entries as the configuration (substituted from the environment). */
  public static PipelineConfig defaults(Map<String, String> confOverrides) {
    return parse("", NO_FILE, confOverrides);
  }

  /** The value of configuration entry {@code key} ({@code ctx.conf(key)}), or {@code null} if there is none. */
  public String conf(String key) {
    return pipeline.configuration().get(key);
  }

  /** The YAML entry of {@code table}, or {@link TableSettings#EMPTY} if the file has none. */
  public TableSettings tableSettings(String table) {
    return tables.getOrDefault(table, TableSettings.EMPTY);
  }

  /** The 1-based line of the key at the dotted {@code path} (e.g. {@code tables.events_clean}), or 0 if unknown. */
  public int lineOf(String path) {
    return lines.getOrDefault(path, 0);
  }

  /** {@code file:line} of the key at {@code path}, or just the file when the line is unknown; for messages. */
  public String locationOf(String path) {
    int line = lineOf(path);
    return line > 0 ? source + ":" + line : source;
  }

  /**
   * The effective settings of {@code table}, merged lowest to highest precedence:
   * {@code TableSettings.BUILT_IN} &lt; {@code pipeline.defaults} &lt; {@code fromAnnotations} &lt; the YAML entry
   * {@code tables.<table>}.
   *
   * @param fromAnnotations what the table's annotations set (partial); {@link TableSettings#EMPTY} if none
   * @throws ConfigException if the YAML entry sets only one of watermark column and delay and no annotation sets the
   *     other
   * @throws IllegalStateException if {@code fromAnnotations} itself holds a watermark without column or delay
   */
  public ResolvedTableSettings effectiveSettings(String table, TableSettings fromAnnotations) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(fromAnnotations, "fromAnnotations");
    TableSettings merged =
        TableSettings.BUILT_IN
            .overriddenBy(pipeline.defaults())
            .overriddenBy(fromAnnotations)
            .overriddenBy(tableSettings(table));
    WatermarkSettings watermark = merged.watermark();
    if (watermark != null && !watermark.isComplete() && tableSettings(table).watermark() != null) {
      String path = "tables." + table + ".watermark";
      String missing = watermark.column() == null ? "column" : "delay";
      throw new ConfigException(
          source,
          lineOf(path),
          path
              + ": no "
              + missing
              + ", and table '"
              + table
              + "' has no @Watermark to take it from; write watermark: { column: ..., delay: ... }");
    }
    return merged.resolve();
  }

  /**
   * One message per YAML table entry that names a table the pipeline does not define, in file order, each
   * {@code file:line: ...} with a "did you mean" and the defined tables. Empty if every entry names a defined table.
   */
  public List<String> undefinedTables(Set<String> definedTables) {
    Objects.requireNonNull(definedTables, "definedTables");
    List<String> problems = new ArrayList<>();
    for (String table : tables.keySet()) {
      if (!definedTables.contains(table)) {
        problems.add(locationOf("tables." + table) + ": " + undefinedTable(table, definedTables));
      }
    }
    return problems;
  }

  /**
   * Checks that every YAML table entry names one of {@code definedTables}.
   *
   * @throws ConfigException naming every entry that does not, with its line (the exception's line is the first one's)
   */
  public void checkTables(Set<String> definedTables) {
    List<String> problems = undefinedTables(definedTables);
    if (problems.isEmpty()) {
      return;
    }
    String first = tables.keySet().stream().filter(t -> !definedTables.contains(t)).findFirst().orElseThrow();
    int line = lineOf("tables." + first);
    if (problems.size() == 1) {
      throw new ConfigException(source, line, undefinedTable(first, definedTables));
    }
    throw new ConfigException(
        source,
        line,
        problems.size() + " table entries name tables the pipeline does not define:\n  " + String.join("\n  ", problems));
  }

  private static String undefinedTable(String table, Set<String> definedTables) {
    Set<String> sorted = new TreeSet<>(definedTables);
    String hint = Suggestions.closest(table, sorted).map(t -> " Did you mean '" + t + "'?").orElse("");
    String defined =
        sorted.isEmpty() ? " The pipeline defines no tables." : " Defined tables: " + String.join(", ", sorted);
    return "tables." + table + ": the pipeline defines no table '" + table + "'." + hint + defined;
  }
}
