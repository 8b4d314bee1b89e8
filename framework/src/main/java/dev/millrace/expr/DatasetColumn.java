package dev.millrace.expr;

import java.util.Objects;

/**
 * A column of one particular dataset, from {@code dataset.col("name")}: used where a bare name would be ambiguous,
 * as in a join condition between two inputs that both have {@code user_id}.
 *
 * @param datasetId the id of the dataset's plan node ({@link dev.millrace.plan.LogicalPlan#id()})
 */
public record DatasetColumn(long datasetId, String name) implements UnresolvedExpression {

  public DatasetColumn {
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String sql() {
    return name;
  }
}
