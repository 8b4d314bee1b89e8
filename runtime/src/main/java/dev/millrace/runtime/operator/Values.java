package dev.millrace.runtime.operator;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Comparison, equality, hashing and text conversion of internal values ({@link InternalValues}), with Spark's
 * semantics: NaN equals NaN and sorts above every other double, decimals compare by value, binary compares as
 * unsigned bytes, and timestamps print in UTC as {@code yyyy-MM-dd HH:mm:ss[.ffffff]} (the session time zone is
 * always UTC).
 */
public final class Values {

  private Values() {}

  /** Equality of two non-null internal values of one type (deep for arrays, structs, maps and binary). */
  public static boolean equal(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Double.compare(x, y) == 0 || (x == 0.0 && y == 0.0);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof Object[] x && b instanceof Object[] y) {
      if (x.length != y.length) {
        return false;
      }
      for (int i = 0; i < x.length; i++) {
        if (!equal(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** A hash consistent with {@link #equal}. */
  public static int hash(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
    }
    if (v instanceof Double d) {
      return d == 0.0 ? 0 : d.hashCode();
    }
    if (v instanceof byte[] b) {
      return Arrays.hashCode(b);
    }
    if (v instanceof Object[] a) {
      int h = 1;
      for (Object x : a) {
        h = 31 * h + hash(x);
      }
      return h;
    }
    if (v instanceof List<?> l) {
      int h = 1;
      for (Object x : l) {
        h = 31 * h + hash(x);
      }
      return h;
    }
    return v.hashCode();
  }

  /** The ordering of non-null values of an orderable type. */
  @SuppressWarnings("unchecked")
  public static Comparator<Object> comparator(DataType type) {
    if (type == DataType.DOUBLE) {
      return (a, b) -> Double.compare((Double) a, (Double) b) == 0 || ((Double) a == 0.0 && (Double) b == 0.0) ? 0
          : Double.compare((Double) a, (Double) b);
    }
    if (type == DataType.BINARY) {
      return (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }
    if (type == DataType.STRING) {
      return (a, b) -> compareUtf8((String) a, (String) b);
    }
    if (type instanceof ArrayType at) {
      Comparator<Object> element = comparator(at.elementType());
      return (a, b) -> {
        List<Object> x = (List<Object>) a;
        List<Object> y = (List<Object>) b;
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
          int c = compareNullsFirst(element, x.get(i), y.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      };
    }
    if (type instanceof Schema s) {
      var fields = s.fields().stream().map(f -> comparator(f.type())).toList();
      return (a, b) -> {
        Object[] x = (Object[]) a;
        Object[] y = (Object[]) b;
        for (int i = 0; i < fields.size(); i++) {
          int c = compareNullsFirst(fields.get(i), x[i], y[i]);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };
    }
    if (type instanceof MapType) {
      throw new IllegalArgumentException("MAP values have no order");
    }
    return (a, b) -> ((Comparable<Object>) a).compareTo(b);
  }

  private static int compareNullsFirst(Comparator<Object> c, Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return c.compare(a, b);
  }

  /** Spark compares strings by their UTF-8 bytes, which is code-point order (not UTF-16 unit order). */
  static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A value as Spark's {@code CAST(x AS STRING)} prints it. */
  public static String toText(DataType type, Object v) {
    if (v == null) {
      return null;
    }
    if (type == DataType.TIMESTAMP) {
      return timestampText((Long) v);
    }
    if (type == DataType.DATE) {
      return LocalDate.ofEpochDay((Integer) v).toString();
    }
    if (type == DataType.BINARY) {
      return new String((byte[]) v, StandardCharsets.UTF_8);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (type instanceof ArrayType at) {
      var sb = new StringBuilder("[");
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(l.get(i) == null ? "null" : toText(at.elementType(), l.get(i)));
      }
      return sb.append(']').toString();
    }
    if (type instanceof Schema s) {
      var sb = new StringBuilder("{");
      Object[] r = (Object[]) v;
      for (int i = 0; i < r.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(r[i] == null ? "null" : toText(s.field(i).type(), r[i]));
      }
      return sb.append('}').toString();
    }
    if (type instanceof MapType mt) {
      var sb = new StringBuilder("{");
      boolean first = true;
      for (var e : ((Map<?, ?>) v).entrySet()) {
        sb.append(first ? "" : ", ").append(toText(mt.keyType(), e.getKey())).append(" -> ")
            .append(e.getValue() == null ? "null" : toText(mt.valueType(), e.getValue()));
        first = false;
      }
      return sb.append('}').toString();
    }
    return v.toString();
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC, trailing zeros of the fraction dropped, as Spark prints. */
  public static String timestampText(long micros) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    var sb = new StringBuilder(t.toLocalDate().toString()).append(' ');
    sb.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    if (fraction != 0) {
      String digits = String.format("%06d", fraction);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb.toString();
  }

  private static final java.util.regex.Pattern TIMESTAMP_TEXT = java.util.regex.Pattern.compile(
      "(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[T ](\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{0,9}))?)?)?)?)?)?"
          + "\\s*(Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * Parses a timestamp the way Spark's {@code DateTimeUtils.stringToTimestamp} does: {@code yyyy},
   * {@code yyyy-[m]m}, {@code yyyy-[m]m-[d]d}, then optionally {@code T} or a space and {@code [h]h:[m]m[:[s]s[.f]]}
   * with up to microsecond precision (further digits are dropped), and an optional zone ({@code Z}, {@code UTC},
   * {@code +hh:mm}, {@code -hhmm}); no zone means UTC, the session time zone.
   *
   * @return microseconds since the epoch, or null when the text is not a timestamp
   */
  public static Long parseTimestamp(String text) {
    var m = TIMESTAMP_TEXT.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      int year = Integer.parseInt(m.group(1));
      int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
      int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
      int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      if (m.group(4) != null && m.group(5) == null) {
        return null; // an hour needs its minutes
      }
      String fraction = m.group(7) == null ? "" : m.group(7);
      int micros = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000").substring(0, 6));
      ZoneOffset zone = ZoneOffset.UTC;
      String z = m.group(8);
      if (z != null && !z.equalsIgnoreCase("Z") && !z.equalsIgnoreCase("UTC")) {
        String digits = z.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
        int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
        zone = ZoneOffset.ofHoursMinutes(z.charAt(0) == '-' ? -hours : hours, z.charAt(0) == '-' ? -minutes
            : minutes);
      }
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second);
      long seconds = t.toEpochSecond(zone);
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
    } catch (java.time.DateTimeException | ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static final java.util.regex.Pattern DATE_TEXT =
      java.util.regex.Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?(?:[T ].*)?");

  /**
   * Parses a date as Spark's {@code stringToDate}: {@code yyyy}, {@code yyyy-[m]m}, {@code yyyy-[m]m-[d]d},
   * anything after a {@code T} or space ignored; null when the text is not a date.
   */
  public static Integer parseDate(String text) {
    var m = DATE_TEXT.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)),
          m.group(3) == null ? 1 : Integer.parseInt(m.group(3)));
      return Math.toIntExact(d.toEpochDay());
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return null;
    }
  }
}
