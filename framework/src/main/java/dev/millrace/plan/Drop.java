package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/** {@code drop(names...)}: removes columns; names that do not exist are ignored, as in Spark. Analyzed into a {@link Project}. */
public record Drop(long id, List<String> names, LogicalPlan child) implements LogicalPlan {

  public Drop {
    names = List.copyOf(names);
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    throw new IllegalStateException("Drop is rewritten to Project by the analyzer");
  }

  @Override
  public String describe() {
    return "Drop " + names;
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Drop(id, names, Plans.one(children, "Drop").get(0));
  }
}
