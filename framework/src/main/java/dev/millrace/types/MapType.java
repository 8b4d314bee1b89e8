package dev.millrace.types;

import java.util.Objects;

/** {@code MAP<keyType, valueType>}; keys are never null, {@code valueContainsNull} tells whether values may be. */
public record MapType(DataType keyType, DataType valueType, boolean valueContainsNull) implements DataType {

  public MapType {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
  }

  @Override
  public String sql() {
    return "MAP<" + keyType.sql() + ", " + valueType.sql() + ">";
  }

  @Override
  public String toString() {
    return sql();
  }
}
