package dev.millrace.types;

import java.util.Objects;

/**
 * {@code MAP<keyType, valueType>}; keys are never null, {@code valueContainsNull} tells whether values may be. A map
 * whose values are never null prints as {@code MAP<K, V NOT NULL>} (a Millrace extension of Spark's DDL), so that it
 * parses back equal.
 */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {

  public MapType {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
  }

  @Override
  public String sql() {
    return "MAP<" + keyType.sql() + ", " + valueType.sql() + (valueContainsNull ? "" : " NOT NULL") + ">";
  }

  @Override
  public String toString() {
    return sql();
  }
}
