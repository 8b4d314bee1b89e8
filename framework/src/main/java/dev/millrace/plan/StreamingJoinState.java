package dev.millrace.plan;

import dev.millrace.expr.Cast;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.Expression;
import dev.millrace.expr.FunctionCall;
import dev.millrace.expr.Literal;
import dev.millrace.expr.TimeWindow;
import dev.millrace.types.DataType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How long the two sides of a stream-stream join must buffer their rows, worked out from the join's equality keys,
 * its condition and the watermarks of its inputs, as Spark's {@code StreamingSymmetricHashJoinHelper} and
 * {@code StreamingJoinHelper.getStateValueWatermark} work it out:
 * <ul>
 *   <li><b>Watermark in the join keys</b> (an equality between watermarked columns, e.g. equal windows): a buffered
 *       row of either side is dropped once its key's time (a window's end) is at or below the watermark.</li>
 *   <li><b>Time-range condition</b>: a conjunct {@code a < b} (or {@code <=, >, >=}) whose two sides are the
 *       watermarked event times of the two inputs plus constant intervals, such as
 *       {@code click_time <= impression_time + INTERVAL 1 HOUR}. Solved for one side's time with the other side's
 *       time above the watermark, it gives that side's <em>state watermark</em>: a buffered row whose event time is at
 *       or below it can match no future row of the other side. With several such conjuncts the smallest wins.</li>
 * </ul>
 * A side with neither buffers its rows forever (allowed for inner joins only). Immutable.
 */
public final class StreamingJoinState {

  /** One conjunct's contribution to a side's state watermark: {@code watermark + offset}, minus 1 ms if inclusive. */
  public record Bound(long offsetMicros, boolean inclusive, String conjunct) {}

  /**
   * How one side's buffered rows expire by a time-range condition.
   *
   * @param timeColumn the side's watermarked event-time column (an index into that side's schema)
   * @param bounds the conjuncts that bound it; never empty
   */
  public record ValueBound(int timeColumn, List<Bound> bounds) {

    public ValueBound {
      bounds = List.copyOf(bounds);
    }

    /**
     * The state watermark for the query's {@code eventWatermark} (both in microseconds): rows whose event time is at
     * or below it are dropped. As Spark, it is computed in whole milliseconds (truncated), and an inclusive bound
     * ({@code <=}, {@code >=}) keeps one more millisecond. {@link Long#MIN_VALUE} without a watermark.
     */
    public long stateWatermark(long eventWatermark) {
      if (eventWatermark == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
      long min = Long.MAX_VALUE;
      for (Bound b : bounds) {
        long ms = (eventWatermark + b.offsetMicros()) / 1000L; // Spark: (double / 1000).toLong, toward zero
        if (b.inclusive()) {
          ms -= 1;
        }
        min = Math.min(min, ms * 1000L);
      }
      return min;
    }
  }

  private final List<Expression> leftKeys;
  private final List<Expression> rightKeys;
  private final int watermarkKey;
  private final Optional<ValueBound> left;
  private final Optional<ValueBound> right;
  private final Set<String> leftWatermarks;
  private final Set<String> rightWatermarks;

  private StreamingJoinState(List<Expression> leftKeys, List<Expression> rightKeys, int watermarkKey,
      Optional<ValueBound> left, Optional<ValueBound> right, Set<String> leftWatermarks, Set<String> rightWatermarks) {
    this.leftKeys = List.copyOf(leftKeys);
    this.rightKeys = List.copyOf(rightKeys);
    this.watermarkKey = watermarkKey;
    this.left = left;
    this.right = right;
    this.leftWatermarks = Set.copyOf(leftWatermarks);
    this.rightWatermarks = Set.copyOf(rightWatermarks);
  }

  /** Analyzes a resolved join of two streams (column references index the left schema, then the right). */
  public static StreamingJoinState of(Join join) {
    var leftKeys = new ArrayList<Expression>();
    var rightKeys = new ArrayList<Expression>();
    for (Join.KeyPair k : join.equalityKeys()) {
      leftKeys.add(k.left());
      rightKeys.add(k.right());
    }
    Set<String> leftWm = Plans.watermarkColumns(join.left());
    Set<String> rightWm = Plans.watermarkColumns(join.right());
    int watermarkKey = -1;
    for (int i = 0; i < leftKeys.size() && watermarkKey < 0; i++) {
      if (isWatermarked(leftKeys.get(i), leftWm) || isWatermarked(rightKeys.get(i), rightWm)) {
        watermarkKey = i;
      }
    }
    Optional<ValueBound> left = Optional.empty();
    Optional<ValueBound> right = Optional.empty();
    if (join.condition().isPresent()) {
      left = valueBound(join, true, leftWm, rightWm);
      right = valueBound(join, false, leftWm, rightWm);
    }
    return new StreamingJoinState(leftKeys, rightKeys, watermarkKey, left, right, leftWm, rightWm);
  }

  /** The equality keys over the left input (as expressions over the combined row: left columns, then right). */
  public List<Expression> leftKeys() {
    return leftKeys;
  }

  /** The equality keys over the right input, pairwise with {@link #leftKeys()}. */
  public List<Expression> rightKeys() {
    return rightKeys;
  }

  /** The index of a watermarked join key (its time, or a window's end, bounds both sides' state), or -1. */
  public int watermarkKey() {
    return watermarkKey;
  }

