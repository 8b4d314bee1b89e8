package dev.millrace.types;

import java.util.Objects;

/** The encoder of single values: rows of one column named {@code value}, which may be null. */
final class ValueEncoder<T> implements Encoder<T> {

  private final Class<T> type;
  private final Schema schema;

  ValueEncoder(Class<T> type, DataType dataType) {
    this.type = type;
    this.schema = Schema.of(Field.of("value", dataType));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Row toRow(T value) {
    return Row.wrap(schema, new Object[] {value});
  }

  /** Reads the only value of a one-column row, whatever the column's name. */
  @Override
  public T fromRow(Row row) {
    Objects.requireNonNull(row, "row");
    if (row.size() != 1) {
      throw new IllegalArgumentException("Cannot convert row " + Rows.preview(row) + " to " + type.getSimpleName()
          + ": the row has " + row.size() + " values, but an encoder of single values reads rows of one column ("
          + schema.toDdl() + "); select one column first");
    }
    Object value = row.get(0);
    if (value != null && !type.isInstance(value)) {
      throw new IllegalArgumentException("Cannot convert row " + Rows.preview(row) + " to " + type.getSimpleName()
          + ": its value is a " + value.getClass().getName() + " (" + Rows.preview(value) + "), not a "
          + type.getName());
    }
    return type.cast(value);
  }

  @Override
  public Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return "Encoder<" + type.getSimpleName() + ">(" + schema.toDdl() + ")";
  }
}
