package dev.millrace.types;

/** The types without parameters. */
public enum PrimitiveType implements DataType {
  STRING, INT, LONG, DOUBLE, BOOLEAN, TIMESTAMP, DATE, BINARY;

  @Override
  public String sql() {
    return name();
  }
}
