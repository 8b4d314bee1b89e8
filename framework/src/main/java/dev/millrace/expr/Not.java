package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** Logical negation of a BOOLEAN expression; NOT NULL is NULL. */
public record Not(Expression child) implements Expression {

  public Not {
    Objects.requireNonNull(child, "child");
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public DataType dataType() {
    return DataType.BOOLEAN;
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public String sql() {
    return "(NOT " + child.sql() + ")";
  }
}
