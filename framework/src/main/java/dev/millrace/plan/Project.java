package dev.millrace.plan;

import dev.millrace.expr.Expression;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code select(...)}: one output column per expression, named by its alias or {@link Expression#defaultName()}. */
public record Project(long id, List<Expression> exprs, LogicalPlan child) implements LogicalPlan {

  public Project {
    exprs = List.copyOf(exprs);
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    return new Schema(exprs.stream().map(e -> new Field(e.defaultName(), e.dataType(), e.nullable())).toList());
  }

  @Override
  public String describe() {
    return "Project [" + exprs.stream().map(Expression::sql).collect(Collectors.joining(", ")) + "]";
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Project(id, exprs, Plans.one(children, "Project").get(0));
  }
}
