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

  @Override
  public Schema schema() {
    return declaredSchema.orElseThrow(() -> new IllegalStateException("File source " + path + " has no schema"));
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
