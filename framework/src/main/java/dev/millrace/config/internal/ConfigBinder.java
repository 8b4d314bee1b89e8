package dev.millrace.config.internal;

import dev.millrace.errors.Suggestions;
import dev.millrace.streaming.OutputMode;
import dev.millrace.config.ByteSizes;
import dev.millrace.config.DedupeSettings;
import dev.millrace.config.Durations;

import dev.millrace.config.PipelineConfig;
import dev.millrace.config.PipelineSettings;
import dev.millrace.config.RocksDbCompression;
import dev.millrace.config.RocksDbSettings;
import dev.millrace.config.StateStoreProvider;
import dev.millrace.config.StateStoreSettings;
import dev.millrace.config.TableSettings;
import dev.millrace.config.Trigger;
import dev.millrace.config.TriggerMode;
import dev.millrace.config.WatermarkPolicy;
import dev.millrace.config.WatermarkSettings;
import dev.millrace.errors.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds a {@link YamlNode} tree to a {@link PipelineConfig}: checks keys and types, substitutes placeholders, and
 * reports every problem as a {@link ConfigException} on the line of the offending key or value.
 */
public final class ConfigBinder {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern INTEGER = Pattern.compile("[+]?\\d+");

  private final String source;
  private final Map<String, Integer> lines = new LinkedHashMap<>();
  private Placeholders placeholders;

  private ConfigBinder(String source) {
    this.source = source;
  }

  /** Reads and binds {@code yaml}; see {@link PipelineConfig#parse(String, String, Map, Map)}. */
  public static PipelineConfig bind(
      String yaml, String source, Map<String, String> confOverrides, Map<String, String> env) {
    return new ConfigBinder(source).bindRoot(YamlReader.read(yaml, source), confOverrides, env);
  }

