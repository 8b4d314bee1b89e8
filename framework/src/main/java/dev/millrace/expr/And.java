package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** Three-valued logical AND of two BOOLEAN expressions, as in SQL. */
public record And(Expression left, Expression right) implements Expression {

  public And {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public List<Expression> children() {
    return List.of(left, right);
  }

  @Override
  public DataType dataType() {
    return DataType.BOOLEAN;
  }

  @Override
  public boolean nullable() {
    return left.nullable() || right.nullable();
  }

  @Override
  public String sql() {
    return "(" + left.sql() + " AND " + right.sql() + ")";
  }
}
