package dev.millrace.dataset;

import dev.millrace.plan.FileSource;
import dev.millrace.plan.Plans;
import dev.millrace.types.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes a file source, as Spark's {@code DataStreamReader}/{@code DataFrameReader}: {@code format}, {@code schema},
 * {@code option}s, then {@link #load}. Formats: {@code json} (JSON lines) and {@code csv}. File sources need a
 * schema. Common options: {@code maxFilesPerTrigger}, {@code maxBytesPerTrigger}, {@code mode}
 * (PERMISSIVE, DROPMALFORMED, FAILFAST), for csv {@code header} and {@code delimiter}.
 *
 * <p>A builder used by one thread; each call returns this reader.
 */
public final class SourceReader {

  /** The file formats this version reads. */
  public static final List<String> FORMATS = List.of("json", "csv");

  private final boolean streaming;
  private String format;
  private Schema schema;
  private final Map<String, String> options = new HashMap<>();

  public SourceReader(boolean streaming) {
    this.streaming = streaming;
  }

  public SourceReader format(String format) {
    String f = Objects.requireNonNull(format, "format").toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(f)) {
      throw new IllegalArgumentException("Unknown source format '" + format + "'. Supported formats: "
          + String.join(", ", FORMATS));
    }
    this.format = f;
    return this;
  }

  /** The schema in DDL, e.g. {@code "event_id STRING, event_time TIMESTAMP, amount DOUBLE"}. */
  public SourceReader schema(String ddl) {
    return schema(Schema.parse(ddl));
  }

  public SourceReader schema(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
    return this;
  }

  public SourceReader option(String key, String value) {
    options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public SourceReader option(String key, long value) {
    return option(key, Long.toString(value));
  }

  public SourceReader option(String key, boolean value) {
    return option(key, Boolean.toString(value));
  }

  public SourceReader options(Map<String, String> options) {
    options.forEach(this::option);
    return this;
  }

  /** The files of the directory {@code path}. */
  public Dataset load(String path) {
    Objects.requireNonNull(path, "path");
    if (format == null) {
      throw new IllegalArgumentException("No format given for source '" + path + "': call format(\"json\") or "
          + "format(\"csv\") before load, or use json(path) / csv(path)");
    }
    return new Dataset(new FileSource(Plans.nextId(), format, Optional.ofNullable(schema), options, path, streaming));
  }

  /** {@code format("json").load(path)}. */
  public Dataset json(String path) {
    return format("json").load(path);
  }

  /** {@code format("csv").load(path)}. */
  public Dataset csv(String path) {
    return format("csv").load(path);
  }
}
