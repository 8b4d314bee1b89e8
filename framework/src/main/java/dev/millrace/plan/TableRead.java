package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read of another table of the pipeline: {@code ctx.readStream("t")} (incremental: only rows committed since
 * the last batch) or {@code ctx.read("t")} (its current snapshot). The schema is filled in by the analyzer from
 * the upstream table's analyzed plan.
 */
public record TableRead(long id, String table, boolean streaming, Optional<Schema> resolvedSchema)
    implements LogicalPlan {

  public TableRead {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(resolvedSchema, "resolvedSchema");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public Schema schema() {
    return resolvedSchema.orElseThrow(() -> new IllegalStateException("Read of table " + table + " is not resolved"));
  }

  @Override
  public boolean isStreaming() {
    return streaming;
  }

  @Override
  public String describe() {
    return "TableRead " + table + (streaming ? " [streaming]" : " [snapshot]");
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return this;
  }
}
