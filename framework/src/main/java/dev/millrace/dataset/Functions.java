package dev.millrace.dataset;

import dev.millrace.config.Durations;
import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.CaseWhen;
import dev.millrace.expr.Coalesce;
import dev.millrace.expr.Expression;
import dev.millrace.expr.FunctionCall;
import dev.millrace.expr.FunctionCall.Fn;
import dev.millrace.expr.Literal;
import dev.millrace.expr.Not;
import dev.millrace.expr.SessionWindow;
import dev.millrace.expr.Star;
import dev.millrace.expr.TimeWindow;
import dev.millrace.expr.UnresolvedColumn;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The functions of the Dataset DSL, as Spark's {@code org.apache.spark.sql.functions}; meant to be imported
 * statically: {@code import static dev.millrace.dataset.Functions.*;}. Scalar functions keep Spark's names
 * ({@code to_timestamp}, {@code date_format}); aggregates are camelCase as in Java ({@code countDistinct},
 * {@code collectList}), with Spark's snake_case names as aliases where Spark spells them so.
 *
 * <p>Durations ({@code window}, {@code sessionWindow}) are strings such as {@code "10 seconds"}, {@code "1 hour"},
 * {@code "5 min"} or ISO-8601 {@code "PT10S"}.
 */
public final class Functions {

  private Functions() {}

  // ---- columns and literals ----

  /** The column {@code name} of the input; {@code "*"} means all columns, {@code "a.b"} a struct field. */
  public static Column col(String name) {
    return new Column("*".equals(name) ? new Star() : new UnresolvedColumn(name));
  }

  /** Same as {@link #col}. */
  public static Column column(String name) {
    return col(name);
  }

  /**
   * A constant: String, Integer, Long, Double (or Float), BigDecimal, Boolean, Instant (truncated to
   * microseconds), LocalDate or byte[]; a Column is returned as is. {@code lit(null)} is a NULL that takes the type
   * of the expression it meets (cast it to fix a type: {@code lit(null).cast("INT")}).
   */
  public static Column lit(Object value) {
    if (value instanceof Column c) {
      return c;
    }
    return new Column(literal(value));
  }

  static Literal literal(Object value) {
    if (value == null) {
      return new Literal(null, DataType.STRING);
    }
    if (value instanceof String s) {
      return new Literal(s, DataType.STRING);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return new Literal(((Number) value).intValue(), DataType.INT);
    }
    if (value instanceof Long l) {
      return new Literal(l, DataType.LONG);
    }
    if (value instanceof Double || value instanceof Float) {
      return new Literal(((Number) value).doubleValue(), DataType.DOUBLE);
    }
    if (value instanceof BigDecimal d) {
      int precision = Math.max(d.precision(), d.scale());
      return new Literal(d, new DecimalType(Math.max(1, precision), Math.max(0, d.scale())));
    }
    if (value instanceof Boolean b) {
      return new Literal(b, DataType.BOOLEAN);
    }
    if (value instanceof Instant i) {
      return new Literal(i.truncatedTo(ChronoUnit.MICROS), DataType.TIMESTAMP);
    }
    if (value instanceof LocalDate d) {
      return new Literal(d, DataType.DATE);
    }
    if (value instanceof byte[] b) {
      return new Literal(b.clone(), DataType.BINARY);
    }
    throw new IllegalArgumentException("Cannot make a literal of " + value.getClass().getName() + " (" + value
        + "); supported: String, Integer, Long, Double, BigDecimal, Boolean, Instant, LocalDate, byte[]");
  }

  // ---- logic ----

  public static Column not(Column c) {
    return new Column(new Not(c.expr()));
  }

  /** Starts a CASE expression: {@code when(cond, value).when(cond2, value2).otherwise(other)}. */
  public static Column when(Column condition, Object value) {
    return new Column(new CaseWhen(List.of(new CaseWhen.Branch(condition.expr(), Column.toExpr(value))),
        Optional.empty()));
  }

  /** The first non-null argument. */
  public static Column coalesce(Column... columns) {
    return new Column(new Coalesce(exprs(columns)));
  }

  // ---- strings ----

  public static Column upper(Column c) {
    return call(Fn.UPPER, c);
  }

  public static Column lower(Column c) {
    return call(Fn.LOWER, c);
  }

  /** The number of characters. */
  public static Column length(Column c) {
    return call(Fn.LENGTH, c);
  }

  public static Column trim(Column c) {
    return call(Fn.TRIM, c);
  }

  public static Column ltrim(Column c) {
    return call(Fn.LTRIM, c);
  }

  public static Column rtrim(Column c) {
    return call(Fn.RTRIM, c);
  }

  /** The arguments joined; NULL if any is NULL, as in Spark. */
  public static Column concat(Column... columns) {
    return new Column(new FunctionCall(Fn.CONCAT, exprs(columns)));
  }

