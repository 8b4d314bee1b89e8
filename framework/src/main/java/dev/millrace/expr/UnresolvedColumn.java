package dev.millrace.expr;

import java.util.Objects;

/**
 * A column named by {@code col("name")}, bound to the input schema by the analyzer. A dotted name
 * ({@code window.start}) reaches into a struct column when no top-level column has the full name.
 */
public record UnresolvedColumn(String name) implements UnresolvedExpression {

  public UnresolvedColumn {
    Objects.requireNonNull(name, "name");
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
