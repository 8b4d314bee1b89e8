package dev.millrace.expr;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A call of a built-in scalar function. The analyzer checks the argument types against {@link Fn#signature()}
 * (inserting casts where Spark would) before the result type is asked for.
 */
public record FunctionCall(Fn fn, List<Expression> args) implements Expression {

  /** The built-in scalar functions; the SQL name is the lower-case enum name. */
  public enum Fn {
    UPPER("upper(STRING)"),
    LOWER("lower(STRING)"),
    LENGTH("length(STRING)"),
    TRIM("trim(STRING)"),
    LTRIM("ltrim(STRING)"),
    RTRIM("rtrim(STRING)"),
    CONCAT("concat(STRING, ...)"),
    SUBSTRING("substring(STRING, INT pos, INT len)"),
    CONTAINS("contains(STRING, STRING)"),
    STARTS_WITH("startswith(STRING, STRING)"),
    ENDS_WITH("endswith(STRING, STRING)"),
    LIKE("like(STRING, STRING pattern)"),
    REGEXP_EXTRACT("regexp_extract(STRING, STRING regex, INT group)"),
    REGEXP_REPLACE("regexp_replace(STRING, STRING regex, STRING replacement)"),
    SPLIT("split(STRING, STRING regex)"),
    TO_TIMESTAMP("to_timestamp(STRING[, STRING format])"),
    TO_DATE("to_date(STRING or TIMESTAMP[, STRING format])"),
    DATE_FORMAT("date_format(TIMESTAMP, STRING format)"),
    DATE_TRUNC("date_trunc(STRING unit, TIMESTAMP)"),
    UNIX_TIMESTAMP("unix_timestamp(TIMESTAMP)"),
    YEAR("year(DATE or TIMESTAMP)"),
    MONTH("month(DATE or TIMESTAMP)"),
    DAYOFMONTH("dayofmonth(DATE or TIMESTAMP)"),
    HOUR("hour(TIMESTAMP)"),
    MINUTE("minute(TIMESTAMP)"),
    SECOND("second(TIMESTAMP)"),
    DATE_ADD("date_add(DATE, INT days)"),
    TIMESTAMP_ADD("timestamp + interval (TIMESTAMP, LONG microseconds)"),
    CURRENT_TIMESTAMP("current_timestamp()"),
    ABS("abs(numeric)"),
    ROUND("round(numeric, INT scale)"),
    FLOOR("floor(numeric)"),
    CEIL("ceil(numeric)");

    private final String signature;

    Fn(String signature) {
      this.signature = signature;
    }

    /** How the function is called, for error messages. */
    public String signature() {
      return signature;
    }

    public String sqlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public FunctionCall {
    Objects.requireNonNull(fn, "fn");
    args = List.copyOf(args);
  }

  @Override
  public List<Expression> children() {
    return args;
  }

  @Override
  public DataType dataType() {
    return switch (fn) {
      case UPPER, LOWER, TRIM, LTRIM, RTRIM, CONCAT, SUBSTRING, REGEXP_EXTRACT, REGEXP_REPLACE, DATE_FORMAT ->
          DataType.STRING;
      case LENGTH, YEAR, MONTH, DAYOFMONTH, HOUR, MINUTE, SECOND -> DataType.INT;
      case CONTAINS, STARTS_WITH, ENDS_WITH, LIKE -> DataType.BOOLEAN;
      case SPLIT -> new ArrayType(DataType.STRING, false);
      case TO_TIMESTAMP, DATE_TRUNC, CURRENT_TIMESTAMP, TIMESTAMP_ADD -> DataType.TIMESTAMP;
      case TO_DATE, DATE_ADD -> DataType.DATE;
      case UNIX_TIMESTAMP, FLOOR, CEIL -> DataType.LONG;
      case ABS, ROUND -> args.get(0).dataType();
    };
  }

  @Override
  public boolean nullable() {
    return switch (fn) {
      case CURRENT_TIMESTAMP -> false;
      // Parsing functions give NULL for text that does not parse.
      case TO_TIMESTAMP, TO_DATE, REGEXP_EXTRACT -> true;
      default -> args.stream().anyMatch(Expression::nullable);
    };
  }

  @Override
  public String sql() {
    if (fn == Fn.TIMESTAMP_ADD && args.get(1) instanceof Literal l && l.value() instanceof Long micros) {
      return "(" + args.get(0).sql() + (micros < 0 ? " - INTERVAL '" : " + INTERVAL '")
          + dev.millrace.config.Durations.format(java.time.Duration.of(Math.abs(micros),
              java.time.temporal.ChronoUnit.MICROS)) + "')";
    }
    return fn.sqlName() + "(" + args.stream().map(Expression::sql).collect(Collectors.joining(", ")) + ")";
  }
}
