package dev.millrace.config;

import dev.millrace.errors.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats durations written the way Spark users write them.
 *
 * <p>Accepted, case-insensitively, with or without a space between number and unit:
 *
 * <ul>
 *   <li>a number and a unit: {@code ns}/{@code nanosecond(s)}, {@code us}/{@code micro(s)}/{@code microsecond(s)},
 *       {@code ms}/{@code milli(s)}/{@code millisecond(s)}, {@code s}/{@code sec(s)}/{@code second(s)},
 *       {@code m}/{@code min(s)}/{@code minute(s)}, {@code h}/{@code hr(s)}/{@code hour(s)}, {@code d}/{@code day(s)},
 *       {@code w}/{@code week(s)}: {@code 10 seconds}, {@code 500 ms}, {@code 5 min}, {@code 1h}, {@code 1.5 hours};
 *   <li>several of them in a row, added up: {@code 1 hour 30 minutes}, {@code 1h30m};
 *   <li>ISO-8601 as {@link Duration#parse}: {@code PT10S}, {@code PT1M30S}, {@code P1D}.
 * </ul>
 *
 * A number without a unit is rejected (is {@code 10} seconds or milliseconds?), and so is a negative duration.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]+)");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final Map<String, Long> UNIT_NANOS = new LinkedHashMap<>();

  static {
    unit(1L, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
    unit(1_000L, "us", "micro", "micros", "microsecond", "microseconds");
    unit(1_000_000L, "ms", "milli", "millis", "millisecond", "milliseconds");
    unit(1_000_000_000L, "s", "sec", "secs", "second", "seconds");
    unit(60_000_000_000L, "m", "min", "mins", "minute", "minutes");
    unit(3_600_000_000_000L, "h", "hr", "hrs", "hour", "hours");
    unit(86_400_000_000_000L, "d", "day", "days");
    unit(604_800_000_000_000L, "w", "week", "weeks");
  }

  private static final String ACCEPTED =
      "write a number and a unit such as '10 seconds', '500 ms', '5 min', '1 hour', '2 days', '10s', '1h30m'"
          + " (units: ns, us, ms, s, m/min, h, d, w and their long forms), or ISO-8601 such as 'PT10S' or 'P1D'";

  private Durations() {}

  private static void unit(long nanos, String... names) {
    for (String name : names) {
      UNIT_NANOS.put(name, nanos);
    }
  }

  /**
   * Parses {@code text} into a non-negative duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is not a duration, is negative
   *     or is too large for {@link Duration}
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.strip();
    if (s.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    if (s.startsWith("-")) {
      throw invalid(text, "a duration must not be negative");
    }
    if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
      try {
        Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw invalid(text, "a duration must not be negative");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw invalid(text, "it is not an ISO-8601 duration");
      }
    }
    if (NUMBER.matcher(s).matches()) {
      throw invalid(text, "the number has no unit");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(s);
    int pos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw invalid(text, null);
      }
      String unit = m.group(2).toLowerCase(Locale.ROOT);
      Long unitNanos = UNIT_NANOS.get(unit);
      if (unitNanos == null) {
        String hint = Suggestions.closest(unit, UNIT_NANOS.keySet()).map(u -> " (did you mean '" + u + "'?)").orElse("");
        throw invalid(text, "unknown unit '" + m.group(2) + "'" + hint);
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
      pos = m.end();
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }
    try {
      BigInteger exact = nanos.toBigIntegerExact();
      BigInteger[] secondsAndNanos = exact.divideAndRemainder(NANOS_PER_SECOND.toBigInteger());
      return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
    } catch (ArithmeticException e) {
      throw invalid(text, nanos.stripTrailingZeros().scale() > 0 ? "it is finer than a nanosecond" : "it is too large");
    }
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException(
        "invalid duration '" + text + "'" + (reason == null ? "" : ": " + reason) + "; " + ACCEPTED);
  }

  /**
   * Formats {@code duration} in the largest unit that holds it exactly, as {@link #parse} reads it back:
   * {@code 10 seconds}, {@code 1 minute}, {@code 1500 milliseconds}, {@code 2 days}, {@code 0 seconds}.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a duration must not be negative: " + duration);
    }
    if (duration.isZero()) {
      return "0 seconds";
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (nanos == 0) {
      if (seconds % 86_400 == 0) {
        return plural(seconds / 86_400, "day");
      }
      if (seconds % 3_600 == 0) {
        return plural(seconds / 3_600, "hour");
      }
      if (seconds % 60 == 0) {
        return plural(seconds / 60, "minute");
      }
      return plural(seconds, "second");
    }
    BigInteger total = BigInteger.valueOf(seconds).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(nanos));
    if (nanos % 1_000_000 == 0) {
      return plural(total.divide(BigInteger.valueOf(1_000_000L)), "millisecond");
    }
    if (nanos % 1_000 == 0) {
      return plural(total.divide(BigInteger.valueOf(1_000L)), "microsecond");
    }
    return plural(total, "nanosecond");
  }

  private static String plural(Object count, String unit) {
    return count + " " + unit + ("1".equals(count.toString()) ? "" : "s");
  }
}
