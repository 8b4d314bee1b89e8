package dev.millrace.runtime.operator;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.MapType;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the engine holds values. Inside the runtime a row is an {@code Object[]} whose slots follow the schema, and
 * each value is in its <em>internal</em> representation, chosen so that operators compare and hash values cheaply:
 *
 * <table>
 *   <caption>Internal representation of each type</caption>
 *   <tr><th>type</th><th>internal value</th><th>external value ({@link Row}, user lambdas)</th></tr>
 *   <tr><td>STRING</td><td>String</td><td>String</td></tr>
 *   <tr><td>INT</td><td>Integer</td><td>Integer</td></tr>
 *   <tr><td>LONG</td><td>Long</td><td>Long</td></tr>
 *   <tr><td>DOUBLE</td><td>Double</td><td>Double</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>BigDecimal with scale s</td><td>BigDecimal</td></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>TIMESTAMP</td><td>Long: microseconds since the epoch, UTC</td><td>Instant</td></tr>
 *   <tr><td>DATE</td><td>Integer: days since the epoch</td><td>LocalDate</td></tr>
 *   <tr><td>BINARY</td><td>byte[]</td><td>byte[]</td></tr>
 *   <tr><td>ARRAY</td><td>List of internal values</td><td>List</td></tr>
 *   <tr><td>MAP</td><td>Map of internal values</td><td>Map</td></tr>
 *   <tr><td>STRUCT</td><td>Object[]</td><td>Row</td></tr>
 * </table>
 * Null is Java {@code null}. Rows and values are not copied between operators; an operator must not change a row it
 * has received or emitted.
 */
public final class InternalValues {

  private InternalValues() {}

  /** Microseconds since the epoch of an instant (sub-microsecond digits are dropped, toward negative infinity). */
  public static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant of microseconds since the epoch. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /** An external value of {@code type} in its internal representation. */
  public static Object toInternal(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type == DataType.TIMESTAMP) {
      return micros((Instant) value);
    }
    if (type == DataType.DATE) {
      return (int) ((LocalDate) value).toEpochDay();
    }
    if (type instanceof ArrayType a) {
      var out = new ArrayList<>(((List<?>) value).size());
      for (Object v : (List<?>) value) {
        out.add(toInternal(a.elementType(), v));
      }
      return out;
    }
    if (type instanceof MapType m) {
      var out = new LinkedHashMap<Object, Object>();
      for (var e : ((Map<?, ?>) value).entrySet()) {
        out.put(toInternal(m.keyType(), e.getKey()), toInternal(m.valueType(), e.getValue()));
      }
      return out;
    }
    if (type instanceof Schema s) {
      return rowToInternal(s, (Row) value);
    }
    return value;
  }

  /** An internal value of {@code type} in its external representation. */
  public static Object toExternal(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type == DataType.TIMESTAMP) {
      return instant((Long) value);
    }
    if (type == DataType.DATE) {
      return LocalDate.ofEpochDay((Integer) value);
    }
    if (type instanceof ArrayType a) {
      var out = new ArrayList<>(((List<?>) value).size());
      for (Object v : (List<?>) value) {
        out.add(toExternal(a.elementType(), v));
      }
      return out;
    }
    if (type instanceof MapType m) {
      var out = new LinkedHashMap<Object, Object>();
      for (var e : ((Map<?, ?>) value).entrySet()) {
        out.put(toExternal(m.keyType(), e.getKey()), toExternal(m.valueType(), e.getValue()));
      }
      return out;
    }
    if (type instanceof Schema s) {
      return rowToExternal(s, (Object[]) value);
    }
    return value;
  }

  /** A user-facing row as an internal row of {@code schema} (values by position). */
  public static Object[] rowToInternal(Schema schema, Row row) {
    if (row.size() != schema.size()) {
      throw new IllegalArgumentException("Row " + row + " has " + row.size() + " values but the schema ("
          + schema.toDdl() + ") has " + schema.size() + " columns");
    }
    var out = new Object[schema.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = toInternal(schema.field(i).type(), row.get(i));
    }
    return out;
  }

  /** An internal row as a user-facing row that knows its schema. */
  public static Row rowToExternal(Schema schema, Object[] row) {
    var values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = toExternal(schema.field(i).type(), row[i]);
    }
    return Row.withSchema(schema, values);
  }
}
