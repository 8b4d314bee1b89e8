package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** {@code child IS NULL}, or {@code IS NOT NULL} when {@code negated}; never null itself. */
public record IsNull(Expression child, boolean negated) implements Expression {

  public IsNull {
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
    return false;
  }

  @Override
  public String sql() {
    return "(" + child.sql() + (negated ? " IS NOT NULL)" : " IS NULL)");
  }
}
