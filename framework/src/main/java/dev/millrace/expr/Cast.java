package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** Converts {@code child} to {@code dataType}; a value that cannot be converted becomes NULL, as in Spark. */
public record Cast(Expression child, DataType dataType) implements Expression {

  public Cast {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(dataType, "dataType");
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public boolean nullable() {
    // A string that does not parse becomes NULL.
    return child.nullable() || !child.dataType().equals(dataType);
  }

  @Override
  public String sql() {
    return "CAST(" + child.sql() + " AS " + dataType.sql() + ")";
  }

  @Override
  public String defaultName() {
    return child.defaultName();
  }
}
