package dev.millrace.runtime.source;

import dev.millrace.errors.MillraceException;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Conversions from text to internal values, shared by the CSV reader (every cell is text) and the JSON reader (JSON
 * strings in DECIMAL, DOUBLE, TIMESTAMP and DATE columns). The rules follow Spark's {@code UnivocityParser} and
 * {@code JacksonParser}; each conversion throws {@link MalformedValueException} when the text does not fit. Stateless
 * and thread-safe.
 */
final class TextValues {

  private TextValues() {}

  /** Converts one text value to the internal value of a column type. */
  @FunctionalInterface
  interface TextConverter {
    Object convert(String text);
  }

  /**
   * The converter of CSV cells (and JSON map keys) for {@code type}: INT and LONG as Java parses them ("12"),
   * DOUBLE also "NaN", "Inf", "-Inf", "Infinity", BOOLEAN "true"/"false" in any case, DECIMAL rounded HALF_UP to the
   * scale, TIMESTAMP and DATE as {@link #timestampMicros} and {@link #epochDay} read them, BINARY the text's UTF-8
   * bytes (Spark's CSV reader; JSON reads base64).
   *
   * @throws MillraceException for ARRAY, MAP and STRUCT, which text cannot hold (Spark's CSV source rejects them too)
   */
  static TextConverter forType(DataType type, String column) {
    if (type instanceof DecimalType d) {
      return text -> decimal(text, d);
    }
    if (!(type instanceof PrimitiveType p)) {
      throw new MillraceException("Column '" + column + "' has type " + type.sql()
          + ", which a CSV file cannot hold; CSV columns must be STRING, INT, LONG, DOUBLE, DECIMAL, BOOLEAN,"
          + " TIMESTAMP, DATE or BINARY. Read nested data from JSON, or parse the text in a later table.");
    }
    return switch (p) {
      case STRING -> text -> text;
      case INT -> text -> {
        try {
          return Integer.parseInt(text);
        } catch (NumberFormatException e) {
          throw cannot(text, type);
        }
      };
      case LONG -> text -> {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw cannot(text, type);
        }
      };
      case DOUBLE -> TextValues::csvDouble;
      case BOOLEAN -> text -> {
        if (text.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw cannot(text, type);
      };
      case TIMESTAMP -> TextValues::timestampMicros;
      case DATE -> TextValues::epochDay;
      case BINARY -> text -> text.getBytes(StandardCharsets.UTF_8);
    };
  }

  static MalformedValueException cannot(String text, DataType type) {
    return new MalformedValueException("cannot read " + quoted(text) + " as " + type.sql());
  }

  static String quoted(String text) {
    return "'" + (text.length() > 50 ? text.substring(0, 50) + "..." : text) + "'";
  }

