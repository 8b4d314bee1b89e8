package dev.millrace.plan;

import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code union(other)}: the rows of all inputs, matched by column position as in Spark (no de-duplication). The
 * output takes the first input's column names; a column is nullable if it is in any input.
 */
public record Union(long id, List<LogicalPlan> inputs) implements LogicalPlan {

  public Union {
    inputs = List.copyOf(inputs);
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("Union needs at least two inputs");
    }
  }

  @Override
  public List<LogicalPlan> children() {
    return inputs;
  }

  @Override
  public Schema schema() {
    Schema first = inputs.get(0).schema();
    var fields = new ArrayList<Field>(first.size());
    for (int i = 0; i < first.size(); i++) {
      final int col = i;
      boolean nullable = inputs.stream().anyMatch(p -> p.schema().field(col).nullable());
      fields.add(new Field(first.field(i).name(), first.field(i).type(), nullable));
    }
    return new Schema(fields);
  }

  @Override
  public String describe() {
    return "Union";
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Union(id, children);
  }
}
