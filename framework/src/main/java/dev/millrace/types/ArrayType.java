package dev.millrace.types;

import java.util.Objects;

/**
 * {@code ARRAY<elementType>}; {@code containsNull} tells whether elements may be null. An array whose elements are
 * never null prints as {@code ARRAY<T NOT NULL>} (a Millrace extension of Spark's DDL), so that it parses back equal.
 */
public record ArrayType(DataType elementType, boolean containsNull) implements DataType {

  public ArrayType {
    Objects.requireNonNull(elementType, "elementType");
  }

  @Override
  public String sql() {
    return "ARRAY<" + elementType.sql() + (containsNull ? "" : " NOT NULL") + ">";
  }

  @Override
  public String toString() {
    return sql();
  }
}
