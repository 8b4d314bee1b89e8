package dev.millrace.runtime.operator;

import dev.millrace.errors.MillraceException;
import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.Alias;
import dev.millrace.expr.And;
import dev.millrace.expr.Arithmetic;
import dev.millrace.expr.CaseWhen;
import dev.millrace.expr.Cast;
import dev.millrace.expr.Coalesce;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.Expression;
import dev.millrace.expr.FunctionCall;
import dev.millrace.expr.GetField;
import dev.millrace.expr.In;
import dev.millrace.expr.IsNull;
import dev.millrace.expr.Literal;
import dev.millrace.expr.Not;
import dev.millrace.expr.Or;
import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import java.math.BigDecimal;

import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compiles resolved expressions into {@link Evaluator}s: each node becomes a small closure chosen once by its
 * types, so evaluation per row does no dispatch on types, no name lookups and no reflection. Semantics follow
 * Spark without ANSI mode: arithmetic on NULL is NULL, integer overflow wraps, division and remainder by zero give
 * NULL, casts that cannot convert give NULL, AND/OR are three-valued, the session time zone is UTC.
 *
 * <p>Window and aggregate expressions are not compiled here; the planner gives them to their operators.
 */
public final class ExpressionCompiler {

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  /** Spark divides decimals with 38 significant digits, then rounds to the result type. */
  private static final java.math.MathContext DIVISION = new java.math.MathContext(38, RoundingMode.HALF_UP);

  private final BatchClock clock;

  /** @param clock the batch timestamp that {@code current_timestamp()} reads */
  public ExpressionCompiler(BatchClock clock) {
    this.clock = clock;
  }

  /** An evaluator of a resolved expression. */
  public Evaluator compile(Expression e) {
    if (e instanceof ColumnRef r) {
      int i = r.ordinal();
      return row -> row[i];
    }
    if (e instanceof Literal l) {
      Object v = InternalValues.toInternal(l.dataType(), l.value());
      return row -> v;
    }
    if (e instanceof Alias a) {
      return compile(a.child());
    }
    if (e instanceof Arithmetic a) {
      return arithmetic(a);
    }
    if (e instanceof Comparison c) {
      return comparison(c);
    }
    if (e instanceof And a) {
      Evaluator l = compile(a.left());
      Evaluator r = compile(a.right());
      return row -> {
        Object x = l.eval(row);
        if (Boolean.FALSE.equals(x)) {
          return false;
        }
        Object y = r.eval(row);
        if (Boolean.FALSE.equals(y)) {
          return false;
        }
        return x == null || y == null ? null : Boolean.TRUE;
      };
    }
    if (e instanceof Or o) {
      Evaluator l = compile(o.left());
      Evaluator r = compile(o.right());
      return row -> {
        Object x = l.eval(row);
        if (Boolean.TRUE.equals(x)) {
          return true;
        }
        Object y = r.eval(row);
        if (Boolean.TRUE.equals(y)) {
          return true;
        }
        return x == null || y == null ? null : Boolean.FALSE;
      };
    }
    if (e instanceof Not n) {
      Evaluator c = compile(n.child());
      return row -> {
        Object x = c.eval(row);
        return x == null ? null : !(Boolean) x;
      };
    }
    if (e instanceof IsNull n) {
      Evaluator c = compile(n.child());
      return n.negated() ? row -> c.eval(row) != null : row -> c.eval(row) == null;
    }
    if (e instanceof In in) {
      Evaluator c = compile(in.child());
      Evaluator[] values = in.values().stream().map(this::compile).toArray(Evaluator[]::new);
      return row -> {
        Object x = c.eval(row);
        if (x == null) {
          return null;
        }
        boolean sawNull = false;
        for (Evaluator v : values) {
          Object y = v.eval(row);
          if (y == null) {
            sawNull = true;
          } else if (Values.equal(x, y)) {
            return true;
          }
        }
        return sawNull ? null : Boolean.FALSE;
      };
    }
    if (e instanceof Cast c) {
      return cast(compile(c.child()), c.child().dataType(), c.dataType());
    }
    if (e instanceof CaseWhen cw) {
      Evaluator[] conds = cw.branches().stream().map(b -> compile(b.condition())).toArray(Evaluator[]::new);
      Evaluator[] vals = cw.branches().stream().map(b -> compile(b.value())).toArray(Evaluator[]::new);
      Evaluator other = cw.otherwise().map(this::compile).orElse(row -> null);
      return row -> {
        for (int i = 0; i < conds.length; i++) {
          if (Boolean.TRUE.equals(conds[i].eval(row))) {
            return vals[i].eval(row);
          }
        }
        return other.eval(row);
      };
    }
    if (e instanceof Coalesce c) {
      Evaluator[] args = c.args().stream().map(this::compile).toArray(Evaluator[]::new);
      return row -> {
        for (Evaluator a : args) {
          Object v = a.eval(row);
          if (v != null) {
            return v;
          }
        }
        return null;
      };
    }
    if (e instanceof GetField g) {
      Evaluator c = compile(g.child());
      int i = g.ordinal();
      return row -> {
        Object s = c.eval(row);
        return s == null ? null : ((Object[]) s)[i];
      };
    }
    if (e instanceof FunctionCall f) {
      return function(f);
    }
    if (e instanceof AggregateCall) {
      throw new IllegalArgumentException("Aggregate " + e.sql() + " is evaluated by the aggregation operator");
    }
    throw new IllegalArgumentException("Cannot compile " + e.sql() + " (" + e.getClass().getSimpleName() + ")");
  }

