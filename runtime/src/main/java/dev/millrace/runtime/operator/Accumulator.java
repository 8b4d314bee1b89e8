package dev.millrace.runtime.operator;

import dev.millrace.expr.AggregateCall;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import dev.millrace.types.ArrayType;
import dev.millrace.types.Schema;

/**
 * The running state of one aggregate function for one group, with Spark's semantics: nulls are ignored (except by
 * {@code count(*)} and by {@code first}/{@code last} without ignoreNulls), an empty or all-null input gives NULL
 * (0 for counts, an empty array for collect functions), {@code sum} of integers wraps on overflow as Spark without
 * ANSI mode, {@code stddev} is the sample standard deviation and is NULL for fewer than two values.
 *
 * <p>Not thread-safe; one instance per group and function.
 */
public abstract class Accumulator {

  /** Adds the function's argument values of one row ({@code args[i]} for argument i; none for count(*)). */
  public abstract void add(Object[] args);

  /** The aggregate of what was added, as an internal value of {@code AggregateCall.dataType()}. */
  public abstract Object result();

  /** The running state as internal values of {@link #bufferTypes(AggregateCall)}, to keep in a state store. */
  public abstract Object[] save();

  /** Replaces the running state with one {@link #save()} produced. */
  public abstract void restore(Object[] buffer);

  /**
   * Adds what {@code other} (an accumulator of the same function) has seen, as if its rows had been added here
   * after this one's; used when session windows merge.
   */
  public abstract void merge(Accumulator other);

  /** The types of the values {@link #save()} returns for {@code call}. */
  public static List<DataType> bufferTypes(AggregateCall call) {
    DataType in = call.args().isEmpty() ? null : call.args().get(0).dataType();
    return switch (call.fn()) {
      case COUNT -> List.of(DataType.LONG);
      case COUNT_DISTINCT -> List.of(new ArrayType(new Schema(java.util.stream.IntStream.range(0, call.args().size())
          .mapToObj(i -> dev.millrace.types.Field.of("a" + i, call.args().get(i).dataType())).toList()), false));
      case SUM -> List.of(call.dataType());
      case AVG -> in instanceof DecimalType ? List.of(new DecimalType(38, ((DecimalType) call.dataType()).scale()),
          DataType.LONG) : List.of(DataType.DOUBLE, DataType.LONG);
      case MIN, MAX -> List.of(in);
      case FIRST, LAST -> List.of(in, DataType.BOOLEAN);
      case COLLECT_LIST, COLLECT_SET -> List.of(new ArrayType(in, false));
      case STDDEV -> List.of(DataType.LONG, DataType.DOUBLE, DataType.DOUBLE);
      case APPROX_COUNT_DISTINCT -> List.of(DataType.BINARY);
    };
  }

  /** A fresh accumulator for {@code call}, whose arguments have the given types. */
  public static Accumulator create(AggregateCall call) {
    DataType in = call.args().isEmpty() ? null : call.args().get(0).dataType();
    DataType out = call.dataType();
    return switch (call.fn()) {
      case COUNT -> call.args().isEmpty() ? new CountStar() : new Count();
      case COUNT_DISTINCT -> new CountDistinct();
      case SUM -> in instanceof DecimalType d ? new SumDecimal((DecimalType) out)
          : in == DataType.DOUBLE ? new SumDouble() : new SumLong();
      case AVG -> in instanceof DecimalType ? new AvgDecimal((DecimalType) out) : new AvgDouble();
      case MIN -> new MinMax(Values.comparator(in), false);
      case MAX -> new MinMax(Values.comparator(in), true);
      case FIRST -> new First(Boolean.TRUE.equals(call.param()));
      case LAST -> new Last(Boolean.TRUE.equals(call.param()));
      case COLLECT_LIST -> new CollectList();
      case COLLECT_SET -> new CollectSet();
      case STDDEV -> new StdDev();
      case APPROX_COUNT_DISTINCT -> new ApproxCountDistinct(new HyperLogLogPlusPlus(
          call.param() == null ? 0.05 : (Double) call.param(), in));
    };
  }

  private static double toDouble(Object v) {
    return v instanceof BigDecimal d ? d.doubleValue() : ((Number) v).doubleValue();
  }

  private static final class CountStar extends Accumulator {
    private long n;

    @Override
    public void add(Object[] args) {
      n++;
    }

    @Override
    public Object result() {
      return n;
    }

    @Override
    public Object[] save() {
      return new Object[] {n};
    }

    @Override
    public void restore(Object[] b) {
      n = (Long) b[0];
    }

    @Override
    public void merge(Accumulator other) {
      n += ((CountStar) other).n;
    }
  }

  private static final class Count extends Accumulator {
    private long n;

    @Override
    public void add(Object[] args) {
      for (Object a : args) {
        if (a == null) {
          return;
        }
      }
      n++;
    }

    @Override
    public Object result() {
      return n;
    }

    @Override
    public Object[] save() {
      return new Object[] {n};
    }

