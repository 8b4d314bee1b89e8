package dev.millrace.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.AggregateCall.Fn;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Expression;
import dev.millrace.runtime.planner.NotSupportedException;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each aggregate function against Spark's results for the same values, including nulls and empty input. */
class AccumulatorTest {

  private static Expression arg(DataType type) {
    return new ColumnRef(0, "x", type, true);
  }

  /** The result of {@code fn(x)} over the values, one row each. */
  private static Object aggregateWith(Fn fn, DataType type, Object param, Object... values) {
    Accumulator acc = Accumulator.create(new AggregateCall(fn, List.of(arg(type)), param));
    for (Object v : values) {
      acc.add(new Object[] {v});
    }
    return acc.result();
  }

  private static Object aggregate(Fn fn, DataType type, Object... values) {
    return aggregateWith(fn, type, null, values);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v) {
    return (List<Object>) v;
  }

  private static BigDecimal dec(String v) {
    return new BigDecimal(v);
  }

  @Test
  void countStarCountsRowsEvenWhenAllValuesAreNull() {
    Accumulator acc = Accumulator.create(new AggregateCall(Fn.COUNT, List.of(), null));
    acc.add(new Object[0]);
    acc.add(new Object[0]);
    acc.add(new Object[0]);
    assertThat(acc.result()).isEqualTo(3L);
  }

  @Test
  void countOfAColumnSkipsNullsAndIsZeroForNoRows() {
    assertThat(aggregate(Fn.COUNT, DataType.STRING, "a", null, "b")).isEqualTo(2L);
    assertThat(aggregate(Fn.COUNT, DataType.STRING, (Object) null)).isEqualTo(0L);
    assertThat(aggregate(Fn.COUNT, DataType.STRING)).isEqualTo(0L);
    assertThat(Accumulator.create(new AggregateCall(Fn.COUNT, List.of(), null)).result()).isEqualTo(0L);
  }

  @Test
  void countDistinctOverSeveralColumnsIgnoresRowsWithANull() {
    Accumulator acc = Accumulator.create(new AggregateCall(Fn.COUNT_DISTINCT,
        List.of(arg(DataType.STRING), new ColumnRef(1, "y", DataType.INT, true)), null));
    for (Object[] row : List.of(new Object[] {"a", 1}, new Object[] {"a", 1}, new Object[] {"a", 2},
        new Object[] {"b", null}, new Object[] {null, 1}, new Object[] {"b", 1})) {
      acc.add(row);
    }
    assertThat(acc.result()).isEqualTo(3L);
  }

  @Test
  void countDistinctTreatsNanAsOneValueAndNegativeZeroAsZero() {
    assertThat(aggregate(Fn.COUNT_DISTINCT, DataType.DOUBLE, 0.0, -0.0, Double.NaN, Double.NaN, null))
        .isEqualTo(2L);
    assertThat(aggregate(Fn.COUNT_DISTINCT, DataType.DOUBLE)).isEqualTo(0L);
  }

  @Test
  void sumOfIntsIsALongThatDoesNotOverflowAtIntRange() {
    assertThat(aggregate(Fn.SUM, DataType.INT, Integer.MAX_VALUE, null, Integer.MAX_VALUE)).isEqualTo(4_294_967_294L);
    assertThat(aggregate(Fn.SUM, DataType.LONG, 5L, -7L)).isEqualTo(-2L);
  }