  /** The substring starting at 1-based {@code pos} of at most {@code len} characters. */
  public static Column substring(Column str, int pos, int len) {
    return new Column(new FunctionCall(Fn.SUBSTRING, List.of(str.expr(), literal(pos), literal(len))));
  }

  /** Group {@code idx} of the first match of the Java regex, or "" when it does not match (Spark's rule). */
  public static Column regexp_extract(Column str, String regex, int idx) {
    return new Column(new FunctionCall(Fn.REGEXP_EXTRACT, List.of(str.expr(), literal(regex), literal(idx))));
  }

  public static Column regexp_replace(Column str, String regex, String replacement) {
    return new Column(new FunctionCall(Fn.REGEXP_REPLACE,
        List.of(str.expr(), literal(regex), literal(replacement))));
  }

  /** The parts of the string around matches of the Java regex, as an ARRAY&lt;STRING&gt;. */
  public static Column split(Column str, String regex) {
    return new Column(new FunctionCall(Fn.SPLIT, List.of(str.expr(), literal(regex))));
  }

  // ---- dates and times ----

  /** Parses an ISO-8601 timestamp string; NULL when it does not parse. */
  public static Column to_timestamp(Column str) {
    return call(Fn.TO_TIMESTAMP, str);
  }

  /** Parses a string with a {@link java.time.format.DateTimeFormatter} pattern; NULL when it does not parse. */
  public static Column to_timestamp(Column str, String pattern) {
    return new Column(new FunctionCall(Fn.TO_TIMESTAMP, List.of(str.expr(), literal(pattern))));
  }

  /** The date of a timestamp (UTC) or of an ISO date string. */
  public static Column to_date(Column c) {
    return call(Fn.TO_DATE, c);
  }

  public static Column to_date(Column str, String pattern) {
    return new Column(new FunctionCall(Fn.TO_DATE, List.of(str.expr(), literal(pattern))));
  }

  /** Formats a timestamp (UTC) with a {@link java.time.format.DateTimeFormatter} pattern. */
  public static Column date_format(Column ts, String pattern) {
    return new Column(new FunctionCall(Fn.DATE_FORMAT, List.of(ts.expr(), literal(pattern))));
  }

  /** Truncates a timestamp to {@code unit}: year, month, week, day, hour, minute, second. */
  public static Column date_trunc(String unit, Column ts) {
    return new Column(new FunctionCall(Fn.DATE_TRUNC, List.of(literal(unit), ts.expr())));
  }

  /** Seconds since the epoch. */
  public static Column unix_timestamp(Column ts) {
    return call(Fn.UNIX_TIMESTAMP, ts);
  }

  public static Column year(Column c) {
    return call(Fn.YEAR, c);
  }

  public static Column month(Column c) {
    return call(Fn.MONTH, c);
  }

  public static Column dayofmonth(Column c) {
    return call(Fn.DAYOFMONTH, c);
  }

  public static Column hour(Column c) {
    return call(Fn.HOUR, c);
  }

  public static Column minute(Column c) {
    return call(Fn.MINUTE, c);
  }

  public static Column second(Column c) {
    return call(Fn.SECOND, c);
  }

  public static Column date_add(Column date, int days) {
    return new Column(new FunctionCall(Fn.DATE_ADD, List.of(date.expr(), literal(days))));
  }

  /**
   * The batch's timestamp, recorded in the checkpoint with the batch so that a replay computes the same value
   * (not the wall clock at the moment a row is processed).
   */
  public static Column current_timestamp() {
    return new Column(new FunctionCall(Fn.CURRENT_TIMESTAMP, List.of()));
  }

  /**
   * An interval for timestamp arithmetic, e.g. {@code col("click_time").leq(col("impression_time")
   * .plus(interval("1 hour")))}: a duration string such as {@code "1 hour"} or {@code "PT10M"}.
   */
  public static Duration interval(String duration) {
    return Durations.parse(duration);
  }

  // ---- math ----

  public static Column abs(Column c) {
    return call(Fn.ABS, c);
  }

  /** Rounds half up to {@code scale} decimal places. */
  public static Column round(Column c, int scale) {
    return new Column(new FunctionCall(Fn.ROUND, List.of(c.expr(), literal(scale))));
  }

  public static Column floor(Column c) {
    return call(Fn.FLOOR, c);
  }

  public static Column ceil(Column c) {
    return call(Fn.CEIL, c);
  }

  // ---- event-time windows ----

  /** Tumbling event-time windows of {@code size}, aligned to the epoch. */
  public static Column window(Column timeColumn, String size) {
    Duration d = Durations.parse(size);
    return new Column(new TimeWindow(timeColumn.expr(), d, d, Duration.ZERO));
  }

  /** Sliding event-time windows of {@code size} starting every {@code slide}; a row is in each that contains it. */
  public static Column window(Column timeColumn, String size, String slide) {
    return new Column(new TimeWindow(timeColumn.expr(), Durations.parse(size), Durations.parse(slide),
        Duration.ZERO));
  }

