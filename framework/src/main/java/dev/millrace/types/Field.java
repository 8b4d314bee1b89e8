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

  /**
   * The field in DDL syntax, e.g. {@code amount DOUBLE} or {@code id STRING NOT NULL}; a name that is not a plain
   * identifier is quoted in backticks ({@code `order id` STRING}), so that the text parses back to this field.
   */
  public String sql() {
    return sqlName() + " " + type.sql() + (nullable ? "" : " NOT NULL");
  }

  /** The name as written in DDL: as is if made of letters, digits and '_', otherwise quoted in backticks. */
  public String sqlName() {
    return dev.millrace.types.internal.DdlParser.quoteName(name);
  }

  @Override
  public String toString() {
    return sql();
  }
}
