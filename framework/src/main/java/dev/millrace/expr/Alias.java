package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** Names the result of {@code child}: {@code expr.as("name")}. */
public record Alias(Expression child, String name) implements Expression {

  public Alias {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public DataType dataType() {
    return child.dataType();
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public String sql() {
    return child.sql() + " AS " + name;
  }

  @Override
  public String defaultName() {
    return name;
  }
}
