package dev.millrace.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks of rows against schemas, and the mapping from types to Java classes. Stateless and thread-safe.
 */
public final class Rows {

  private static final int MAX_RENDERED = 60;

  private Rows() {}

  /**
   * The Java class of a non-null value of {@code type}, as listed in {@link DataType}: {@code String.class} for STRING,
   * {@code List.class} for any ARRAY, {@code Row.class} for any STRUCT, and so on.
   */
  public static Class<?> javaClass(DataType type) {
    Objects.requireNonNull(type, "type");
    if (type instanceof PrimitiveType primitive) {
      return switch (primitive) {
        case STRING -> String.class;
        case INT -> Integer.class;
        case LONG -> Long.class;
        case DOUBLE -> Double.class;
        case BOOLEAN -> Boolean.class;
        case TIMESTAMP -> Instant.class;
        case DATE -> LocalDate.class;
        case BINARY -> byte[].class;
      };
    } else if (type instanceof DecimalType) {
      return BigDecimal.class;
    } else if (type instanceof ArrayType) {
      return List.class;
    } else if (type instanceof MapType) {
      return Map.class;
    }
    return Row.class;
  }

  /**
   * Checks that {@code row} holds a value of the right Java class for every field of {@code schema}, recursively into
   * arrays, maps and structs, and no null where the schema does not allow one. The row's own schema, if it has one,
   * is not looked at: values are matched to fields by position.
   *
   * <p>Besides the Java class, a DECIMAL(p,s) value must fit: at most {@code s} digits after the point (trailing
   * zeros do not count) and at most {@code p - s} before it; a TIMESTAMP must have no precision finer than a
   * microsecond.
   *
   * @return {@code row}, for chaining
   * @throws IllegalArgumentException naming the field (a path such as {@code items[2].price} when nested), the
   *     expected type and the value, if the row does not conform
   */
  public static Row checkConforms(Schema schema, Row row) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(row, "row");
    if (row.size() != schema.size()) {
      throw new IllegalArgumentException("Row " + preview(row) + " does not match schema '" + schema.toDdl()
          + "': it has " + row.size() + " value" + (row.size() == 1 ? "" : "s") + " but the schema has "
          + schema.size() + " field" + (schema.size() == 1 ? "" : "s"));
    }
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      String problem = check(field.type(), field.nullable(), row.get(i), field.name());
      if (problem != null) {
        throw new IllegalArgumentException("Row " + preview(row) + " does not match schema '" + schema.toDdl()
            + "': " + problem);
      }
    }
    return row;
  }

  /** Whether {@link #checkConforms} would accept the row. */
  public static boolean conforms(Schema schema, Row row) {
    try {
      checkConforms(schema, row);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The problem with {@code value} at {@code path}, or null if there is none. */
  private static String check(DataType type, boolean nullable, Object value, String path) {
    if (value == null) {
      return nullable ? null : "field '" + path + "' is null, but its type " + type.sql() + " is NOT NULL";
    }
    Class<?> expected = javaClass(type);
    if (!expected.isInstance(value)) {
      return "field '" + path + "' holds a " + value.getClass().getName() + " (" + preview(value) + "), but its type "
          + type.sql() + " needs a " + expected.getName();
    }
    if (type instanceof DecimalType decimal) {
      return checkDecimal(decimal, (BigDecimal) value, path);
    } else if (type == DataType.TIMESTAMP) {
      Instant instant = (Instant) value;
      if (instant.getNano() % 1_000 != 0) {
        return "field '" + path + "' holds " + instant + ", finer than a microsecond, which TIMESTAMP cannot hold; "
            + "truncate it with instant.truncatedTo(ChronoUnit.MICROS)";
      }
    } else if (type instanceof ArrayType array) {
      int i = 0;
      for (Object element : (List<?>) value) {
        String problem = check(array.elementType(), array.containsNull(), element, path + "[" + i + "]");
        if (problem != null) {
          return problem;
        }
        i++;
      }
    } else if (type instanceof MapType map) {
      for (var entry : ((Map<?, ?>) value).entrySet()) {
        if (entry.getKey() == null) {
          return "field '" + path + "' has a null map key, but MAP keys are never null";
        }
        String entryPath = path + "[" + preview(entry.getKey()) + "]";
        String problem = check(map.keyType(), false, entry.getKey(), entryPath + " (key)");
        if (problem == null) {
          problem = check(map.valueType(), map.valueContainsNull(), entry.getValue(), entryPath);
        }
        if (problem != null) {
          return problem;
        }
      }
    } else if (type instanceof Schema struct) {
      Row nested = (Row) value;
      if (nested.size() != struct.size()) {
        return "field '" + path + "' holds a row of " + nested.size() + " value" + (nested.size() == 1 ? "" : "s")
            + " (" + preview(nested) + "), but its type " + struct.sql() + " has " + struct.size() + " field"
            + (struct.size() == 1 ? "" : "s");
      }
      for (int i = 0; i < struct.size(); i++) {
        Field field = struct.field(i);
        String problem = check(field.type(), field.nullable(), nested.get(i), path + "." + field.name());
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private static String checkDecimal(DecimalType type, BigDecimal value, String path) {
    if (value.signum() == 0) {
      return null;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > type.scale()) {
      return "field '" + path + "' holds " + value.toPlainString() + ", which has " + stripped.scale()
          + " digits after the point, but " + type.sql() + " allows " + type.scale()
          + "; round it with setScale(" + type.scale() + ", RoundingMode.HALF_UP)";
    }
    int integerDigits = stripped.precision() - stripped.scale();
    if (integerDigits > type.precision() - type.scale()) {
      return "field '" + path + "' holds " + value.toPlainString() + ", which has " + integerDigits
          + " digits before the point, but " + type.sql() + " allows " + (type.precision() - type.scale())
          + "; use a DECIMAL with a larger precision";
    }
    return null;
  }

  /** A value for an error message: strings in double quotes, cut to {@value #MAX_RENDERED} characters. */
  static String preview(Object value) {
    String text = value instanceof String ? "\"" + value + "\"" : render(value);
    return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED - 3) + "...";
  }

  /** A value as {@link Row#toString} prints it: strings unquoted, BINARY in hex, decimals without exponent. */
  static String render(Object value) {
    String text;
    if (value == null) {
      text = "null";
    } else if (value instanceof byte[] bytes) {
      text = "0x" + HexFormat.of().withUpperCase().formatHex(bytes);
    } else if (value instanceof List<?> list) {
      var sb = new StringBuilder("[");
      for (Object element : list) {
        sb.append(sb.length() == 1 ? "" : ", ").append(render(element));
      }
      text = sb.append(']').toString();
    } else if (value instanceof Map<?, ?> map) {
      var sb = new StringBuilder("{");
      for (var entry : map.entrySet()) {
        sb.append(sb.length() == 1 ? "" : ", ").append(render(entry.getKey())).append('=')
            .append(render(entry.getValue()));
      }
      text = sb.append('}').toString();
    } else if (value instanceof BigDecimal decimal) {
      text = decimal.toPlainString();
    } else {
      text = value.toString();
    }
    return text;
  }
}
