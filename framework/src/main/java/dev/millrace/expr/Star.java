package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;

/** {@code col("*")}: every column of the input, expanded by the analyzer in a projection. */
public record Star() implements Expression {

  @Override
  public List<Expression> children() {
    return List.of();
  }

  @Override
  public boolean resolved() {
    return false;
  }

  @Override
  public DataType dataType() {
    throw Expression.unresolved(this);
  }

  @Override
  public boolean nullable() {
    throw Expression.unresolved(this);
  }

  @Override
  public String sql() {
    return "*";
  }
}
