package dev.millrace.types;

import dev.millrace.errors.Suggestions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of values, the unit of data in Millrace, like Spark's {@code Row}.
 *
 * <p>A row holds its values in order; value {@code i} is in the Java representation of its column's type (see
 * {@link DataType}), or {@code null}. A row may carry a {@link Schema} ({@link #withSchema(Schema, Object...)}), which
 * gives its fields names for {@link #get(String)}; a row made by {@link #of} has none. The row itself is immutable:
 * the array of values is copied, but the values are stored as given, so a {@code List} or {@code byte[]} placed in a
 * row must not be changed afterwards.
 *
 * <p>Typed getters ({@link #getString}, {@link #getLong}, ...) check the value's Java class and throw a
 * {@link ClassCastException} that names the field, the expected and the actual class. Getters of reference types
 * return {@code null} for a null value; getters of primitives ({@link #getInt}, {@link #getLong},
 * {@link #getDouble}, {@link #getBoolean}) throw a {@link NullPointerException}: test {@link #isNullAt} first. A
 * row does not check its values against its schema; {@link Rows#checkConforms} does.
 *
 * <p>Equality is by values only, as for Spark's {@code GenericRow}: the schema is not compared, so
 * {@code Row.of("a", 1)} equals {@code Row.withSchema(schema, "a", 1)}. Values compare with {@code equals}, except
 * {@code byte[]} by content, {@link BigDecimal} by numeric value ({@code 12.5} equals {@code 12.50}, as in Spark), and
 * rows, lists and maps nested in a row element by element with these same rules. {@link #hashCode} agrees.
 *
 * <p>Rows are safe to share between threads.
 */
public final class Row {

  private static final Row EMPTY = new Row(new Object[0], null);

  private final Object[] values;
  private final Schema schema;

  private Row(Object[] values, Schema schema) {
    this.values = values;
    this.schema = schema;
  }

  /**
   * A row of the given values, without a schema (as Spark's {@code RowFactory.create}).
   *
   * @param values the values, any of them null; the array itself must not be null (write
   *     {@code Row.of((Object) null)} for one null value)
   */
  public static Row of(Object... values) {
    if (values == null) {
      throw new NullPointerException(
          "Row.of(null) passes a null array; write Row.of((Object) null) for a row of one null value");
    }
    return values.length == 0 ? EMPTY : new Row(values.clone(), null);
  }

  /** A row over {@code values} itself, not a copy: the caller gives the array up. For encoders of this package. */
  static Row wrap(Schema schema, Object[] values) {
    return new Row(values, schema);
  }

  /** A row of the list's values, in order, without a schema. */
  public static Row fromList(List<?> values) {
    Objects.requireNonNull(values, "values");
    return new Row(values.toArray(), null);
  }

  /** The row with no values. */
  public static Row empty() {
    return EMPTY;
  }

  /**
   * A row that knows its field names. The values are not checked against the schema's types (use
   * {@link Rows#checkConforms} for that), only counted.
   *
   * @throws IllegalArgumentException if the number of values is not the number of fields of the schema
   */
  public static Row withSchema(Schema schema, Object... values) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(values, "values");
    checkArity(schema, values.length);
    return new Row(values.clone(), schema);
  }

  /**
   * This row's values with the given schema, which replaces any schema the row had.
   *
   * @throws IllegalArgumentException if the schema has another number of fields than this row has values
   */
  public Row withSchema(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    checkArity(schema, values.length);
    return new Row(values, schema);
  }

  private static void checkArity(Schema schema, int count) {
    if (schema.size() != count) {
      throw new IllegalArgumentException("Cannot give a row of " + count + " value" + (count == 1 ? "" : "s")
          + " the schema '" + schema.toDdl() + "' of " + schema.size() + " field" + (schema.size() == 1 ? "" : "s")
          + ": a row needs exactly one value per field");
    }
  }

  /** The schema, if the row was given one. */
  public Optional<Schema> schema() {
    return Optional.ofNullable(schema);
  }

  /** The number of values. */
  public int size() {
    return values.length;
  }

  /**
   * The value at {@code index}, possibly null.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not between 0 and {@code size() - 1}
   */
  public Object get(int index) {
    if (index < 0 || index >= values.length) {
      throw new IndexOutOfBoundsException("Row " + Rows.preview(this) + " has " + values.length + " value"
          + (values.length == 1 ? "" : "s") + "; index " + index + " is out of range"
          + (values.length == 0 ? "" : " 0.." + (values.length - 1)));
    }
    return values[index];
  }

  /** Whether the value at {@code index} is null. */
  public boolean isNullAt(int index) {
    return get(index) == null;
  }

  /** The value at {@code index}, cast without a check (as Spark's {@code getAs}). */
  @SuppressWarnings("unchecked")
  public <T> T getAs(int index) {
    return (T) get(index);
  }

  /** The STRING at {@code index}, or null. */
  public String getString(int index) {
    return typed(index, String.class, "getString");
  }

  /** The INT at {@code index}; never null, see {@link #isNullAt}. */
  public int getInt(int index) {
    return nonNull(index, Integer.class, "getInt");
  }

  /** The LONG at {@code index}; never null, see {@link #isNullAt}. */
  public long getLong(int index) {
    return nonNull(index, Long.class, "getLong");
  }

  /** The DOUBLE at {@code index}; never null, see {@link #isNullAt}. */
  public double getDouble(int index) {
    return nonNull(index, Double.class, "getDouble");
  }

  /** The BOOLEAN at {@code index}; never null, see {@link #isNullAt}. */
  public boolean getBoolean(int index) {
    return nonNull(index, Boolean.class, "getBoolean");
  }

  /** The DECIMAL at {@code index}, or null. */
  public BigDecimal getDecimal(int index) {
    return typed(index, BigDecimal.class, "getDecimal");
  }

  /** The TIMESTAMP at {@code index}, or null. */
  public Instant getTimestamp(int index) {
    return typed(index, Instant.class, "getTimestamp");
  }

  /** The DATE at {@code index}, or null. */
  public LocalDate getDate(int index) {
    return typed(index, LocalDate.class, "getDate");
  }

  /** The BINARY at {@code index}, or null; the array itself, not a copy: do not change it. */
  public byte[] getBinary(int index) {
    return typed(index, byte[].class, "getBinary");
  }

  /** The ARRAY at {@code index}, or null; its elements are not checked against {@code T}. */
  @SuppressWarnings("unchecked")
  public <T> List<T> getList(int index) {
    return typed(index, List.class, "getList");
  }

  /** The MAP at {@code index}, or null; its entries are not checked against {@code K} and {@code V}. */
  @SuppressWarnings("unchecked")
  public <K, V> Map<K, V> getMap(int index) {
    return typed(index, Map.class, "getMap");
  }

  /** The STRUCT at {@code index}, or null. */
  public Row getStruct(int index) {
    return typed(index, Row.class, "getStruct");
  }

  /**
   * The position of the named field.
   *
   * @throws UnsupportedOperationException if the row has no schema
   * @throws IllegalArgumentException if the schema has no field of that name
   */
  public int fieldIndex(String name) {
    Objects.requireNonNull(name, "name");
    if (schema == null) {
      throw new UnsupportedOperationException("Cannot get field '" + name + "' of row " + Rows.preview(this)
          + " by name: the row has no schema; use get(index), or make the row with Row.withSchema(schema, ...)");
    }
    int index = schema.indexOf(name);
    if (index < 0) {
      String hint = Suggestions.closest(name, schema.names()).map(s -> "did you mean '" + s + "'? ").orElse("");
      throw new IllegalArgumentException("Row has no field '" + name + "'; " + hint + "Fields: "
          + String.join(", ", schema.names()));
    }
    return index;
  }

  /** The value of the named field, possibly null; see {@link #fieldIndex} for the errors. */
  public Object get(String name) {
    return values[fieldIndex(name)];
  }

  /** The value of the named field, cast without a check; see {@link #fieldIndex} for the errors. */
  @SuppressWarnings("unchecked")
  public <T> T getAs(String name) {
    return (T) values[fieldIndex(name)];
  }

  /** The values, in order, as an unmodifiable list that may contain nulls. */
  public List<Object> toList() {
    return Collections.unmodifiableList(Arrays.asList(values.clone()));
  }

  private <T> T typed(int index, Class<T> expected, String getter) {
    Object value = get(index);
    if (value == null || expected.isInstance(value)) {
      return expected.cast(value);
    }
    throw new ClassCastException("Cannot " + getter + "(" + index + ")" + fieldName(index) + ": the value is a "
        + value.getClass().getName() + " (" + Rows.preview(value) + "), not " + withArticle(expected.getSimpleName())
        + "; use " + getterFor(value) + "(" + index + ")");
  }

  private <T> T nonNull(int index, Class<T> expected, String getter) {
    T value = typed(index, expected, getter);
    if (value == null) {
      throw new NullPointerException("Cannot " + getter + "(" + index + ")" + fieldName(index)
          + ": the value is null; check isNullAt(" + index + ") first, or use get(" + index + ")");
    }
    return value;
  }

  private static String withArticle(String noun) {
    return ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private String fieldName(int index) {
    return schema == null ? "" : " of field '" + schema.field(index).name() + "'";
  }

  private static String getterFor(Object value) {
    if (value instanceof String) {
      return "getString";
    } else if (value instanceof Integer) {
      return "getInt";
    } else if (value instanceof Long) {
      return "getLong";
    } else if (value instanceof Double) {
      return "getDouble";
    } else if (value instanceof Boolean) {
      return "getBoolean";
    } else if (value instanceof BigDecimal) {
      return "getDecimal";
    } else if (value instanceof Instant) {
      return "getTimestamp";
    } else if (value instanceof LocalDate) {
      return "getDate";
    } else if (value instanceof byte[]) {
      return "getBinary";
    } else if (value instanceof List) {
      return "getList";
    } else if (value instanceof Map) {
      return "getMap";
    } else if (value instanceof Row) {
      return "getStruct";
    }
    return "get";
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Row other) || other.values.length != values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (!valueEquals(values[i], other.values[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Object value : values) {
      h = 31 * h + valueHash(value);
    }
    return h;
  }

  static boolean valueEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x) {
      return b instanceof byte[] y && Arrays.equals(x, y);
    }
    if (a instanceof BigDecimal x) {
      return b instanceof BigDecimal y && x.compareTo(y) == 0;
    }
    if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        return false;
      }
      var ix = x.iterator();
      var iy = y.iterator();
      while (ix.hasNext()) {
        if (!valueEquals(ix.next(), iy.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
        return false;
      }
      for (var entry : x.entrySet()) {
        if (!y.containsKey(entry.getKey()) || !valueEquals(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static int valueHash(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof byte[] bytes) {
      return Arrays.hashCode(bytes);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? 0 : decimal.stripTrailingZeros().hashCode();
    }
    if (value instanceof List<?> list) {
      int h = 1;
      for (Object element : list) {
        h = 31 * h + valueHash(element);
      }
      return h;
    }
    if (value instanceof Map<?, ?> map) {
      int h = 0;
      for (var entry : map.entrySet()) {
        h += Objects.hashCode(entry.getKey()) ^ valueHash(entry.getValue());
      }
      return h;
    }
    return value.hashCode();
  }

  /**
   * The values between brackets, separated by commas, as Spark prints a row: {@code [e1,u1,2026-01-01T00:00:00Z,12.5]}.
   * Null prints as {@code null}, BINARY as hexadecimal ({@code 0xCAFE}), nested rows in brackets, lists as
   * {@code [a, b]} and maps as {@code {k=v}}.
   */
  @Override
  public String toString() {
    var sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(Rows.render(values[i]));
    }
    return sb.append(']').toString();
  }
}