  /** Sliding windows whose starts are offset from the epoch by {@code startTime}. */
  public static Column window(Column timeColumn, String size, String slide, String startTime) {
    return new Column(new TimeWindow(timeColumn.expr(), Durations.parse(size), Durations.parse(slide),
        Durations.parse(startTime)));
  }

  /** Session windows that close after {@code gap} without events of the key. */
  public static Column sessionWindow(Column timeColumn, String gap) {
    return new Column(new SessionWindow(timeColumn.expr(), Durations.parse(gap)));
  }

  /** Spark's name for {@link #sessionWindow}. */
  public static Column session_window(Column timeColumn, String gap) {
    return sessionWindow(timeColumn, gap);
  }

  // ---- aggregates ----

  /** The number of rows: {@code count(*)}. */
  public static Column count() {
    return agg(AggregateCall.Fn.COUNT, List.of(), null);
  }

  /** The number of rows where {@code c} is not null. */
  public static Column count(Column c) {
    return agg(AggregateCall.Fn.COUNT, List.of(c.expr()), null);
  }

  /** {@code count(col(name))}; {@code count("*")} counts all rows. */
  public static Column count(String name) {
    return "*".equals(name) ? count() : count(col(name));
  }

  /** The number of distinct non-null combinations of the columns. */
  public static Column countDistinct(Column first, Column... more) {
    var args = new ArrayList<Expression>();
    args.add(first.expr());
    args.addAll(exprs(more));
    return agg(AggregateCall.Fn.COUNT_DISTINCT, args, null);
  }

  public static Column sum(Column c) {
    return agg(AggregateCall.Fn.SUM, List.of(c.expr()), null);
  }

  public static Column sum(String name) {
    return sum(col(name));
  }

  public static Column avg(Column c) {
    return agg(AggregateCall.Fn.AVG, List.of(c.expr()), null);
  }

  public static Column avg(String name) {
    return avg(col(name));
  }

  public static Column min(Column c) {
    return agg(AggregateCall.Fn.MIN, List.of(c.expr()), null);
  }

  public static Column min(String name) {
    return min(col(name));
  }

  public static Column max(Column c) {
    return agg(AggregateCall.Fn.MAX, List.of(c.expr()), null);
  }

  public static Column max(String name) {
    return max(col(name));
  }

  /** The first value of the group in arrival order, nulls included (Spark's {@code first(col)}). */
  public static Column first(Column c) {
    return first(c, false);
  }

  public static Column first(Column c, boolean ignoreNulls) {
    return agg(AggregateCall.Fn.FIRST, List.of(c.expr()), ignoreNulls);
  }

  /** The last value of the group in arrival order, nulls included (Spark's {@code last(col)}). */
  public static Column last(Column c) {
    return last(c, false);
  }

  public static Column last(Column c, boolean ignoreNulls) {
    return agg(AggregateCall.Fn.LAST, List.of(c.expr()), ignoreNulls);
  }

  /** The non-null values of the group, in arrival order. */
  public static Column collectList(Column c) {
    return agg(AggregateCall.Fn.COLLECT_LIST, List.of(c.expr()), null);
  }

  /** Spark's name for {@link #collectList}. */
  public static Column collect_list(Column c) {
    return collectList(c);
  }

  /** The distinct non-null values of the group. */
  public static Column collectSet(Column c) {
    return agg(AggregateCall.Fn.COLLECT_SET, List.of(c.expr()), null);
  }

  /** Spark's name for {@link #collectSet}. */
  public static Column collect_set(Column c) {
    return collectSet(c);
  }

  /** The sample standard deviation; NULL for fewer than two values, as Spark's {@code stddev}. */
  public static Column stddev(Column c) {
    return agg(AggregateCall.Fn.STDDEV, List.of(c.expr()), null);
  }

  /** An estimate of the number of distinct values (HyperLogLog++), relative standard deviation 0.05. */
  public static Column approxCountDistinct(Column c) {
    return approxCountDistinct(c, 0.05);
  }

  /** An estimate of the number of distinct values with the given relative standard deviation. */
  public static Column approxCountDistinct(Column c, double rsd) {
    if (!(rsd > 0 && rsd < 1)) {
      throw new IllegalArgumentException("approxCountDistinct: the relative standard deviation must be in (0, 1), "
          + "got " + rsd);
    }
    return agg(AggregateCall.Fn.APPROX_COUNT_DISTINCT, List.of(c.expr()), rsd);
  }

  /** Spark's name for {@link #approxCountDistinct(Column)}. */
  public static Column approx_count_distinct(Column c) {
    return approxCountDistinct(c);
  }

  // ---- helpers ----

  private static Column call(Fn fn, Column arg) {
    return new Column(new FunctionCall(fn, List.of(arg.expr())));
  }

  private static Column agg(AggregateCall.Fn fn, List<Expression> args, Object param) {
    return new Column(new AggregateCall(fn, args, param));
  }

  private static List<Expression> exprs(Column[] columns) {
    return Arrays.stream(columns).map(Column::expr).toList();
  }
}