  // ---- arithmetic and comparison ----

  private Evaluator arithmetic(Arithmetic a) {
    Evaluator l = compile(a.left());
    Evaluator r = compile(a.right());
    DataType t = a.dataType();
    Arithmetic.Op op = a.op();
    if (t == DataType.INT) {
      return switch (op) {
        case PLUS -> nullSafe(l, r, (x, y) -> (Integer) x + (Integer) y);
        case MINUS -> nullSafe(l, r, (x, y) -> (Integer) x - (Integer) y);
        case MULTIPLY -> nullSafe(l, r, (x, y) -> (Integer) x * (Integer) y);
        case REMAINDER -> nullSafe(l, r, (x, y) -> (Integer) y == 0 ? null : (Integer) x % (Integer) y);
        case DIVIDE -> throw new IllegalStateException("INT division is analyzed as DOUBLE");
      };
    }
    if (t == DataType.LONG) {
      return switch (op) {
        case PLUS -> nullSafe(l, r, (x, y) -> (Long) x + (Long) y);
        case MINUS -> nullSafe(l, r, (x, y) -> (Long) x - (Long) y);
        case MULTIPLY -> nullSafe(l, r, (x, y) -> (Long) x * (Long) y);
        case REMAINDER -> nullSafe(l, r, (x, y) -> (Long) y == 0L ? null : (Long) x % (Long) y);
        case DIVIDE -> throw new IllegalStateException("LONG division is analyzed as DOUBLE");
      };
    }
    if (t == DataType.DOUBLE) {
      return switch (op) {
        case PLUS -> nullSafe(l, r, (x, y) -> (Double) x + (Double) y);
        case MINUS -> nullSafe(l, r, (x, y) -> (Double) x - (Double) y);
        case MULTIPLY -> nullSafe(l, r, (x, y) -> (Double) x * (Double) y);
        case DIVIDE -> nullSafe(l, r, (x, y) -> (Double) y == 0.0 ? null : (Double) x / (Double) y);
        case REMAINDER -> nullSafe(l, r, (x, y) -> (Double) y == 0.0 ? null : (Double) x % (Double) y);
      };
    }
    DecimalType d = (DecimalType) t;
    // Decimal operands keep their own types; the exact result is rounded (HALF_UP) to Spark's result type, NULL when
    // it has too many integer digits.
    return switch (op) {
      case PLUS -> nullSafe(l, r, (x, y) -> fitDecimal(((BigDecimal) x).add((BigDecimal) y), d));
      case MINUS -> nullSafe(l, r, (x, y) -> fitDecimal(((BigDecimal) x).subtract((BigDecimal) y), d));
      case MULTIPLY -> nullSafe(l, r, (x, y) -> fitDecimal(((BigDecimal) x).multiply((BigDecimal) y), d));
      case DIVIDE -> nullSafe(l, r, (x, y) -> ((BigDecimal) y).signum() == 0 ? null
          : fitDecimal(((BigDecimal) x).divide((BigDecimal) y, DIVISION), d));
      case REMAINDER -> nullSafe(l, r, (x, y) -> ((BigDecimal) y).signum() == 0 ? null
          : fitDecimal(((BigDecimal) x).remainder((BigDecimal) y), d));
    };
  }

