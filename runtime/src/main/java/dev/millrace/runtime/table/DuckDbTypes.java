package dev.millrace.runtime.table;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.MapType;
import dev.millrace.types.PrimitiveType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;

/**
 * How Millrace types map to DuckDB types, and how internal values ({@link dev.millrace.runtime.operator.InternalValues})
 * travel to and from DuckDB.
 *
 * <p>Writing goes through DuckDB's appender: top-level values with its typed methods (epoch micros, epoch days),
 * values nested in lists, maps and structs as the Java objects its composite writer accepts ({@link LocalDateTime} in
 * UTC, {@link LocalDate}, a struct as the list of its field values).
 *
 * <p>Reading does not trust the driver's {@code java.sql.Timestamp}s: the driver builds them in the JVM's time zone,
 * so a wall-clock time that falls into a daylight-saving gap of that zone comes back shifted by an hour. The read
 * query therefore projects every TIMESTAMP, at any depth, to {@code epoch_us(...)} (BIGINT) and every DATE to its
 * epoch day (INTEGER), which are exactly the internal values.
 */
final class DuckDbTypes {

  private DuckDbTypes() {}

  /** A double-quoted SQL identifier. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A single-quoted SQL string literal. */
  static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }

  /**
   * The DuckDB type of {@code type}. TIMESTAMP is DuckDB's TIMESTAMP (a UTC wall clock in microseconds), not
   * TIMESTAMPTZ: DuckDB renders and casts TIMESTAMPTZ in the session's time zone, and the output of {@code query}
   * must not depend on the time zone of the machine that runs it. Nullability of array elements, map values and
   * struct fields has no DuckDB counterpart and is not stored.
   */
  static String sqlType(DataType type) {
    if (type instanceof PrimitiveType p) {
      return switch (p) {
        case STRING -> "VARCHAR";
        case INT -> "INTEGER";
        case LONG -> "BIGINT";
        case DOUBLE -> "DOUBLE";
        case BOOLEAN -> "BOOLEAN";
        case TIMESTAMP -> "TIMESTAMP";
        case DATE -> "DATE";
        case BINARY -> "BLOB";
      };
    }
    if (type instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
    }
    if (type instanceof ArrayType a) {
      return sqlType(a.elementType()) + "[]";
    }
    if (type instanceof MapType m) {
      return "MAP(" + sqlType(m.keyType()) + ", " + sqlType(m.valueType()) + ")";
    }
    var s = (Schema) type;
    var out = new StringBuilder("STRUCT(");
    for (int i = 0; i < s.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(quote(s.field(i).name())).append(' ').append(sqlType(s.field(i).type()));
    }
    return out.append(')').toString();
  }

  // ---- writing

  /** Appends the top-level value {@code value} of {@code type} as the appender's next column. */
  static void append(DuckDBAppender appender, DataType type, Object value) throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    if (type instanceof PrimitiveType p) {
      switch (p) {
        case STRING -> appender.append((String) value);
        case INT -> appender.append((int) (Integer) value);
        case LONG -> appender.append((long) (Long) value);
        case DOUBLE -> appender.append((double) (Double) value);
        case BOOLEAN -> appender.append((boolean) (Boolean) value);
        case TIMESTAMP -> appender.appendEpochMicros((Long) value);
        case DATE -> appender.appendEpochDays((Integer) value);
        case BINARY -> appender.append((byte[]) value);
        default -> throw new AssertionError(p);
      }
    } else if (type instanceof DecimalType d) {
      appender.append(scaled((BigDecimal) value, d));
    } else if (type instanceof Schema s) {
      var fields = (Object[]) value;
      appender.beginStruct();
      for (int i = 0; i < s.size(); i++) {
        append(appender, s.field(i).type(), fields[i]);
      }
      appender.endStruct();
    } else if (type instanceof ArrayType a) {
      appender.append((java.util.Collection<?>) toComposite(a, value));
    } else {
      appender.append((Map<?, ?>) toComposite(type, value));
    }
  }

  /** A value nested in a list, map or struct, as the appender's composite writer takes it. */
  private static Object toComposite(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type == DataType.TIMESTAMP) {
      long micros = (Long) value;
      return LocalDateTime.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000, ZoneOffset.UTC);
    }
    if (type == DataType.DATE) {
      return LocalDate.ofEpochDay((Integer) value);
    }
    if (type instanceof DecimalType d) {
      return scaled((BigDecimal) value, d);
    }
    if (type instanceof ArrayType a) {
      var out = new ArrayList<>(((List<?>) value).size());
      for (Object v : (List<?>) value) {
        out.add(toComposite(a.elementType(), v));
      }
      return out;
    }
    if (type instanceof MapType m) {
      var out = new LinkedHashMap<Object, Object>();
      for (var e : ((Map<?, ?>) value).entrySet()) {
        out.put(toComposite(m.keyType(), e.getKey()), toComposite(m.valueType(), e.getValue()));
      }
      return out;
    }
    if (type instanceof Schema s) {
      var fields = (Object[]) value;
      var out = new ArrayList<>(s.size());
      for (int i = 0; i < s.size(); i++) {
        out.add(toComposite(s.field(i).type(), fields[i]));
      }
      return out;
    }
    return value;
  }

  private static BigDecimal scaled(BigDecimal value, DecimalType type) {
    // The internal value already has the type's scale; this only guards against a caller that does not, and
    // fails (instead of rounding) if digits would be lost.
    return value.scale() == type.scale() ? value : value.setScale(type.scale(), RoundingMode.UNNECESSARY);
  }

  // ---- reading

  /**
   * The SQL expression that reads column or value {@code expr} of {@code type} in the form {@link #fromJdbc} expects:
   * the same value, with every TIMESTAMP turned into epoch microseconds and every DATE into epoch days.
   */
  static String readExpression(DataType type, String expr) {
    return readExpression(type, expr, 0);
  }

  private static String readExpression(DataType type, String expr, int depth) {
    if (!hasTemporal(type)) {
      return expr;
    }
    if (type == DataType.TIMESTAMP) {
      return "epoch_us(" + expr + ")";
    }
    if (type == DataType.DATE) {
      return "CAST(" + expr + " - DATE '1970-01-01' AS INTEGER)";
    }
    String e = "e" + depth;
    if (type instanceof ArrayType a) {
      return "list_transform(" + expr + ", lambda " + e + ": " + readExpression(a.elementType(), e, depth + 1) + ")";
    }
    if (type instanceof MapType m) {
      return "CASE WHEN " + expr + " IS NULL THEN NULL ELSE map_from_entries(list_transform(map_entries(" + expr
          + "), lambda " + e + ": {'key': " + readExpression(m.keyType(), e + ".key", depth + 1) + ", 'value': "
          + readExpression(m.valueType(), e + ".value", depth + 1) + "})) END";
    }
    var s = (Schema) type;
    var out = new StringBuilder("CASE WHEN " + expr + " IS NULL THEN NULL ELSE {");
    for (int i = 0; i < s.size(); i++) {
      String name = s.field(i).name();
      out.append(i == 0 ? "" : ", ").append(literal(name)).append(": ")
          .append(readExpression(s.field(i).type(), "struct_extract(" + expr + ", " + literal(name) + ")", depth));
    }
    return out.append("} END").toString();
  }

  private static boolean hasTemporal(DataType type) {
    if (type == DataType.TIMESTAMP || type == DataType.DATE) {
      return true;
    }
    if (type instanceof ArrayType a) {
      return hasTemporal(a.elementType());
    }
    if (type instanceof MapType m) {
      return hasTemporal(m.keyType()) || hasTemporal(m.valueType());
    }
    if (type instanceof Schema s) {
      return s.fields().stream().anyMatch(f -> hasTemporal(f.type()));
    }
    return false;
  }

  /** The internal value of {@code type} from what the driver returned for its {@link #readExpression}. */
  static Object fromJdbc(DataType type, Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    if (type instanceof PrimitiveType p) {
      return switch (p) {
        case STRING -> value.toString();
        case INT, DATE -> ((Number) value).intValue();
        case LONG, TIMESTAMP -> ((Number) value).longValue();
        case DOUBLE -> ((Number) value).doubleValue();
        case BOOLEAN -> (Boolean) value;
        case BINARY -> bytes(value);
      };
    }
    if (type instanceof DecimalType d) {
      return ((BigDecimal) value).setScale(d.scale(), RoundingMode.UNNECESSARY);
    }
    if (type instanceof ArrayType a) {
      Object[] elements = value instanceof Array array ? (Object[]) array.getArray() : ((List<?>) value).toArray();
      var out = new ArrayList<>(elements.length);
      for (Object v : elements) {
        out.add(fromJdbc(a.elementType(), v));
      }
      return out;
    }
    if (type instanceof MapType m) {
      var out = new LinkedHashMap<Object, Object>();
      for (var e : ((Map<?, ?>) value).entrySet()) {
        out.put(fromJdbc(m.keyType(), e.getKey()), fromJdbc(m.valueType(), e.getValue()));
      }
      return out;
    }
    var s = (Schema) type;
    Object[] attributes = ((Struct) value).getAttributes();
    var out = new Object[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fromJdbc(s.field(i).type(), attributes[i]);
    }
    return out;
  }

  private static byte[] bytes(Object value) throws SQLException {
    if (value instanceof byte[] b) {
      return b;
    }
    var blob = (Blob) value;
    return blob.getBytes(1, (int) blob.length());
  }

  /** DuckDB's own rendering of a TIMESTAMP ({@code 2024-05-01 12:00:00.25}), computed without the JVM's time zone. */
  static String formatTimestamp(LocalDateTime t) {
    String date = t.toLocalDate().toString();
    var out = new StringBuilder(date).append(' ');
    out.append(two(t.getHour())).append(':').append(two(t.getMinute())).append(':').append(two(t.getSecond()));
    int micros = t.getNano() / 1_000;
    if (micros != 0) {
      String fraction = String.format("%06d", micros);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    return out.toString();
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
