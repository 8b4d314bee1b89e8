package dev.millrace.types;

import java.util.Objects;

/** A named, typed column of a {@link Schema}. */
public record Field(String name, DataType type, boolean nullable) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("A field name must not be empty");
    }
  }

  /** A nullable field. */
  public static Field of(String name, DataType type) {
    return new Field(name, type, true);
  }

  /** The field in DDL syntax, e.g. {@code amount DOUBLE} or {@code id STRING NOT NULL}. */
  public String sql() {
    return name + " " + type.sql() + (nullable ? "" : " NOT NULL");
  }

  @Override
  public String toString() {
    return sql();
  }
}
