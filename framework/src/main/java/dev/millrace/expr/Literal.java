package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A constant. {@code value} is in the Java representation of {@code dataType} (see {@link DataType}); a null
 * {@code value} is the typed SQL NULL.
 */
public record Literal(Object value, DataType dataType) implements Expression {

  public Literal {
    Objects.requireNonNull(dataType, "dataType");
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
  public boolean nullable() {
    return value == null;
  }

  @Override
  public String sql() {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Instant i) {
      return "TIMESTAMP '" + i + "'";
    }
    return String.valueOf(value);
  }
}
