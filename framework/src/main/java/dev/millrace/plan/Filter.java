package dev.millrace.plan;

import dev.millrace.expr.Expression;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/** {@code filter(condition)} / {@code where}: keeps rows whose BOOLEAN condition is true (not false, not NULL). */
public record Filter(long id, Expression condition, LogicalPlan child) implements LogicalPlan {

  public Filter {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String describe() {
    return "Filter " + condition.sql();
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Filter(id, condition, Plans.one(children, "Filter").get(0));
  }
}
