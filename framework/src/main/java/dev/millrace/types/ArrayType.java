package dev.millrace.types;

import java.util.Objects;

/** {@code ARRAY<elementType>}; {@code containsNull} tells whether elements may be null. */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {

  public ArrayType {
    Objects.requireNonNull(elementType, "elementType");
  }

  @Override
  public String sql() {
    return "ARRAY<" + elementType.sql() + ">";
  }

  @Override
  public String toString() {
    return sql();
  }
}