  @Test
  void sumOfLongsWrapsOnOverflow() {
    assertThat(aggregate(Fn.SUM, DataType.LONG, Long.MAX_VALUE, 1L)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void sumIsNullForNoRowsAndForOnlyNulls() {
    assertThat(aggregate(Fn.SUM, DataType.INT)).isNull();
    assertThat(aggregate(Fn.SUM, DataType.INT, null, null)).isNull();
    assertThat(aggregate(Fn.SUM, DataType.DOUBLE, (Object) null)).isNull();
    assertThat(aggregate(Fn.SUM, new DecimalType(10, 2), (Object) null)).isNull();
  }

  @Test
  void sumOfDoublesAndOfDecimals() {
    assertThat(aggregate(Fn.SUM, DataType.DOUBLE, 0.5, null, 1.25)).isEqualTo(1.75);
    assertThat(aggregate(Fn.SUM, DataType.DOUBLE, 1.0, Double.NaN)).isEqualTo(Double.NaN);
    assertThat(aggregate(Fn.SUM, new DecimalType(10, 2), dec("1.25"), null, dec("2.50"))).isEqualTo(dec("3.75"));
  }

  @Test
  void avgIgnoresNullsAndIsNullForNoValues() {
    assertThat(aggregate(Fn.AVG, DataType.INT, 1, 2, null)).isEqualTo(1.5);
    assertThat(aggregate(Fn.AVG, DataType.DOUBLE, 1.0, 4.0)).isEqualTo(2.5);
    assertThat(aggregate(Fn.AVG, DataType.INT)).isNull();
    assertThat(aggregate(Fn.AVG, DataType.INT, (Object) null)).isNull();
  }

  @Test
  void avgOfDecimalsHasFourMoreFractionDigitsRoundedHalfUp() {
    // Spark: avg(DECIMAL(10,2)) is DECIMAL(14,6); 5/3 = 1.6666666... rounds to 1.666667.
    assertThat(aggregate(Fn.AVG, new DecimalType(10, 2), dec("1.00"), dec("2.00"), null, dec("2.00")))
        .isEqualTo(dec("1.666667"));
    assertThat(aggregate(Fn.AVG, new DecimalType(10, 2))).isNull();
  }

  @Test
  void minAndMaxIgnoreNulls() {
    assertThat(aggregate(Fn.MIN, DataType.INT, 3, null, -1, 2)).isEqualTo(-1);
    assertThat(aggregate(Fn.MAX, DataType.INT, 3, null, -1, 2)).isEqualTo(3);
    assertThat(aggregate(Fn.MAX, DataType.INT, null, null)).isNull();
    assertThat(aggregate(Fn.MIN, DataType.INT)).isNull();
  }

  @Test
  void maxOfDoublesIsNanWhenThereIsOne() {
    assertThat(aggregate(Fn.MAX, DataType.DOUBLE, 1.0, Double.NaN, Double.POSITIVE_INFINITY)).isEqualTo(Double.NaN);
    assertThat(aggregate(Fn.MIN, DataType.DOUBLE, 1.0, Double.NaN, -2.0)).isEqualTo(-2.0);
  }

  @Test
  void minAndMaxOfStringsUseCodePointOrder() {
    assertThat(aggregate(Fn.MAX, DataType.STRING, "\uFFFF", "\uD83D\uDE00", "a")).isEqualTo("\uD83D\uDE00");
    assertThat(aggregate(Fn.MIN, DataType.STRING, "b", "B", "a")).isEqualTo("B");
  }

  @Test
  void minAndMaxOfDecimalsCompareByValue() {
    assertThat(aggregate(Fn.MAX, new DecimalType(10, 2), dec("9.99"), dec("10.00"))).isEqualTo(dec("10.00"));
  }

  @Test
  void firstAndLastKeepNullsUnlessAskedToIgnoreThem() {
    assertThat(aggregateWith(Fn.FIRST, DataType.INT, false, null, 1, 2)).isNull();
    assertThat(aggregateWith(Fn.FIRST, DataType.INT, true, null, 1, 2)).isEqualTo(1);
    assertThat(aggregateWith(Fn.LAST, DataType.INT, false, 1, 2, null)).isNull();
    assertThat(aggregateWith(Fn.LAST, DataType.INT, true, 1, 2, null)).isEqualTo(2);
    assertThat(aggregateWith(Fn.FIRST, DataType.INT, true, null, null)).isNull();
    assertThat(aggregateWith(Fn.LAST, DataType.INT, false)).isNull();
  }

  @Test
  void collectListSkipsNullsAndKeepsDuplicatesInArrivalOrder() {
    assertThat(aggregate(Fn.COLLECT_LIST, DataType.STRING, "a", null, "b", "a")).isEqualTo(List.of("a", "b", "a"));
    assertThat(aggregate(Fn.COLLECT_LIST, DataType.STRING)).isEqualTo(List.of());
  }

  @Test
  void collectSetSkipsNullsAndDuplicates() {
    assertThat(list(aggregate(Fn.COLLECT_SET, DataType.STRING, "a", null, "b", "a")))
        .containsExactlyInAnyOrder("a", "b");
    assertThat(list(aggregate(Fn.COLLECT_SET, DataType.DOUBLE, Double.NaN, Double.NaN, 1.0)))
        .containsExactlyInAnyOrder(Double.NaN, 1.0);
    assertThat(aggregate(Fn.COLLECT_SET, DataType.INT, (Object) null)).isEqualTo(List.of());
  }

  @Test
  void collectedListIsNotChangedByLaterRows() {
    Accumulator acc = Accumulator.create(new AggregateCall(Fn.COLLECT_LIST, List.of(arg(DataType.INT)), null));
    acc.add(new Object[] {1});
    Object first = acc.result();
    acc.add(new Object[] {2});
    assertThat(first).isEqualTo(List.of(1));
  }

  @Test
  void stddevIsTheSampleStandardDeviation() {
    // Values 2,4,4,4,5,5,7,9: mean 5, squared deviations sum to 32, sample variance 32/7.
    assertThat((Double) aggregate(Fn.STDDEV, DataType.INT, 2, 4, 4, 4, null, 5, 5, 7, 9))
        .isCloseTo(Math.sqrt(32.0 / 7.0), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(aggregate(Fn.STDDEV, DataType.DOUBLE, 1.0, 3.0)).isEqualTo(Math.sqrt(2.0));
    assertThat(aggregate(Fn.STDDEV, new DecimalType(10, 2), dec("1.00"), dec("3.00"))).isEqualTo(Math.sqrt(2.0));
  }

  @Test
  void stddevIsNullForFewerThanTwoValues() {
    assertThat(aggregate(Fn.STDDEV, DataType.DOUBLE, 5.0, null)).isNull();
    assertThat(aggregate(Fn.STDDEV, DataType.DOUBLE)).isNull();
  }

  @Test
  void stddevOfEqualValuesIsZero() {
    var values = new ArrayList<Object>(Arrays.asList(0.1, 0.1, 0.1, 0.1));
    assertThat(aggregate(Fn.STDDEV, DataType.DOUBLE, values.toArray())).isEqualTo(0.0);
  }

  @Test
  void approxCountDistinctCountsDistinctNonNullValues() {
    Accumulator acc = Accumulator.create(new AggregateCall(Fn.APPROX_COUNT_DISTINCT, List.of(arg(DataType.STRING)),
        null));
    for (String v : new String[] {"a", "b", null, "a", "c"}) {
      acc.add(new Object[] {v});
    }
    assertThat(acc.result()).isEqualTo(3L);
  }
}