  /** The value rounded to the type's scale, or NULL when it needs more digits than the precision allows. */
  static BigDecimal fitDecimal(BigDecimal v, DecimalType type) {
    BigDecimal scaled = v.setScale(type.scale(), RoundingMode.HALF_UP);
    return scaled.precision() - scaled.scale() > type.precision() - type.scale() ? null : scaled;
  }

  private interface Binary {
    Object apply(Object x, Object y);
  }

  private static Evaluator nullSafe(Evaluator l, Evaluator r, Binary f) {
    return row -> {
      Object x = l.eval(row);
      if (x == null) {
        return null;
      }
      Object y = r.eval(row);
      return y == null ? null : f.apply(x, y);
    };
  }

  private Evaluator comparison(Comparison c) {
    Evaluator l = compile(c.left());
    Evaluator r = compile(c.right());
    DataType t = c.left().dataType();
    return switch (c.op()) {
      case EQ -> nullSafe(l, r, Values::equal);
      case NEQ -> nullSafe(l, r, (x, y) -> !Values.equal(x, y));
      case EQ_NULL_SAFE -> row -> {
        Object x = l.eval(row);
        Object y = r.eval(row);
        return x == null || y == null ? x == y : Values.equal(x, y);
      };
      case LT -> ordered(l, r, t, cmp -> cmp < 0);
      case LE -> ordered(l, r, t, cmp -> cmp <= 0);
      case GT -> ordered(l, r, t, cmp -> cmp > 0);
      case GE -> ordered(l, r, t, cmp -> cmp >= 0);
    };
  }

  private interface IntTest {
    boolean test(int cmp);
  }

  private static Evaluator ordered(Evaluator l, Evaluator r, DataType t, IntTest test) {
    Comparator<Object> cmp = Values.comparator(t);
    return nullSafe(l, r, (x, y) -> test.test(cmp.compare(x, y)));
  }

  // ---- casts ----

  private Evaluator cast(Evaluator child, DataType from, DataType to) {
    if (from.equals(to)) {
      return child;
    }
    Converter f = converter(from, to);
    return row -> {
      Object v = child.eval(row);
      return v == null ? null : f.convert(v);
    };
  }

  private interface Converter {
    Object convert(Object v);
  }

  private Converter converter(DataType from, DataType to) {
    if (to == DataType.STRING) {
      return v -> Values.toText(from, v);
    }
    if (from == DataType.STRING) {
      return fromString(to);
    }
    if (from instanceof ArrayType fa && to instanceof ArrayType ta) {
      Converter element = converter(fa.elementType(), ta.elementType());
      return v -> {
        var out = new ArrayList<Object>(((List<?>) v).size());
        for (Object x : (List<?>) v) {
          out.add(x == null ? null : element.convert(x));
        }
        return out;
      };
    }
    if (from == DataType.TIMESTAMP) {
      long perSecond = MICROS_PER_SECOND;
      if (to == DataType.DATE) {
        return v -> (int) Math.floorDiv((Long) v, MICROS_PER_DAY);
      }
      if (to == DataType.DOUBLE) {
        return v -> (Long) v / (double) perSecond;
      }
      Converter toLong = v -> Math.floorDiv((Long) v, perSecond);
      return to == DataType.LONG ? toLong : chain(toLong, converter(DataType.LONG, to));
    }
    if (from == DataType.DATE && to == DataType.TIMESTAMP) {
      return v -> (Integer) v * MICROS_PER_DAY;
    }
    if (from == DataType.BOOLEAN && to == DataType.TIMESTAMP) {
      return v -> (Boolean) v ? 1L : 0L; // Spark: true is one microsecond after the epoch, not one second
    }
    if (from == DataType.BOOLEAN) {
      return chain(v -> (Boolean) v ? 1 : 0, converter(DataType.INT, to));
    }
    // numeric to numeric, BOOLEAN or TIMESTAMP
    if (to == DataType.BOOLEAN) {
      return v -> v instanceof BigDecimal d ? d.signum() != 0 : ((Number) v).doubleValue() != 0.0;
    }
    if (to == DataType.TIMESTAMP) {
      return v -> v instanceof Double d ? (d.isNaN() || d.isInfinite() ? null : (Object) (long) (d * MICROS_PER_SECOND))
          : v instanceof BigDecimal b ? b.movePointRight(6).longValue() : ((Number) v).longValue() * MICROS_PER_SECOND;
    }
    if (to == DataType.INT) {
      return v -> v instanceof Double d ? (Object) (int) d.doubleValue() : (Object) ((Number) v).intValue();
    }
    if (to == DataType.LONG) {
      return v -> v instanceof Double d ? (Object) (long) d.doubleValue() : (Object) ((Number) v).longValue();
    }
    if (to == DataType.DOUBLE) {
      return v -> ((Number) v).doubleValue();
    }
    if (to instanceof DecimalType d) {
      return v -> {
        if (v instanceof Double x && (x.isNaN() || x.isInfinite())) {
          return null;
        }
        BigDecimal b = v instanceof BigDecimal bd ? bd : v instanceof Double x ? BigDecimal.valueOf(x)
            : BigDecimal.valueOf(((Number) v).longValue());
        return fitDecimal(b, d);
      };
    }
    throw new MillraceException("Cannot cast " + from.sql() + " to " + to.sql());
  }

