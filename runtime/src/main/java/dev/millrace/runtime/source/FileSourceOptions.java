package dev.millrace.runtime.source;

import dev.millrace.config.ByteSizes;
import dev.millrace.errors.MillraceException;
import dev.millrace.errors.Suggestions;
import dev.millrace.plan.FileSource;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The validated options of a file source. Names are case-insensitive, as in Spark; an unknown name or a bad value is
 * a {@link MillraceException} naming the option, the value, the source and what is allowed. Immutable.
 */
final class FileSourceOptions {

  /** What to do with a record that does not parse or does not fit the schema; Spark's {@code mode} option. */
  enum Mode {
    /** Keep the row with the fields that parsed and the raw text in the corrupt-record column. */
    PERMISSIVE,
    /** Drop the record and count it. */
    DROPMALFORMED,
    /** Stop the query at the first malformed record. */
    FAILFAST
  }

  static final List<String> COMMON =
      List.of("maxFilesPerTrigger", "maxBytesPerTrigger", "mode", "columnNameOfCorruptRecord", "pathGlobFilter");
  static final List<String> CSV = List.of("header", "delimiter", "sep", "quote", "escape", "nullValue");

  static final char NO_CHAR = '\0';

  final String format;
  final Optional<Integer> maxFilesPerTrigger;
  final Optional<Long> maxBytesPerTrigger;
  final Mode mode;
  final Optional<PathMatcher> pathGlobFilter;
  final boolean header;
  final char delimiter;
  /** The quote character, or {@link #NO_CHAR} when quoting is off. */
  final char quote;
  /** The escape character, or {@link #NO_CHAR} when there is none. */
  final char escape;
  final String nullValue;

  private final FileSource source;

  FileSourceOptions(FileSource source) {
    this.source = source;
    this.format = source.format().toLowerCase(Locale.ROOT);
    if (!format.equals("json") && !format.equals("csv")) {
      throw new MillraceException("File source " + source.path() + " has format '" + source.format()
          + "', which Millrace cannot read; use 'json' (JSON Lines) or 'csv'."
          + Suggestions.didYouMean(source.format(), List.of("json", "csv")));
    }
    List<String> allowed = new ArrayList<>(COMMON);
    if (format.equals("csv")) {
      allowed.addAll(CSV);
    }
    for (Map.Entry<String, String> e : source.options().entrySet()) {
      if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(e.getKey()))) {
        throw invalid(e.getKey(), e.getValue(), "unknown option for a " + format + " source."
            + Suggestions.didYouMean(e.getKey(), allowed) + " Options of a " + format + " source: "
            + String.join(", ", allowed));
      }
    }
    this.maxFilesPerTrigger = source.option("maxFilesPerTrigger").map(v -> positiveInt("maxFilesPerTrigger", v));
    this.maxBytesPerTrigger = source.option("maxBytesPerTrigger").map(v -> positiveSize("maxBytesPerTrigger", v));
    this.mode = source.option("mode").map(this::mode).orElse(Mode.PERMISSIVE);
    this.pathGlobFilter = source.option("pathGlobFilter").map(this::glob);
    this.header = source.option("header").map(v -> bool("header", v)).orElse(false);
    Optional<String> sep = source.option("sep");
    this.delimiter = sep.isPresent() ? character("sep", sep.get(), false)
        : source.option("delimiter").map(v -> character("delimiter", v, false)).orElse(',');
    this.quote = source.option("quote").map(v -> character("quote", v, true)).orElse('"');
    this.escape = source.option("escape").map(v -> character("escape", v, true)).orElse('\\');
    this.nullValue = source.option("nullValue").orElse("");
  }

  private MillraceException invalid(String option, String value, String reason) {
    return new MillraceException(
        "Invalid option '" + option + "' = '" + value + "' of the " + format + " source " + source.path() + ": "
            + reason);
  }

  private int positiveInt(String option, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(option, value, "it must be a whole number of at least 1, such as '10'");
  }

  private long positiveSize(String option, String value) {
    long bytes;
    try {
      bytes = ByteSizes.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(option, value, e.getMessage());
    }
    if (bytes <= 0) {
      throw invalid(option, value, "it must be at least 1 byte, such as '10MB', '1g' or '1048576'");
    }
    return bytes;
  }

  private Mode mode(String value) {
    for (Mode m : Mode.values()) {
      if (m.name().equalsIgnoreCase(value.strip())) {
        return m;
      }
    }
    List<String> names = List.of("PERMISSIVE", "DROPMALFORMED", "FAILFAST");
    throw invalid("mode", value,
        "use PERMISSIVE (the default), DROPMALFORMED or FAILFAST." + Suggestions.didYouMean(value, names));
  }

  private PathMatcher glob(String value) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + value);
    } catch (IllegalArgumentException e) {
      throw invalid("pathGlobFilter", value,
          "it is not a valid glob (" + e.getMessage().lines().findFirst().orElse("") + "); write a pattern on file"
              + " names such as '*.json' or 'events-*.{json,jsonl}'");
    }
  }

  private boolean bool(String option, String value) {
    if (value.strip().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.strip().equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(option, value, "use true or false");
  }

  /** One character; {@code \t} written as two characters is a tab, as Spark reads it; empty turns it off if allowed. */
  private char character(String option, String value, boolean emptyTurnsOff) {
    if (value.isEmpty() && emptyTurnsOff) {
      return NO_CHAR;
    }
    if (value.length() == 1) {
      return value.charAt(0);
    }
    if (value.equals("\\t")) {
      return '\t';
    }
    if (value.equals("\\\\")) {
      return '\\';
    }
    throw invalid(option, value, "it must be a single character, such as ',' or '\\t' for a tab"
        + (emptyTurnsOff ? ", or empty to turn it off" : ""));
  }

  boolean matchesGlob(String fileName) {
    return pathGlobFilter.map(m -> m.matches(Path.of(fileName))).orElse(true);
  }
}
