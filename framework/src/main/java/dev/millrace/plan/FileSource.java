package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Files of one format in a directory: {@code ctx.readStream().format("json").schema(...).load(path)}. A streaming
 * source reads each new file once; a batch source reads all files.
 *
 * @param declaredSchema the declared schema; file sources need one (the analyzer reports a missing schema)
 * @param options reader options such as {@code maxFilesPerTrigger}, {@code header}, {@code mode}
 */
public record FileSource(long id, String format, Optional<Schema> declaredSchema, Map<String, String> options, String path,
    boolean streaming) implements LogicalPlan {

  public FileSource {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(declaredSchema, "declaredSchema");
    Objects.requireNonNull(path, "path");
    options = Map.copyOf(options);
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  /** The column that holds the raw text of a malformed record in PERMISSIVE mode, as in Spark. */
  public static final String CORRUPT_RECORD_COLUMN = "_corrupt_record";

  /**
   * The rows' schema: the declared schema and, in PERMISSIVE mode (the default), a STRING column
   * {@code _corrupt_record} (or the name of the {@code columnNameOfCorruptRecord} option) at the end unless the
   * declared schema has it, so that a malformed record is kept with its raw text instead of vanishing. In PERMISSIVE
   * mode every column is nullable, since a kept malformed record may lack any value; in the other modes a null in a
   * NOT NULL column makes the record malformed.
   */
  @Override
  public Schema schema() {
    Schema declared = declaredSchema.orElseThrow(
        () -> new IllegalStateException("File source " + path + " has no schema"));
    if (corruptRecordColumn().isEmpty()) {
      return declared;
    }
    // A kept malformed record has nulls anywhere, so every column is nullable (as Spark reads file sources).
    var fields = new java.util.ArrayList<dev.millrace.types.Field>();
    for (var f : declared.fields()) {
      fields.add(new dev.millrace.types.Field(f.name(), f.type(), true));
    }
    Schema nullable = new Schema(fields);
    String column = corruptRecordColumn().get();
    return nullable.indexOf(column) >= 0 ? nullable
        : nullable.withField(dev.millrace.types.Field.of(column, dev.millrace.types.DataType.STRING));
  }

  /** The option {@code key}, looked up case-insensitively as Spark does. */
  public Optional<String> option(String key) {
    return options.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
        .findFirst();
  }

  /** The column for malformed records' text when the mode is PERMISSIVE (the default); empty otherwise. */
  public Optional<String> corruptRecordColumn() {
    String mode = option("mode").orElse("PERMISSIVE");
    if (!mode.equalsIgnoreCase("PERMISSIVE")) {
      return Optional.empty();
    }
    return Optional.of(option("columnNameOfCorruptRecord").orElse(CORRUPT_RECORD_COLUMN));
  }

  @Override
  public boolean isStreaming() {
    return streaming;
  }

  @Override
  public String describe() {
    return "FileSource " + format + " " + path + (streaming ? " [streaming]" : "")
        + (options.isEmpty() ? "" : " " + new TreeMap<>(options))
        + declaredSchema.map(s -> " (" + s.toDdl() + ")").orElse("");
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return this;
  }
}