  private static Converter chain(Converter first, Converter second) {
    return v -> {
      Object x = first.convert(v);
      return x == null ? null : second.convert(x);
    };
  }

  private static Converter fromString(DataType to) {
    if (to == DataType.INT) {
      return v -> {
        BigDecimal d = parseIntegral((String) v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return d == null ? null : d.intValue();
      };
    }
    if (to == DataType.LONG) {
      return v -> {
        BigDecimal d = parseIntegral((String) v, Long.MIN_VALUE, Long.MAX_VALUE);
        return d == null ? null : d.longValue();
      };
    }
    if (to == DataType.DOUBLE) {
      return v -> {
        String s = ((String) v).strip();
        try {
          return switch (s.toLowerCase(Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity", "+inf", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
          };
        } catch (NumberFormatException e) {
          return null;
        }
      };
    }
    if (to instanceof DecimalType d) {
      return v -> {
        BigDecimal b = parseDecimal((String) v);
        return b == null ? null : fitDecimal(b, d);
      };
    }
    if (to == DataType.BOOLEAN) {
      return v -> switch (((String) v).strip().toLowerCase(Locale.ROOT)) {
        case "t", "true", "y", "yes", "1" -> Boolean.TRUE;
        case "f", "false", "n", "no", "0" -> Boolean.FALSE;
        default -> null;
      };
    }
    if (to == DataType.TIMESTAMP) {
      return v -> Values.parseTimestamp((String) v);
    }
    if (to == DataType.DATE) {
      return v -> {
        String s = ((String) v).strip();
        return Values.parseDate(s.length() > 10 ? s.substring(0, 10) : s);
      };
    }
    if (to == DataType.BINARY) {
      return v -> ((String) v).getBytes(StandardCharsets.UTF_8);
    }
    throw new MillraceException("Cannot cast STRING to " + to.sql());
  }

  /**
   * Spark's {@code UTF8String.toInt/toLong}: an optional sign, digits and an optional fraction that is dropped; no
   * exponent; NULL outside {@code [min, max]}.
   */
  private static BigDecimal parseIntegral(String s, long min, long max) {
    if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
      return null;
    }
    BigDecimal d = parseDecimal(s);
    if (d == null) {
      return null;
    }
    d = d.setScale(0, RoundingMode.DOWN);
    return d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0 ? null : d;
  }

  private static BigDecimal parseDecimal(String s) {
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- functions ----

  private Evaluator function(FunctionCall f) {
    List<Expression> args = f.args();
    Evaluator[] a = args.stream().map(this::compile).toArray(Evaluator[]::new);
    return switch (f.fn()) {
      case UPPER -> unary(a[0], v -> ((String) v).toUpperCase(Locale.ROOT));
      case LOWER -> unary(a[0], v -> ((String) v).toLowerCase(Locale.ROOT));
      case LENGTH -> unary(a[0], v -> ((String) v).codePointCount(0, ((String) v).length()));
      case TRIM -> unary(a[0], v -> trim((String) v, true, true));
      case LTRIM -> unary(a[0], v -> trim((String) v, true, false));
      case RTRIM -> unary(a[0], v -> trim((String) v, false, true));
      case CONCAT -> row -> {
        var sb = new StringBuilder();
        for (Evaluator x : a) {
          Object v = x.eval(row);
          if (v == null) {
            return null;
          }
          sb.append((String) v);
        }
        return sb.toString();
      };
      case SUBSTRING -> row -> {
        Object s = a[0].eval(row);
        Object pos = a[1].eval(row);
        Object len = a[2].eval(row);
        return s == null || pos == null || len == null ? null : substring((String) s, (Integer) pos, (Integer) len);
      };
      case CONTAINS -> nullSafe(a[0], a[1], (x, y) -> ((String) x).contains((String) y));
      case STARTS_WITH -> nullSafe(a[0], a[1], (x, y) -> ((String) x).startsWith((String) y));
      case ENDS_WITH -> nullSafe(a[0], a[1], (x, y) -> ((String) x).endsWith((String) y));
      case LIKE -> regexTest(a[0], args.get(1), a[1], ExpressionCompiler::likeToRegex);
      case REGEXP_EXTRACT -> {
        PatternSource p = patterns(args.get(1), a[1], s -> s);
        yield row -> {
          Object s = a[0].eval(row);
          Object idx = a[2].eval(row);
          Pattern pattern = p.get(row);
          if (s == null || idx == null || pattern == null) {
            return null;
          }
          var m = pattern.matcher((String) s);
          if (!m.find()) {
            return "";
          }
          int group = (Integer) idx;
          if (group < 0 || group > m.groupCount()) {
            throw new MillraceException("regexp_extract: the regex " + pattern + " has " + m.groupCount()
                + " groups, but group " + group + " was asked for");
          }
          String g = m.group(group);
          return g == null ? "" : g;
        };
      }
      case REGEXP_REPLACE -> {
        PatternSource p = patterns(args.get(1), a[1], s -> s);
        yield row -> {
          Object s = a[0].eval(row);
          Object rep = a[2].eval(row);
          Pattern pattern = p.get(row);
          return s == null || rep == null || pattern == null ? null
              : pattern.matcher((String) s).replaceAll((String) rep);
        };
      }
      case SPLIT -> {
        PatternSource p = patterns(args.get(1), a[1], s -> s);
        yield row -> {
          Object s = a[0].eval(row);
          Pattern pattern = p.get(row);
          return s == null || pattern == null ? null : new ArrayList<Object>(Arrays.asList(
              pattern.split((String) s, -1)));
        };
      }
      case TO_TIMESTAMP -> a.length == 1 ? unary(a[0], v -> Values.parseTimestamp((String) v))
          : formatted(a[0], args.get(1), a[1], (text, fmt) -> parseWithPattern(text, fmt, false));
      case TO_DATE -> {
        DataType t = args.get(0).dataType();
        if (a.length == 2) {
          yield formatted(a[0], args.get(1), a[1], (text, fmt) -> parseWithPattern(text, fmt, true));
        }
        yield t == DataType.TIMESTAMP ? unary(a[0], v -> (int) Math.floorDiv((Long) v, MICROS_PER_DAY))
            : t == DataType.DATE ? a[0] : unary(a[0], v -> {
              String s = ((String) v).strip();
              return Values.parseDate(s.length() > 10 ? s.substring(0, 10) : s);
            });
      }
      case DATE_FORMAT -> formatted(a[0], args.get(1), a[1], (micros, fmt) -> fmt.format(
          LocalDateTime.ofEpochSecond(Math.floorDiv((Long) micros, MICROS_PER_SECOND),
              (int) Math.floorMod((Long) micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC)));
      case DATE_TRUNC -> nullSafe(a[0], a[1], (unit, ts) -> dateTrunc((String) unit, (Long) ts));
      case UNIX_TIMESTAMP -> unary(a[0], v -> Math.floorDiv((Long) v, MICROS_PER_SECOND));
      case YEAR -> datePart(a[0], args.get(0).dataType(), LocalDate::getYear);
      case MONTH -> datePart(a[0], args.get(0).dataType(), LocalDate::getMonthValue);
      case DAYOFMONTH -> datePart(a[0], args.get(0).dataType(), LocalDate::getDayOfMonth);
      case HOUR -> unary(a[0], v -> (int) (Math.floorMod((Long) v, MICROS_PER_DAY) / (3600 * MICROS_PER_SECOND)));
      case MINUTE -> unary(a[0], v -> (int) (Math.floorMod((Long) v, 3600 * MICROS_PER_SECOND) / (60 * MICROS_PER_SECOND)));
      case SECOND -> unary(a[0], v -> (int) (Math.floorMod((Long) v, 60 * MICROS_PER_SECOND) / MICROS_PER_SECOND));
      case DATE_ADD -> nullSafe(a[0], a[1], (d, n) -> (Integer) d + (Integer) n);
      case TIMESTAMP_ADD -> nullSafe(a[0], a[1], (ts, micros) -> (Long) ts + (Long) micros);
      case CURRENT_TIMESTAMP -> row -> clock.micros();
      case ABS -> unary(a[0], v -> v instanceof Integer i ? (Object) Math.abs(i) : v instanceof Long l
          ? (Object) Math.abs(l) : v instanceof Double d ? (Object) Math.abs(d) : ((BigDecimal) v).abs());
      case ROUND -> {
        DataType t = args.get(0).dataType();
        yield nullSafe(a[0], a[1], (v, s) -> round(v, (Integer) s, t));
      }
      case FLOOR -> unary(a[0], v -> v instanceof Double d ? (Object) (long) Math.floor(d)
          : v instanceof BigDecimal b ? (Object) b.setScale(0, RoundingMode.FLOOR).longValue()
          : (Object) ((Number) v).longValue());
      case CEIL -> unary(a[0], v -> v instanceof Double d ? (Object) (long) Math.ceil(d)
          : v instanceof BigDecimal b ? (Object) b.setScale(0, RoundingMode.CEILING).longValue()
          : (Object) ((Number) v).longValue());
    };
  }

  private static Evaluator unary(Evaluator a, Converter f) {
    return row -> {
      Object v = a.eval(row);
      return v == null ? null : f.convert(v);
    };
  }

  private interface DatePart {
    int of(LocalDate d);
  }

  private static Evaluator datePart(Evaluator a, DataType type, DatePart part) {
    if (type == DataType.DATE) {
      return unary(a, v -> part.of(LocalDate.ofEpochDay((Integer) v)));
    }
    return unary(a, v -> part.of(LocalDate.ofEpochDay(Math.floorDiv((Long) v, MICROS_PER_DAY))));
  }

  private static String trim(String s, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    while (left && start < end && s.charAt(start) == ' ') {
      start++;
    }
    while (right && end > start && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(start, end);
  }

  /** Spark's {@code substring}: 1-based; 0 acts as 1; a negative start counts from the end. */
  static String substring(String s, int pos, int len) {
    int[] cps = s.codePoints().toArray();
    int n = cps.length;
    if (len <= 0) {
      return "";
    }
    long start = pos > 0 ? pos - 1 : pos < 0 ? n + (long) pos : 0;
    long end = start + len;
    start = Math.max(0, start);
    end = Math.min(n, end);
    if (start >= end) {
      return "";
    }
    return new String(cps, (int) start, (int) (end - start));
  }

  private interface PatternSource {
    Pattern get(Object[] row);
  }

  private interface TextToRegex {
    String regex(String text);
  }

  /** A constant pattern is compiled once; a computed one per row. */
  private static PatternSource patterns(Expression arg, Evaluator eval, TextToRegex toRegex) {
    if (arg instanceof Literal l) {
      if (l.value() == null) {
        return row -> null;
      }
      Pattern p = compilePattern(toRegex.regex((String) l.value()));
      return row -> p;
    }
    return row -> {
      Object v = eval.eval(row);
      return v == null ? null : compilePattern(toRegex.regex((String) v));
    };
  }

  private static Pattern compilePattern(String regex) {
    try {
      return Pattern.compile(regex, Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new MillraceException("Invalid regular expression '" + regex + "': " + e.getDescription());
    }
  }

  private static Evaluator regexTest(Evaluator str, Expression patternArg, Evaluator patternEval, TextToRegex f) {
    PatternSource p = patterns(patternArg, patternEval, f);
    return row -> {
      Object s = str.eval(row);
      Pattern pattern = p.get(row);
      return s == null || pattern == null ? null : pattern.matcher((String) s).matches();
    };
  }

  /** SQL LIKE: {@code %} any sequence, {@code _} one character, {@code \} escapes. */
  static String likeToRegex(String like) {
    var sb = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\' && i + 1 < like.length()) {
        sb.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (c == '%') {
        sb.append(".*");
      } else if (c == '_') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  private interface Formatted {
    Object apply(Object value, DateTimeFormatter fmt);
  }

  private static Evaluator formatted(Evaluator value, Expression patternArg, Evaluator patternEval, Formatted f) {
    if (patternArg instanceof Literal l) {
      if (l.value() == null) {
        return row -> null;
      }
      DateTimeFormatter fmt = formatter((String) l.value());
      return unary(value, v -> f.apply(v, fmt));
    }
    return nullSafe(value, patternEval, (v, p) -> f.apply(v, formatter((String) p)));
  }

  private static DateTimeFormatter formatter(String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.US).withZone(ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new MillraceException("Invalid date-time pattern '" + pattern + "': " + e.getMessage());
    }
  }

  private static Object parseWithPattern(Object text, DateTimeFormatter fmt, boolean dateOnly) {
    try {
      TemporalAccessor t = fmt.parse(((String) text).strip());
      LocalDate date = LocalDate.from(t);
      if (dateOnly) {
        return (int) date.toEpochDay();
      }
      long micros;
      if (t.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
        ZonedDateTime z = t.query(java.time.temporal.TemporalQueries.offset()) != null
            ? ZonedDateTime.from(t) : LocalDateTime.from(t).atZone(ZoneOffset.UTC);
        micros = InternalValues.micros(z.toInstant());
      } else {
        micros = date.toEpochDay() * MICROS_PER_DAY;
      }
      return micros;
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static Object dateTrunc(String unit, long micros) {
    Instant i = InternalValues.instant(micros);
    LocalDateTime t = LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    LocalDateTime truncated = switch (unit.toLowerCase(Locale.ROOT)) {
      case "year", "yyyy", "yy" -> t.toLocalDate().withDayOfYear(1).atStartOfDay();
      case "quarter" -> t.toLocalDate().with(IsoFields.DAY_OF_QUARTER, 1).atStartOfDay();
      case "month", "mon", "mm" -> t.toLocalDate().withDayOfMonth(1).atStartOfDay();
      case "week" -> t.toLocalDate().minusDays(t.getDayOfWeek().getValue() - 1L).atStartOfDay();
      case "day", "dd" -> t.truncatedTo(ChronoUnit.DAYS);
      case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
      case "minute" -> t.truncatedTo(ChronoUnit.MINUTES);
      case "second" -> t.truncatedTo(ChronoUnit.SECONDS);
      default -> null;
    };
    return truncated == null ? null : InternalValues.micros(truncated.toInstant(ZoneOffset.UTC));
  }

  private static Object round(Object v, int scale, DataType type) {
    if (v instanceof Integer i) {
      return scale >= 0 ? i : BigDecimal.valueOf(i).setScale(scale, RoundingMode.HALF_UP).intValue();
    }
    if (v instanceof Long l) {
      return scale >= 0 ? l : BigDecimal.valueOf(l).setScale(scale, RoundingMode.HALF_UP).longValue();
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d;
      }
      return BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).doubleValue();
    }
    // One rounding step: rounding to units first and then to tens would turn 124.50 into 130.
    BigDecimal b = ((BigDecimal) v).setScale(scale, RoundingMode.HALF_UP);
    if (scale < 0) {
      b = b.setScale(0, RoundingMode.UNNECESSARY);
    }
    return fitDecimal(b, (DecimalType) type);
  }
}
