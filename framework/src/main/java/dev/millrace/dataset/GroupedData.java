package dev.millrace.dataset;

import dev.millrace.expr.Expression;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@link Dataset#groupBy}, waiting for its aggregates, as Spark's {@code RelationalGroupedDataset}.
 * The aggregated dataset has the grouping columns first, then one column per aggregate.
 */
public final class GroupedData {

  private final LogicalPlan child;
  private final List<Expression> groupings;

  GroupedData(LogicalPlan child, List<Expression> groupings) {
    this.child = child;
    this.groupings = List.copyOf(groupings);
  }

  /** One row per group with the given aggregates, e.g. {@code agg(count().as("events"), sum(col("amount")))}. */
  public Dataset agg(Column first, Column... more) {
    var aggs = new ArrayList<Expression>();
    aggs.add(first.expr());
    for (Column c : more) {
      aggs.add(c.expr());
    }
    return new Dataset(new Aggregate(Plans.nextId(), groupings, aggs, child));
  }

  /** The number of rows of each group, in a column named {@code count}. */
  public Dataset count() {
    return agg(Functions.count().as("count"));
  }
}
