package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A column named by {@code col("name")}, bound to the input schema by the analyzer. A dotted name
 * ({@code window.start}) reaches into a struct column when no top-level column has the full name.
 */
public record UnresolvedColumn(String name) implements Expression {

  public UnresolvedColumn {
    Objects.requireNonNull(name, "name");
  }

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
    return name;
  }

  @Override
  public String defaultName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
