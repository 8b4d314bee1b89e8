package dev.millrace.plan;

import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/** {@code withColumnRenamed(existing, newName)}; a no-op when {@code existing} does not exist, as in Spark. Analyzed into a {@link Project}. */
public record RenameColumn(long id, String existing, String newName, LogicalPlan child) implements LogicalPlan {

  public RenameColumn {
    Objects.requireNonNull(existing, "existing");
    Objects.requireNonNull(newName, "newName");
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    throw new IllegalStateException("RenameColumn is rewritten to Project by the analyzer");
  }

  @Override
  public String describe() {
    return "RenameColumn " + existing + " -> " + newName;
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new RenameColumn(id, existing, newName, Plans.one(children, "RenameColumn").get(0));
  }
}
