package dev.millrace.plan;

import dev.millrace.expr.Expression;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code groupBy(keys...).agg(aggregates...)}: one row per distinct key, with the grouping columns first and then
 * one column per aggregate, as in Spark. With no keys it is a global aggregation (one row).
 */
public record Aggregate(long id, List<Expression> groupings, List<Expression> aggregates, LogicalPlan child)
    implements LogicalPlan {

  public Aggregate {
    groupings = List.copyOf(groupings);
    aggregates = List.copyOf(aggregates);
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    var fields = new ArrayList<Field>();
    for (Expression g : groupings) {
      fields.add(new Field(g.defaultName(), g.dataType(), g.nullable()));
    }
    for (Expression a : aggregates) {
      fields.add(new Field(a.defaultName(), a.dataType(), a.nullable()));
    }
    return new Schema(fields);
  }

  @Override
  public String describe() {
    return "Aggregate [" + groupings.stream().map(Expression::sql).collect(Collectors.joining(", ")) + "] ["
        + aggregates.stream().map(Expression::sql).collect(Collectors.joining(", ")) + "]";
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Aggregate(id, groupings, aggregates, Plans.one(children, "Aggregate").get(0));
  }
}
