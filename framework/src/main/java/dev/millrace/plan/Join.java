package dev.millrace.plan;

import dev.millrace.expr.Expression;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code join(right, condition, joinType)}, or {@code join(right, usingColumns, joinType)}, which joins on equal
 * columns of the same name and keeps one copy of them, first, as Spark does. The output has the left columns and
 * then the right ones (only the left for semi and anti joins); the side that an outer join may pad with nulls
 * becomes nullable.
 */
public record Join(long id, LogicalPlan left, LogicalPlan right, Optional<Expression> condition, JoinType joinType,
    List<String> usingColumns) implements LogicalPlan {

  public Join {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(joinType, "joinType");
    usingColumns = List.copyOf(usingColumns);
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(left, right);
  }

  @Override
  public Schema schema() {
    boolean leftNullable = joinType == JoinType.RIGHT_OUTER || joinType == JoinType.FULL_OUTER;
    boolean rightNullable = joinType == JoinType.LEFT_OUTER || joinType == JoinType.FULL_OUTER;
    var fields = new ArrayList<Field>();
    var using = new HashSet<>(usingColumns);
    for (String name : usingColumns) {
      Field l = left.schema().find(name).orElseThrow();
      Field r = right.schema().find(name).orElseThrow();
      boolean nullable = joinType == JoinType.FULL_OUTER ? l.nullable() || r.nullable()
          : joinType == JoinType.RIGHT_OUTER ? r.nullable() : l.nullable();
      fields.add(new Field(name, l.type(), nullable));
    }
    for (Field f : left.schema().fields()) {
      if (!using.contains(f.name())) {
        fields.add(leftNullable ? new Field(f.name(), f.type(), true) : f);
      }
    }
    if (!joinType.leftOnly()) {
      for (Field f : right.schema().fields()) {
        if (!using.contains(f.name())) {
          fields.add(rightNullable ? new Field(f.name(), f.type(), true) : f);
        }
      }
    }
    return new Schema(fields);
  }

  @Override
  public String describe() {
    return "Join " + joinType.sql()
        + (usingColumns.isEmpty() ? "" : " using " + usingColumns)
        + condition.map(c -> " " + c.sql()).orElse("");
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    if (children.size() != 2) {
      throw new IllegalArgumentException("Join has two inputs, got " + children.size());
    }
    return new Join(id, children.get(0), children.get(1), condition, joinType, usingColumns);
  }
}