    @Override
    public void restore(Object[] b) {
      n = (Long) b[0];
    }

    @Override
    public void merge(Accumulator other) {
      n += ((Count) other).n;
    }
  }

  private static final class CountDistinct extends Accumulator {
    private final java.util.HashSet<GroupKey> seen = new java.util.HashSet<>();

    @Override
    public void add(Object[] args) {
      for (Object a : args) {
        if (a == null) {
          return;
        }
      }
      seen.add(new GroupKey(args.clone()));
    }

    @Override
    public Object result() {
      return (long) seen.size();
    }

    @Override
    public Object[] save() {
      var list = new ArrayList<Object>(seen.size());
      for (GroupKey k : seen) {
        list.add(k.values());
      }
      return new Object[] {list};
    }

    @Override
    public void restore(Object[] b) {
      seen.clear();
      for (Object v : (List<?>) b[0]) {
        seen.add(new GroupKey((Object[]) v));
      }
    }

    @Override
    public void merge(Accumulator other) {
      seen.addAll(((CountDistinct) other).seen);
    }
  }

  private static final class SumLong extends Accumulator {
    private long sum;
    private boolean any;

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        sum += ((Number) args[0]).longValue();
        any = true;
      }
    }

    @Override
    public Object result() {
      return any ? sum : null;
    }

    @Override
    public Object[] save() {
      return new Object[] {any ? sum : null};
    }

    @Override
    public void restore(Object[] b) {
      any = b[0] != null;
      sum = any ? (Long) b[0] : 0L;
    }

    @Override
    public void merge(Accumulator other) {
      var o = (SumLong) other;
      if (o.any) {
        sum += o.sum;
        any = true;
      }
    }
  }

  private static final class SumDouble extends Accumulator {
    private double sum;
    private boolean any;

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        sum += (Double) args[0];
        any = true;
      }
    }

    @Override
    public Object result() {
      return any ? sum : null;
    }

    @Override
    public Object[] save() {
      return new Object[] {any ? sum : null};
    }

    @Override
    public void restore(Object[] b) {
      any = b[0] != null;
      sum = any ? (Double) b[0] : 0.0;
    }

    @Override
    public void merge(Accumulator other) {
      var o = (SumDouble) other;
      if (o.any) {
        sum += o.sum;
        any = true;
      }
    }
  }

  private static final class SumDecimal extends Accumulator {
    private final DecimalType type;
    private BigDecimal sum;

    SumDecimal(DecimalType type) {
      this.type = type;
    }

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        sum = sum == null ? (BigDecimal) args[0] : sum.add((BigDecimal) args[0]);
      }
    }

    @Override
    public Object result() {
      return sum == null ? null : ExpressionCompiler.fitDecimal(sum, type);
    }

    @Override
    public Object[] save() {
      return new Object[] {result()};
    }

    @Override
    public void restore(Object[] b) {
      sum = (BigDecimal) b[0];
    }

    @Override
    public void merge(Accumulator other) {
      var o = (SumDecimal) other;
      if (o.sum != null) {
        sum = sum == null ? o.sum : sum.add(o.sum);
      }
    }
  }

  private static final class AvgDouble extends Accumulator {
    private double sum;
    private long n;

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        sum += toDouble(args[0]);
        n++;
      }
    }

    @Override
    public Object result() {
      return n == 0 ? null : sum / n;
    }

    @Override
    public Object[] save() {
      return new Object[] {sum, n};
    }

    @Override
    public void restore(Object[] b) {
      sum = (Double) b[0];
      n = (Long) b[1];
    }

    @Override
    public void merge(Accumulator other) {
      var o = (AvgDouble) other;
      sum += o.sum;
      n += o.n;
    }
  }

  private static final class AvgDecimal extends Accumulator {
    private final DecimalType type;
    private BigDecimal sum = BigDecimal.ZERO;
    private long n;

    AvgDecimal(DecimalType type) {
      this.type = type;
    }

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        sum = sum.add((BigDecimal) args[0]);
        n++;
      }
    }

    @Override
    public Object result() {
      return n == 0 ? null
          : ExpressionCompiler.fitDecimal(sum.divide(BigDecimal.valueOf(n), type.scale(), RoundingMode.HALF_UP), type);
    }

    @Override
    public Object[] save() {
      return new Object[] {sum.setScale(type.scale(), RoundingMode.HALF_UP), n};
    }

    @Override
    public void restore(Object[] b) {
      sum = (BigDecimal) b[0];
      n = (Long) b[1];
    }

    @Override
    public void merge(Accumulator other) {
      var o = (AvgDecimal) other;
      sum = sum.add(o.sum);
      n += o.n;
    }
  }

  private static final class MinMax extends Accumulator {
    private final Comparator<Object> order;
    private final boolean max;
    private Object best;

    MinMax(Comparator<Object> order, boolean max) {
      this.order = order;
      this.max = max;
    }

    @Override
    public void add(Object[] args) {
      Object v = args[0];
      if (v != null && (best == null || (max ? order.compare(v, best) > 0 : order.compare(v, best) < 0))) {
        best = v;
      }
    }

    @Override
    public Object result() {
      return best;
    }

    @Override
    public Object[] save() {
      return new Object[] {best};
    }

    @Override
    public void restore(Object[] b) {
      best = b[0];
    }

    @Override
    public void merge(Accumulator other) {
      add(new Object[] {((MinMax) other).best});
    }
  }

  private static final class First extends Accumulator {
    private final boolean ignoreNulls;
    private Object value;
    private boolean set;

    First(boolean ignoreNulls) {
      this.ignoreNulls = ignoreNulls;
    }

    @Override
    public void add(Object[] args) {
      if (!set && (args[0] != null || !ignoreNulls)) {
        value = args[0];
        set = true;
      }
    }

    @Override
    public Object result() {
      return value;
    }

    @Override
    public Object[] save() {
      return new Object[] {value, set};
    }

    @Override
    public void restore(Object[] b) {
      value = b[0];
      set = (Boolean) b[1];
    }

    @Override
    public void merge(Accumulator other) {
      var o = (First) other;
      if (!set && o.set) {
        value = o.value;
        set = true;
      }
    }
  }

  private static final class Last extends Accumulator {
    private final boolean ignoreNulls;
    private Object value;

    Last(boolean ignoreNulls) {
      this.ignoreNulls = ignoreNulls;
    }

    @Override
    public void add(Object[] args) {
      if (args[0] != null || !ignoreNulls) {
        value = args[0];
      }
    }

    @Override
    public Object result() {
      return value;
    }

    @Override
    public Object[] save() {
      return new Object[] {value, Boolean.TRUE};
    }

    @Override
    public void restore(Object[] b) {
      value = b[0];
    }

    @Override
    public void merge(Accumulator other) {
      var o = (Last) other;
      if (o.value != null || !ignoreNulls) {
        value = o.value;
      }
    }
  }

  private static final class CollectList extends Accumulator {
    private final List<Object> values = new ArrayList<>();

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        values.add(args[0]);
      }
    }

    @Override
    public Object result() {
      return new ArrayList<>(values);
    }

    @Override
    public Object[] save() {
      return new Object[] {new ArrayList<>(values)};
    }

    @Override
    public void restore(Object[] b) {
      values.clear();
      values.addAll((List<?>) b[0]);
    }

    @Override
    public void merge(Accumulator other) {
      values.addAll(((CollectList) other).values);
    }
  }

  private static final class CollectSet extends Accumulator {
    private final LinkedHashSet<GroupKey> values = new LinkedHashSet<>();

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        values.add(new GroupKey(new Object[] {args[0]}));
      }
    }

    @Override
    public Object result() {
      var out = new ArrayList<Object>(values.size());
      for (GroupKey k : values) {
        out.add(k.values()[0]);
      }
      return out;
    }

    @Override
    public Object[] save() {
      return new Object[] {result()};
    }

    @Override
    public void restore(Object[] b) {
      values.clear();
      for (Object v : (List<?>) b[0]) {
        values.add(new GroupKey(new Object[] {v}));
      }
    }

    @Override
    public void merge(Accumulator other) {
      values.addAll(((CollectSet) other).values);
    }
  }

  private static final class ApproxCountDistinct extends Accumulator {
    private final HyperLogLogPlusPlus sketch;

    ApproxCountDistinct(HyperLogLogPlusPlus sketch) {
      this.sketch = sketch;
    }

    @Override
    public void add(Object[] args) {
      sketch.add(args[0]);
    }

    @Override
    public Object result() {
      return sketch.estimate();
    }

    @Override
    public Object[] save() {
      return new Object[] {sketch.registers()};
    }

    @Override
    public void restore(Object[] b) {
      sketch.restore((byte[]) b[0]);
    }

    @Override
    public void merge(Accumulator other) {
      sketch.merge(((ApproxCountDistinct) other).sketch);
    }
  }

  /** Welford's algorithm, numerically stable in one pass. */
  private static final class StdDev extends Accumulator {
    private long n;
    private double mean;
    private double m2;

    @Override
    public void add(Object[] args) {
      if (args[0] != null) {
        double x = toDouble(args[0]);
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
      }
    }

    @Override
    public Object result() {
      return n < 2 ? null : Math.sqrt(m2 / (n - 1));
    }

    @Override
    public Object[] save() {
      return new Object[] {n, mean, m2};
    }

    @Override
    public void restore(Object[] b) {
      n = (Long) b[0];
      mean = (Double) b[1];
      m2 = (Double) b[2];
    }

    /** Chan et al.'s parallel combination of two (n, mean, M2) summaries. */
    @Override
    public void merge(Accumulator other) {
      var o = (StdDev) other;
      if (o.n == 0) {
        return;
      }
      long total = n + o.n;
      double delta = o.mean - mean;
      m2 = m2 + o.m2 + delta * delta * n * o.n / total;
      mean = mean + delta * o.n / total;
      n = total;
    }
  }
}
