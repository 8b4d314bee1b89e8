package dev.millrace.expr;

import dev.millrace.types.DataType;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;

/** The field {@code name} of a STRUCT value, e.g. {@code window.start}; NULL when the struct is NULL. */
public record GetField(Expression child, String name) implements Expression {

  public GetField {
    Objects.requireNonNull(child, "child");
    Objects.requireNonNull(name, "name");
  }

  /** The position of the field in the struct; only for resolved expressions. */
  public int ordinal() {
    return ((Schema) child.dataType()).indexOf(name);
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public DataType dataType() {
    return ((Schema) child.dataType()).field(ordinal()).type();
  }

  @Override
  public boolean nullable() {
    return child.nullable() || ((Schema) child.dataType()).field(ordinal()).nullable();
  }

  @Override
  public String sql() {
    return child.sql() + "." + name;
  }

  @Override
  public String defaultName() {
    return name;
  }
}
