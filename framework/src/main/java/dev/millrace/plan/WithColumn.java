package dev.millrace.plan;

import dev.millrace.expr.Expression;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/** {@code withColumn(name, expr)}: adds a column, or replaces the one of that name in place. Analyzed into a {@link Project}. */
public record WithColumn(long id, String name, Expression expr, LogicalPlan child) implements LogicalPlan {

  public WithColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    throw new IllegalStateException("WithColumn is rewritten to Project by the analyzer");
  }

  @Override
  public String describe() {
    return "WithColumn " + name + " = " + expr.sql();
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new WithColumn(id, name, expr, Plans.one(children, "WithColumn").get(0));
  }
}