  private PipelineConfig bindRoot(YamlNode rootNode, Map<String, String> confOverrides, Map<String, String> env) {
    YamlNode.Mapping root = mapping(rootNode, "", 1);
    checkKeys(root, "", ConfigKeys.ROOT);
    YamlNode.Entry pipelineEntry = root.entries().get("pipeline");
    YamlNode.Mapping pipeline =
        pipelineEntry == null ? new YamlNode.Mapping(1, Map.of()) : mapping(pipelineEntry, "pipeline");
    checkKeys(pipeline, "pipeline", ConfigKeys.PIPELINE);
    record(pipelineEntry, "pipeline");

    Map<String, String> configuration = bindConfiguration(pipeline.entries().get("configuration"), confOverrides, env);

    String name = string(pipeline.entries().get("name"), "pipeline.name", PipelineSettings.DEFAULT_NAME);
    YamlNode.Entry nameEntry = pipeline.entries().get("name");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          source,
          nameEntry.value().line(),
          "pipeline.name: expected a name of letters, digits, '_', '-' and '.' (it names directories), got '" + name + "'");
    }
    String storage = string(pipeline.entries().get("storage"), "pipeline.storage", PipelineSettings.defaultStorage(name));
    String warehouse =
        string(pipeline.entries().get("warehouse"), "pipeline.warehouse", PipelineSettings.defaultWarehouse(storage));
    Trigger trigger = bindTrigger(pipeline.entries().get("trigger"));
    TableSettings defaults =
        bindTable(pipeline.entries().get("defaults"), "pipeline.defaults", ConfigKeys.DEFAULTS);

    Map<String, TableSettings> tables = new LinkedHashMap<>();
    YamlNode.Entry tablesEntry = root.entries().get("tables");
    if (tablesEntry != null) {
      record(tablesEntry, "tables");
      for (YamlNode.Entry table : mapping(tablesEntry, "tables").entries().values()) {
        String path = "tables." + table.key();
        if (table.key().isBlank()) {
          throw new ConfigException(source, table.keyLine(), "tables: a table name must not be empty");
        }
        tables.put(table.key(), bindTable(table, path, ConfigKeys.TABLE));
      }
    }
    return new PipelineConfig(
        source,
        new PipelineSettings(name, storage, warehouse, trigger, configuration, defaults),
        tables,
        lines);
  }

  private Map<String, String> bindConfiguration(
      YamlNode.Entry entry, Map<String, String> overrides, Map<String, String> env) {
    Map<String, Placeholders.RawEntry> raw = new LinkedHashMap<>();
    if (entry != null) {
      record(entry, "pipeline.configuration");
      for (YamlNode.Entry e : mapping(entry, "pipeline.configuration").entries().values()) {
        String path = "pipeline.configuration." + e.key();
        record(e, path);
        if (!(e.value() instanceof YamlNode.Scalar s)) {
          throw new ConfigException(
              source,
              e.value().line(),
              path
                  + ": expected a string, got "
                  + describe(e.value())
                  + "; configuration is a flat map of strings (use dotted keys such as 'kafka.servers')");
        }
        raw.put(e.key(), new Placeholders.RawEntry(s.empty() ? "" : s.text(), path, s.line()));
      }
    }
    overrides.forEach((k, v) -> raw.put(k, new Placeholders.RawEntry(v, "--conf " + k, 0)));
    placeholders = new Placeholders(source, raw, env);
    return placeholders.resolveAll();
  }

  private Trigger bindTrigger(YamlNode.Entry entry) {
    if (entry == null) {
      return Trigger.availableNow();
    }
    record(entry, "pipeline.trigger");
    YamlNode.Mapping m = mapping(entry, "pipeline.trigger");
    checkKeys(m, "pipeline.trigger", ConfigKeys.TRIGGER);
    YamlNode.Entry modeEntry = m.entries().get("mode");
    if (modeEntry == null) {
      throw new ConfigException(
          source, entry.keyLine(), "pipeline.trigger: missing 'mode'; allowed values: " + allowed(TriggerMode.class));
    }
    TriggerMode mode = enumValue(modeEntry, "pipeline.trigger.mode", TriggerMode.class);
    YamlNode.Entry intervalEntry = m.entries().get("interval");
    Duration interval = intervalEntry == null ? null : duration(intervalEntry, "pipeline.trigger.interval");
    if (mode == TriggerMode.PROCESSING_TIME && interval == null) {
      throw new ConfigException(
          source,
          modeEntry.value().line(),
          "pipeline.trigger: mode processing-time needs an interval, e.g. trigger: { mode: processing-time, interval: 5 seconds }");
    }
    if ((mode == TriggerMode.AVAILABLE_NOW || mode == TriggerMode.ONCE) && interval != null) {
      throw new ConfigException(
          source,
          intervalEntry.keyLine(),
          "pipeline.trigger.interval: mode "
              + kebab(mode)
              + " takes no interval; remove it, or use mode: processing-time to run a batch every interval");
    }
    return new Trigger(mode, interval);
  }

  private TableSettings bindTable(YamlNode.Entry entry, String path, List<String> keys) {
    if (entry == null) {
      return TableSettings.EMPTY;
    }
    record(entry, path);
    YamlNode.Mapping m = mapping(entry, path);
    checkKeys(m, path, keys);
    Map<String, YamlNode.Entry> e = m.entries();
    return new TableSettings(
        optional(e.get("partitions"), path + ".partitions", this::positiveInt),
        optional(e.get("watermark"), path + ".watermark", this::watermark),
        optional(e.get("watermark-policy"), path + ".watermark-policy", (x, p) -> enumValue(x, p, WatermarkPolicy.class)),
        optional(e.get("dedupe"), path + ".dedupe", this::dedupe),
        optional(e.get("output-mode"), path + ".output-mode", (x, p) -> enumValue(x, p, OutputMode.class)),
        optional(e.get("state-store"), path + ".state-store", this::stateStore),
        optional(e.get("comment"), path + ".comment", (x, p) -> string(x, p, null)));
  }

  private WatermarkSettings watermark(YamlNode.Entry entry, String path) {
    YamlNode.Mapping m = mapping(entry, path);
    checkKeys(m, path, ConfigKeys.WATERMARK);
    if (m.entries().isEmpty()) {
      throw new ConfigException(
          source, entry.keyLine(), path + ": empty; set column and/or delay, e.g. { column: event_time, delay: 10 seconds }");
    }
    return new WatermarkSettings(
        optional(m.entries().get("column"), path + ".column", (x, p) -> string(x, p, null)),
        optional(m.entries().get("delay"), path + ".delay", this::duration));
  }

  private DedupeSettings dedupe(YamlNode.Entry entry, String path) {
    YamlNode.Mapping m = mapping(entry, path);
    checkKeys(m, path, ConfigKeys.DEDUPE);
    YamlNode.Entry keys = m.entries().get("keys");
    if (keys == null) {
      throw new ConfigException(source, entry.keyLine(), path + ": missing 'keys', e.g. dedupe: { keys: [event_id] }");
    }
    record(keys, path + ".keys");
    if (!(keys.value() instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
      throw new ConfigException(
          source,
          keys.value().line(),
          path + ".keys: expected a non-empty list of column names, e.g. keys: [event_id], got " + describe(keys.value()));
    }
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      columns.add(scalarString(seq.items().get(i), path + ".keys[" + i + "]", "a column name"));
    }
    return new DedupeSettings(columns);
  }

  private StateStoreSettings stateStore(YamlNode.Entry entry, String path) {
    YamlNode.Mapping m = mapping(entry, path);
    checkKeys(m, path, ConfigKeys.STATE_STORE);
    Map<String, YamlNode.Entry> e = m.entries();
    return new StateStoreSettings(
        optional(e.get("provider"), path + ".provider", (x, p) -> enumValue(x, p, StateStoreProvider.class)),
        optional(e.get("snapshot-interval"), path + ".snapshot-interval", this::positiveInt),
        optional(e.get("retain-batches"), path + ".retain-batches", this::retainBatches),
        optional(e.get("rocksdb"), path + ".rocksdb", this::rocksdb));
  }

  private RocksDbSettings rocksdb(YamlNode.Entry entry, String path) {
    YamlNode.Mapping m = mapping(entry, path);
    checkKeys(m, path, ConfigKeys.ROCKSDB);
    Map<String, YamlNode.Entry> e = m.entries();
    return new RocksDbSettings(
        optional(e.get("block-cache"), path + ".block-cache", this::size),
        optional(e.get("write-buffer"), path + ".write-buffer", this::size),
        optional(e.get("compression"), path + ".compression", (x, p) -> enumValue(x, p, RocksDbCompression.class)));
  }

  // --- typed values -------------------------------------------------------------------------------------------

  private interface Binding<T> {
    T bind(YamlNode.Entry entry, String path);
  }

  private <T> T optional(YamlNode.Entry entry, String path, Binding<T> binding) {
    if (entry == null) {
      return null;
    }
    record(entry, path);
    return binding.bind(entry, path);
  }

  private String string(YamlNode.Entry entry, String path, String fallback) {
    if (entry == null) {
      return fallback;
    }
    record(entry, path);
    return scalarString(entry.value(), path, "a string");
  }

  private String scalarString(YamlNode node, String path, String expected) {
    String text = scalar(node, path, expected);
    if (text.isBlank()) {
      throw new ConfigException(source, node.line(), path + ": expected " + expected + ", got an empty string");
    }
    return text;
  }

  /** The substituted text of a scalar; an error for a mapping, a list or nothing. */
  private String scalar(YamlNode node, String path, String expected) {
    if (!(node instanceof YamlNode.Scalar s) || s.empty()) {
      throw new ConfigException(source, node.line(), path + ": expected " + expected + ", got " + describe(node));
    }
    return placeholders.substitute(s.text(), path, s.line());
  }

  private Integer positiveInt(YamlNode.Entry entry, String path) {
    String text = scalar(entry.value(), path, "a positive integer").strip();
    if (INTEGER.matcher(text).matches()) {
      try {
        int value = Integer.parseInt(text);
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException tooLarge) {
        // reported below
      }
    }
    throw new ConfigException(source, entry.value().line(), path + ": expected a positive integer, got '" + text + "'");
  }

  /** At least 2: a crash between a state commit and {@code commits/N} re-runs batch N from the version before. */
  private Integer retainBatches(YamlNode.Entry entry, String path) {
    int value = positiveInt(entry, path);
    if (value < 2) {
      throw new ConfigException(source, entry.value().line(), path + ": must be at least 2, got " + value
          + ": recovery after a crash between the state commit and the batch commit needs the version before");
    }
    return value;
  }

  private Duration duration(YamlNode.Entry entry, String path) {
    String text = scalar(entry.value(), path, "a duration such as '10 seconds'");
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, entry.value().line(), path + ": " + e.getMessage());
    }
  }

  private Long size(YamlNode.Entry entry, String path) {
    String text = scalar(entry.value(), path, "a size such as '64MB'");
    long bytes;
    try {
      bytes = ByteSizes.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, entry.value().line(), path + ": " + e.getMessage());
    }
    if (bytes <= 0) {
      throw new ConfigException(source, entry.value().line(), path + ": expected a positive size, got '" + text + "'");
    }
    return bytes;
  }

  private <E extends Enum<E>> E enumValue(YamlNode.Entry entry, String path, Class<E> type) {
    String text = scalar(entry.value(), path, "one of " + allowed(type)).strip();
    String normalized = text.toLowerCase(Locale.ROOT).replace('_', '-');
    Map<String, E> byName =
        Arrays.stream(type.getEnumConstants())
            .collect(Collectors.toMap(ConfigBinder::kebab, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    E value = byName.get(normalized);
    if (value != null) {
      return value;
    }
    String hint = Suggestions.closest(text, byName.keySet()).map(s -> "did you mean '" + s + "'? ").orElse("");
    throw new ConfigException(
        source, entry.value().line(), path + ": unknown value '" + text + "'; " + hint + "allowed values: " + allowed(type));
  }

  /** An enum constant as the file writes it: {@code AVAILABLE_NOW} is {@code available-now}. */
  public static String kebab(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String allowed(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(ConfigBinder::kebab).collect(Collectors.joining(", "));
  }

  // --- structure ----------------------------------------------------------------------------------------------

  private YamlNode.Mapping mapping(YamlNode.Entry entry, String path) {
    return mapping(entry.value(), path, entry.keyLine());
  }

  /** The node as a mapping; a missing value ({@code key:} alone) is an empty mapping. */
  private YamlNode.Mapping mapping(YamlNode node, String path, int line) {
    if (node instanceof YamlNode.Mapping m) {
      return m;
    }
    if (node instanceof YamlNode.Scalar s && s.empty()) {
      return new YamlNode.Mapping(s.line(), Map.of());
    }
    throw new ConfigException(
        source,
        node.line(),
        (path.isEmpty() ? "the file" : path) + ": expected a mapping of keys to values, got " + describe(node));
  }

  private void checkKeys(YamlNode.Mapping m, String path, List<String> allowed) {
    for (YamlNode.Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        String hint = Suggestions.closest(e.key(), allowed).map(s -> "; did you mean '" + s + "'?").orElse(".");
        if (path.equals("pipeline.defaults") && ConfigKeys.TABLE.contains(e.key())) {
          hint = "; '" + e.key() + "' can be set per table only, under tables.<name>.";
        }
        throw new ConfigException(
            source,
            e.keyLine(),
            "unknown key '" + e.key() + "' " + ConfigKeys.where(path) + hint + " Allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  private void record(YamlNode.Entry entry, String path) {
    if (entry != null) {
      lines.put(path, entry.keyLine());
    }
  }

  private static String describe(YamlNode node) {
    if (node instanceof YamlNode.Scalar s) {
      return s.empty() ? "nothing" : "'" + s.text() + "'";
    }
    return node instanceof YamlNode.Mapping ? "a mapping" : "a list";
  }
}