  /** The left side's state watermark from a time-range condition, if the condition gives one. */
  public Optional<ValueBound> leftBound() {
    return left;
  }

  /** The right side's state watermark from a time-range condition, if the condition gives one. */
  public Optional<ValueBound> rightBound() {
    return right;
  }

  /** The watermarked columns of the left input (names at the join). */
  public Set<String> leftWatermarks() {
    return leftWatermarks;
  }

  /** The watermarked columns of the right input (names at the join). */
  public Set<String> rightWatermarks() {
    return rightWatermarks;
  }

  /** Whether the left side's buffered rows are ever dropped. */
  public boolean leftExpires() {
    return watermarkKey >= 0 || left.isPresent();
  }

  /** Whether the right side's buffered rows are ever dropped. */
  public boolean rightExpires() {
    return watermarkKey >= 0 || right.isPresent();
  }

  private static boolean isWatermarked(Expression key, Set<String> watermarks) {
    if (!(key instanceof ColumnRef ref) || !watermarks.contains(ref.name())) {
      return false;
    }
    DataType t = ref.dataType();
    return t.equals(DataType.TIMESTAMP) || t.equals(TimeWindow.WINDOW_TYPE);
  }

  private static Optional<ValueBound> valueBound(Join join, boolean forLeft, Set<String> leftWm,
      Set<String> rightWm) {
    int leftWidth = join.left().schema().size();
    Set<String> own = forLeft ? leftWm : rightWm;
    Set<String> other = forLeft ? rightWm : leftWm;
    var bounds = new ArrayList<Bound>();
    int timeColumn = -1;
    for (Expression conjunct : Join.conjuncts(join.condition().get())) {
      if (!(conjunct instanceof Comparison c)) {
        continue;
      }
      // Every form becomes "small < big" or "small <= big".
      Expression small;
      Expression big;
      boolean inclusive;
      switch (c.op()) {
        case LT -> { small = c.left(); big = c.right(); inclusive = false; }
        case LE -> { small = c.left(); big = c.right(); inclusive = true; }
        case GT -> { small = c.right(); big = c.left(); inclusive = false; }
        case GE -> { small = c.right(); big = c.left(); inclusive = true; }
        default -> { continue; }
      }
      // small - big < 0 as a sum of signed time terms plus a constant.
      var terms = new Terms();
      if (!terms.collect(small, false) || !terms.collect(big, true) || terms.columns.size() != 2) {
        continue;
      }
      ColumnRef ownRef = null;
      ColumnRef otherRef = null;
      boolean ownNegated = false;
      boolean otherNegated = false;
      for (int i = 0; i < 2; i++) {
        ColumnRef ref = terms.columns.get(i);
        boolean isLeft = ref.ordinal() < leftWidth;
        if (isLeft == forLeft) {
          ownRef = ref;
          ownNegated = terms.negated.get(i);
        } else {
          otherRef = ref;
          otherNegated = terms.negated.get(i);
        }
      }
      // Solvable for this side only as "other + c - own < 0", i.e. own > other + c > watermark + c.
      if (ownRef == null || otherRef == null || !ownNegated || otherNegated
          || !own.contains(ownRef.name()) || !other.contains(otherRef.name())
          || !ownRef.dataType().equals(DataType.TIMESTAMP) || !otherRef.dataType().equals(DataType.TIMESTAMP)) {
        continue;
      }
      int column = forLeft ? ownRef.ordinal() : ownRef.ordinal() - leftWidth;
      if (timeColumn >= 0 && timeColumn != column) {
        continue; // bounds on two different time columns of one side: keep the first column's
      }
      timeColumn = column;
      bounds.add(new Bound(terms.constant, inclusive, c.sql()));
    }
    return bounds.isEmpty() ? Optional.empty() : Optional.of(new ValueBound(timeColumn, bounds));
  }

  /** A linear form: timestamp columns with a sign, plus a constant number of microseconds. */
  private static final class Terms {
    final List<ColumnRef> columns = new ArrayList<>();
    final List<Boolean> negated = new ArrayList<>();
    long constant;

    boolean collect(Expression e, boolean negate) {
      if (e instanceof ColumnRef ref) {
        if (!ref.dataType().equals(DataType.TIMESTAMP)) {
          return false;
        }
        columns.add(ref);
        negated.add(negate);
        return true;
      }
      if (e instanceof FunctionCall f && f.fn() == FunctionCall.Fn.TIMESTAMP_ADD
          && f.args().get(1) instanceof Literal l && l.value() instanceof Long micros) {
        constant = negate ? Math.subtractExact(constant, micros) : Math.addExact(constant, micros);
        return collect(f.args().get(0), negate);
      }
      if (e instanceof Cast c && c.dataType().equals(DataType.TIMESTAMP)
          && c.child().dataType().equals(DataType.TIMESTAMP)) {
        return collect(c.child(), negate);
      }
      if (e instanceof Literal l && l.dataType().equals(DataType.TIMESTAMP) && l.value() != null) {
        long micros = l.value() instanceof Instant i
            ? Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000)
            : ((Number) l.value()).longValue();
        constant = negate ? Math.subtractExact(constant, micros) : Math.addExact(constant, micros);
        return true;
      }
      return false;
    }
  }
}