  /** The special values Spark's JSON reader accepts as strings in a DOUBLE column, or null. */
  static Double specialDouble(String text) {
    return switch (text) {
      case "NaN", "+NaN", "-NaN" -> Double.NaN;
      case "Infinity", "+Infinity", "Inf", "+Inf", "INF", "+INF" -> Double.POSITIVE_INFINITY;
      case "-Infinity", "-Inf", "-INF" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  private static Double csvDouble(String text) {
    Double special = specialDouble(text);
    if (special != null) {
      return special;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw cannot(text, DataType.DOUBLE);
    }
  }

  /** A decimal written as text; commas are ignored as Spark's default (US locale) decimal parser does. */
  static BigDecimal decimal(String text, DecimalType type) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.indexOf(',') >= 0 ? text.replace(",", "") : text);
    } catch (NumberFormatException e) {
      throw cannot(text, type);
    }
    return fit(value, type);
  }

  /** {@code value} at the type's scale, rounded HALF_UP as Spark's {@code Decimal.changePrecision}; too many digits is malformed. */
  static BigDecimal fit(BigDecimal value, DecimalType type) {
    BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.precision()) {
      throw new MalformedValueException(
          value.toPlainString() + " does not fit " + type.sql() + ": at most " + (type.precision() - type.scale())
              + " digits before the point");
    }
    return scaled;
  }

  /**
   * Microseconds since the epoch of an ISO-8601 timestamp, read as Spark's default timestamp parser does:
   * {@code yyyy-MM-dd}, optionally {@code T} or a space and {@code HH:mm[:ss[.fraction]]} (digits beyond the
   * microsecond are dropped), optionally a zone: {@code Z}, an offset ({@code +01:00}, {@code +0100}, {@code +01})
   * or a region ({@code Europe/Paris}). Without a zone the time is UTC (Spark would use the session time zone;
   * Millrace's is always UTC).
   */
  static long timestampMicros(String text) {
    String s = text.strip();
    int n = s.length();
    long epochDay = datePart(s, text, DataType.TIMESTAMP);
    int i = 10;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micros = 0;
    if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == ' ') && i + 1 < n && isDigit(s.charAt(i + 1))) {
      i++;
      hour = digits(s, i, 2, text, DataType.TIMESTAMP);
      expect(s, i + 2, ':', text, DataType.TIMESTAMP);
      minute = digits(s, i + 3, 2, text, DataType.TIMESTAMP);
      i += 5;
      if (i < n && s.charAt(i) == ':') {
        second = digits(s, i + 1, 2, text, DataType.TIMESTAMP);
        i += 3;
        if (i < n && s.charAt(i) == '.') {
          int start = ++i;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
          int count = i - start;
          if (count == 0 || count > 9) {
            throw cannot(text, DataType.TIMESTAMP);
          }
          for (int k = 0; k < 6; k++) {
            micros = micros * 10 + (k < count ? s.charAt(start + k) - '0' : 0);
          }
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw cannot(text, DataType.TIMESTAMP);
      }
    }
    long localSeconds = epochDay * 86_400L + hour * 3_600L + minute * 60L + second;
    long offsetSeconds = 0;
    if (i < n) {
      String zone = s.substring(i).strip();
      try {
        if (zone.equals("Z") || zone.equals("UTC") || zone.equals("GMT")) {
          offsetSeconds = 0;
        } else if (zone.charAt(0) == '+' || zone.charAt(0) == '-') {
          offsetSeconds = ZoneOffset.of(zone).getTotalSeconds();
        } else {
          LocalDateTime local = LocalDateTime.of(LocalDate.ofEpochDay(epochDay), java.time.LocalTime.of(hour, minute,
              second));
          offsetSeconds = local.atZone(ZoneId.of(zone)).getOffset().getTotalSeconds();
        }
      } catch (DateTimeException e) {
        throw cannot(text, DataType.TIMESTAMP);
      }
    }
    return (localSeconds - offsetSeconds) * 1_000_000L + micros;
  }

  /** Days since the epoch of a {@code yyyy-MM-dd} date; a time after {@code T} or a space is ignored, as in Spark. */
  static int epochDay(String text) {
    String s = text.strip();
    long day = datePart(s, text, DataType.DATE);
    if (s.length() > 10 && s.charAt(10) != 'T' && s.charAt(10) != ' ') {
      throw cannot(text, DataType.DATE);
    }
    return (int) day;
  }

  private static long datePart(String s, String text, DataType type) {
    if (s.length() < 10) {
      throw cannot(text, type);
    }
    int year = digits(s, 0, 4, text, type);
    expect(s, 4, '-', text, type);
    int month = digits(s, 5, 2, text, type);
    expect(s, 7, '-', text, type);
    int day = digits(s, 8, 2, text, type);
    try {
      return LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      throw new MalformedValueException("cannot read " + quoted(text) + " as " + type.sql() + ": " + e.getMessage());
    }
  }

  private static int digits(String s, int from, int count, String text, DataType type) {
    if (from + count > s.length()) {
      throw cannot(text, type);
    }
    int value = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        throw cannot(text, type);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void expect(String s, int at, char c, String text, DataType type) {
    if (at >= s.length() || s.charAt(at) != c) {
      throw cannot(text, type);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
