package dev.millrace.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats sizes in bytes such as {@code 64MB}.
 *
 * <p>Units are binary, as RocksDB's options and Spring's {@code DataSize} count them: {@code 1KB} is 1024 bytes,
 * {@code 1MB} is 1024 KB, and so on. Accepted, case-insensitively, with or without a space: a whole number alone
 * (bytes) or followed by {@code B}/{@code byte(s)}, {@code K}/{@code KB}/{@code KiB}, {@code M}/{@code MB}/{@code MiB},
 * {@code G}/{@code GB}/{@code GiB}, {@code T}/{@code TB}/{@code TiB}: {@code 100}, {@code 100B}, {@code 512KB},
 * {@code 64 MB}, {@code 16mb}, {@code 1g}.
 */
public final class ByteSizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
  private static final String ACCEPTED =
      "write a whole number of bytes, optionally with a binary unit, such as '100', '100B', '512KB', '64MB', '1GB',"
          + " '1g' (1KB = 1024 bytes)";
  private static final String[] FORMAT_UNITS = {"B", "KB", "MB", "GB", "TB"};

  private ByteSizes() {}

  /**
   * Parses {@code text} into a number of bytes, at least 0.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is not a size or does not fit a
   *     {@code long}
   */
  public static long parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw invalid(text, text.strip().startsWith("-") ? "a size must not be negative" : null);
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "", "b", "byte", "bytes" -> 0;
          case "k", "kb", "kib" -> 10;
          case "m", "mb", "mib" -> 20;
          case "g", "gb", "gib" -> 30;
          case "t", "tb", "tib" -> 40;
          default -> throw invalid(text, "unknown unit '" + m.group(2) + "'");
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(text, "it is too large");
    }
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException(
        "invalid size '" + text + "'" + (reason == null ? "" : ": " + reason) + "; " + ACCEPTED);
  }

  /**
   * Formats {@code bytes} in the largest binary unit that holds it exactly, as {@link #parse} reads it back:
   * {@code 64MB}, {@code 1536KB}, {@code 100B}.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static String format(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size must not be negative: " + bytes);
    }
    int unit = 0;
    long value = bytes;
    while (value != 0 && unit < FORMAT_UNITS.length - 1 && (value & 1023) == 0) {
      value >>= 10;
      unit++;
    }
    return value + FORMAT_UNITS[unit];
  }
}
