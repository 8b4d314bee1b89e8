package dev.millrace.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.AggregateCall.Fn;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Expression;
import dev.millrace.runtime.operator.HashAggregateOperator.AggregateSlot;
import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch aggregation over rows {@code (key, x)}: grouping, output order, empty input and batch boundaries. */
class HashAggregateOperatorTest {

  private static final Evaluator KEY = row -> row[0];
  private static final Evaluator X = row -> row[1];

  private final List<List<Object>> out = new ArrayList<>();

  private static AggregateSlot slot(Fn fn, Evaluator... args) {
    var refs = new ArrayList<Expression>();
    for (int i = 0; i < args.length; i++) {
      refs.add(new ColumnRef(1, "x", DataType.INT, true));
    }
    return new AggregateSlot(new AggregateCall(fn, refs, null), args);
  }

  private HashAggregateOperator operator(Evaluator[] groupings, AggregateSlot... slots) {
    var op = new HashAggregateOperator(groupings, List.of(slots));
    op.setOutput(row -> out.add(Arrays.asList(row)));
    op.open();
    return op;
  }

  @Test
  void emitsOneRowPerGroupInFirstSeenOrderAtEndOfBatch() {
    var op = operator(new Evaluator[] {KEY}, slot(Fn.SUM, X), slot(Fn.COUNT));
    op.push(0, new Object[] {"b", 1});
    op.push(0, new Object[] {"a", 2});
    op.push(0, new Object[] {"b", 3});
    op.push(0, new Object[] {null, 4});
    assertThat(out).isEmpty();

    op.endOfBatch();

    assertThat(out).containsExactly(List.of("b", 4L, 2L), List.of("a", 2L, 1L), Arrays.asList(null, 4L, 1L));
    assertThat(op.rowsIn()).isEqualTo(4);
    assertThat(op.rowsOut()).isEqualTo(3);
  }

  @Test
  void globalAggregateOfAnEmptyBatchEmitsOneRowWithCountZeroAndSumNull() {
    var op = operator(new Evaluator[0], slot(Fn.COUNT), slot(Fn.COUNT, X), slot(Fn.SUM, X), slot(Fn.MAX, X),
        slot(Fn.COLLECT_LIST, X));

    op.endOfBatch();

    assertThat(out).containsExactly(Arrays.asList(0L, 0L, null, null, List.of()));
  }

  @Test
  void groupedAggregateOfAnEmptyBatchEmitsNothing() {
    var op = operator(new Evaluator[] {KEY}, slot(Fn.COUNT));

    op.endOfBatch();

    assertThat(out).isEmpty();
  }

  @Test
  void countStarCountsRowsWhoseValueIsNullButCountOfTheColumnDoesNot() {
    var op = operator(new Evaluator[0], slot(Fn.COUNT), slot(Fn.COUNT, X));
    op.push(0, new Object[] {"a", null});
    op.push(0, new Object[] {"a", 1});

    op.endOfBatch();

    assertThat(out).containsExactly(List.of(2L, 1L));
  }

  @Test
  void eachBatchStartsWithNoGroups() {
    var op = operator(new Evaluator[] {KEY}, slot(Fn.SUM, X));
    op.push(0, new Object[] {"a", 1});
    op.endOfBatch();
    op.push(0, new Object[] {"b", 2});
    op.endOfBatch();

    assertThat(out).containsExactly(List.of("a", 1L), List.of("b", 2L));
  }

  @Test
  void globalAggregateEmitsOneRowForEveryBatch() {
    var op = operator(new Evaluator[0], slot(Fn.COUNT));
    op.push(0, new Object[] {"a", 1});
    op.endOfBatch();
    op.endOfBatch();

    assertThat(out).containsExactly(List.of(1L), List.of(0L));
  }

  @Test
  void negativeZeroGroupsWithZeroAndNanWithNan() {
    var op = operator(new Evaluator[] {KEY}, slot(Fn.COUNT));
    for (double k : new double[] {0.0, Double.NaN, -0.0, Double.NaN}) {
      op.push(0, new Object[] {k, 1});
    }

    op.endOfBatch();

    assertThat(out).containsExactly(List.of(0.0, 2L), List.of(Double.NaN, 2L));
  }

  @Test
  void groupsByStructAndSeveralKeys() {
    Evaluator window = row -> new Object[] {row[0], 10L};
    var op = operator(new Evaluator[] {window, X}, slot(Fn.COUNT));
    op.push(0, new Object[] {0L, 1});
    op.push(0, new Object[] {0L, 1});
    op.push(0, new Object[] {0L, 2});

    op.endOfBatch();

    assertThat(out).hasSize(2);
    assertThat((Object[]) out.get(0).get(0)).containsExactly(0L, 10L);
    assertThat(out.get(0).subList(1, 3)).containsExactly(1, 2L);
    assertThat(out.get(1).subList(1, 3)).containsExactly(2, 1L);
  }

  @Test
  void countDistinctOverTwoArgumentsPerGroup() {
    Evaluator y = row -> row[2];
    var op = operator(new Evaluator[] {KEY}, slot(Fn.COUNT_DISTINCT, X, y));
    op.push(0, new Object[] {"a", 1, "p"});
    op.push(0, new Object[] {"a", 1, "p"});
    op.push(0, new Object[] {"a", 1, null});
    op.push(0, new Object[] {"a", 2, "p"});

    op.endOfBatch();

    assertThat(out).containsExactly(List.of("a", 2L));
  }
}
