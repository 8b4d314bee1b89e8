package dev.millrace.expr;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An aggregate function over the rows of a group, from {@code count()}, {@code sum(col)} and so on. The result
 * types follow Spark: {@code count} is a non-null LONG, {@code sum} of integers is LONG and of DECIMAL(p,s) is
 * DECIMAL(min(38, p+10), s), {@code avg} is DOUBLE (DECIMAL(p+4, s+4) for decimals), {@code min/max/first/last}
 * keep the input type, {@code collect_list/collect_set} give a non-null ARRAY, {@code stddev} (sample) is DOUBLE,
 * {@code approx_count_distinct} is a non-null LONG.
 *
 * @param param a constant parameter: {@code ignoreNulls} (Boolean) for first/last, the relative standard
 *     deviation (Double) for approx_count_distinct, else null
 */
public record AggregateCall(Fn fn, List<Expression> args, Object param) implements Expression {

  /** The aggregate functions. */
  public enum Fn {
    COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX, FIRST, LAST, COLLECT_LIST, COLLECT_SET, STDDEV,
    APPROX_COUNT_DISTINCT;

    public String sqlName() {
      return switch (this) {
        case COUNT_DISTINCT -> "count";
        default -> name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  public AggregateCall {
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
      case COUNT, COUNT_DISTINCT, APPROX_COUNT_DISTINCT -> DataType.LONG;
      case SUM -> {
        DataType t = args.get(0).dataType();
        if (t instanceof DecimalType d) {
          yield new DecimalType(Math.min(DecimalType.MAX_PRECISION, d.precision() + 10), d.scale());
        }
        yield t == DataType.DOUBLE ? DataType.DOUBLE : DataType.LONG;
      }
      case AVG -> {
        DataType t = args.get(0).dataType();
        if (t instanceof DecimalType d) {
          yield new DecimalType(Math.min(DecimalType.MAX_PRECISION, d.precision() + 4),
              Math.min(DecimalType.MAX_PRECISION, d.scale() + 4));
        }
        yield DataType.DOUBLE;
      }
      case STDDEV -> DataType.DOUBLE;
      case MIN, MAX, FIRST, LAST -> args.get(0).dataType();
      case COLLECT_LIST, COLLECT_SET -> new ArrayType(args.get(0).dataType(), false);
    };
  }

  @Override
  public boolean nullable() {
    return switch (fn) {
      case COUNT, COUNT_DISTINCT, APPROX_COUNT_DISTINCT, COLLECT_LIST, COLLECT_SET -> false;
      default -> true;
    };
  }

  @Override
  public String sql() {
    String inner = args.isEmpty() ? "1" : args.stream().map(Expression::sql).collect(Collectors.joining(", "));
    if (fn == Fn.COUNT_DISTINCT) {
      inner = "DISTINCT " + inner;
    }
    return fn.sqlName() + "(" + inner + ")";
  }
}
