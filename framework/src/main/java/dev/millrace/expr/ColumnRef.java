package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** A resolved reference to the column at {@code ordinal} of the operator's input row. */
public record ColumnRef(int ordinal, String name, DataType dataType, boolean nullable) implements Expression {

  public ColumnRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dataType, "dataType");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0, got " + ordinal);
    }
  }

  @Override
  public List<Expression> children() {
    return List.of();
  }

  @Override
  public boolean resolved() {
    return true;
  }

  @Override
  public String sql() {
    return name;
  }
}
