package dev.millrace.runtime.operator;

import static dev.millrace.dataset.Functions.approxCountDistinct;
import static dev.millrace.dataset.Functions.avg;
import static dev.millrace.dataset.Functions.col;
import static dev.millrace.dataset.Functions.collectList;
import static dev.millrace.dataset.Functions.collectSet;
import static dev.millrace.dataset.Functions.count;
import static dev.millrace.dataset.Functions.countDistinct;
import static dev.millrace.dataset.Functions.first;
import static dev.millrace.dataset.Functions.last;
import static dev.millrace.dataset.Functions.max;
import static dev.millrace.dataset.Functions.min;
import static dev.millrace.dataset.Functions.stddev;
import static dev.millrace.dataset.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.dataset.Column;
import dev.millrace.dataset.Dataset;
import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.Alias;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Plans;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.internal.Analyzer;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Aggregate state across batches: an accumulator saved (through the state value codec), restored and fed more
 * rows gives the same result as one that saw every row; and the approxCountDistinct sketch.
 */
class AccumulatorStateTest {

  private static final Schema INPUT = Schema.parse("i INT, l LONG, d DOUBLE, m DECIMAL(10,2), s STRING");

  private static AggregateCall call(Column aggregate) {
    Dataset ds = new Dataset(new TableRead(Plans.nextId(), "t", true, Optional.empty()));
    var plan = (Aggregate) new Analyzer(name -> Optional.of(INPUT)).analyze(ds.groupBy().agg(aggregate).plan());
    var e = plan.aggregates().get(0);
    return (AggregateCall) (e instanceof Alias a ? a.child() : e);
  }

  private static final List<Object[]> ROWS = List.of(
      new Object[] {1, 10L, 1.5, new BigDecimal("1.25"), "a"},
      new Object[] {null, null, null, null, null},
      new Object[] {3, 30L, -2.0, new BigDecimal("2.50"), "b"},
      new Object[] {1, 10L, 4.0, new BigDecimal("0.05"), "a"},
      new Object[] {7, 70L, Double.NaN, new BigDecimal("9.99"), "c"});

  static Stream<Arguments> functions() {
    return Stream.of(count(), count(col("i")), countDistinct(col("i"), col("s")), sum(col("i")), sum(col("d")),
        sum(col("m")), avg(col("l")), avg(col("m")), min(col("s")), max(col("d")), first(col("i")),
        first(col("i"), true), last(col("s")), collectList(col("s")), collectSet(col("i")), stddev(col("l")),
        approxCountDistinct(col("s"))).map(c -> Arguments.of(c.toString(), c));
  }

  private static Object[] args(AggregateCall call, Object[] row) {
    var out = new Object[call.args().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = row[INPUT.indexOf(call.args().get(i).sql())];
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void savedAndRestoredStateContinuesAsIfUninterrupted(String name, Column aggregate) {
    AggregateCall call = call(aggregate);
    Accumulator whole = Accumulator.create(call);
    ROWS.forEach(r -> whole.add(args(call, r)));

    for (int split = 0; split <= ROWS.size(); split++) {
      Accumulator before = Accumulator.create(call);
      ROWS.subList(0, split).forEach(r -> before.add(args(call, r)));
      var codec = new RowValueCodec(Accumulator.bufferTypes(call));
      Accumulator after = Accumulator.create(call);
      after.restore(codec.decode(codec.encode(before.save())));
      ROWS.subList(split, ROWS.size()).forEach(r -> after.add(args(call, r)));

      assertThat(Values.equal(after.result(), whole.result()) || after.result() == whole.result())
          .as("%s split after %d rows: %s vs %s", name, split, after.result(), whole.result()).isTrue();
    }
  }

  @Test
  void xxHash64MatchesTheReferenceVectors() {
    // From the xxHash specification's test vectors (seed 0).
    assertThat(XxHash64.hashBytes(new byte[0], 0)).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(XxHash64.hashBytes("abc".getBytes(StandardCharsets.US_ASCII), 0)).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(XxHash64.hashBytes(("Nobody inspects the spammish repetition").getBytes(StandardCharsets.US_ASCII), 0))
        .isEqualTo(0xFBCEA83C8A378BF1L);
    // A 4- and 8-byte value hash like their little-endian bytes.
    assertThat(XxHash64.hashInt(0x04030201, 42)).isEqualTo(XxHash64.hashBytes(new byte[] {1, 2, 3, 4}, 42));
    assertThat(XxHash64.hashLong(0x0807060504030201L, 42))
        .isEqualTo(XxHash64.hashBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 42));
  }

  @Test
  void approxCountDistinctIsExactForFewValuesAsSparksDocExample() {
    // Spark's docs: approx_count_distinct over (1), (1), (2), (2), (3) is 3.
    var sketch = new HyperLogLogPlusPlus(0.05, dev.millrace.types.DataType.INT);
    for (int v : new int[] {1, 1, 2, 2, 3}) {
      sketch.add(v);
    }
    assertThat(sketch.estimate()).isEqualTo(3);
    assertThat(HyperLogLogPlusPlus.precision(0.05)).isEqualTo(9);
    assertThat(HyperLogLogPlusPlus.precision(0.01)).isEqualTo(14);
  }

  @Test
  void approxCountDistinctStaysWithinItsErrorForManyValues() {
    var sketch = new HyperLogLogPlusPlus(0.05, dev.millrace.types.DataType.LONG);
    var seen = new ArrayList<Long>();
    for (long v = 0; v < 200_000; v++) {
      sketch.add(v * 7919);
      sketch.add(v * 7919); // duplicates do not count
      seen.add(v);
    }
    double error = Math.abs(sketch.estimate() - seen.size()) / (double) seen.size();
    assertThat(error).isLessThan(0.10); // 2 standard deviations of 0.05
  }
}
