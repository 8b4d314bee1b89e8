package dev.millrace.runtime.operator;

import dev.millrace.expr.AggregateCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * A batch aggregation held in memory, for materialized views: groups the rows of one batch by the grouping
 * expressions and emits one row per group (grouping values, then aggregates) at the end of the batch, in the
 * order groups were first seen. A global aggregation (no grouping) emits one row even for an empty input, as SQL
 * does. Streaming aggregations keep their groups in a state store instead.
 */
public final class HashAggregateOperator extends Operator {

  /** One output aggregate: its function call and the compiled evaluators of its arguments. */
  public record AggregateSlot(AggregateCall call, Evaluator[] args) {}

  private final Evaluator[] groupings;
  private final List<AggregateSlot> aggregates;
  private final LinkedHashMap<GroupKey, Accumulator[]> groups = new LinkedHashMap<>();
  private final Supplier<Accumulator[]> fresh;

  public HashAggregateOperator(Evaluator[] groupings, List<AggregateSlot> aggregates) {
    this.groupings = groupings.clone();
    this.aggregates = List.copyOf(aggregates);
    this.fresh = () -> this.aggregates.stream().map(s -> Accumulator.create(s.call())).toArray(Accumulator[]::new);
    fresh.get(); // fail at planning time for unsupported functions
  }

  @Override
  protected void process(int input, Object[] row) {
    var key = new Object[groupings.length];
    for (int i = 0; i < key.length; i++) {
      key[i] = groupings[i].eval(row);
    }
    Accumulator[] accs = groups.computeIfAbsent(new GroupKey(key), k -> fresh.get());
    for (int i = 0; i < accs.length; i++) {
      Evaluator[] argEvals = aggregates.get(i).args();
      var args = new Object[argEvals.length];
      for (int a = 0; a < args.length; a++) {
        args[a] = argEvals[a].eval(row);
      }
      accs[i].add(args);
    }
  }

  @Override
  public void endOfBatch() {
    if (groups.isEmpty() && groupings.length == 0) {
      groups.put(new GroupKey(new Object[0]), fresh.get());
    }
    for (var e : groups.entrySet()) {
      Object[] key = e.getKey().values();
      Accumulator[] accs = e.getValue();
      var out = new Object[key.length + accs.length];
      System.arraycopy(key, 0, out, 0, key.length);
      for (int i = 0; i < accs.length; i++) {
        out[key.length + i] = accs[i].result();
      }
      emit(out);
    }
    groups.clear();
  }

  @Override
  public void close() {
    groups.clear();
  }

  @Override
  public String name() {
    return "HashAggregate";
  }
}
