package dev.millrace.runtime.operator;

import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregates of one aggregation, as state: makes fresh accumulators, feeds them a row, and lays their running
 * state out as one flat row of internal values ({@link #types()}) for a state store. Immutable and thread-safe;
 * the accumulators it makes are not.
 */
final class AggregateBuffers {

  private final List<HashAggregateOperator.AggregateSlot> aggregates;
  private final int[] offsets;
  private final List<DataType> types;

  AggregateBuffers(List<HashAggregateOperator.AggregateSlot> aggregates) {
    this.aggregates = List.copyOf(aggregates);
    this.offsets = new int[aggregates.size() + 1];
    var all = new ArrayList<DataType>();
    for (int i = 0; i < aggregates.size(); i++) {
      offsets[i] = all.size();
      all.addAll(Accumulator.bufferTypes(aggregates.get(i).call()));
      Accumulator.create(aggregates.get(i).call()); // unsupported functions fail when the plan is built
    }
    offsets[aggregates.size()] = all.size();
    this.types = List.copyOf(all);
  }

  /** The types of a saved state row. */
  List<DataType> types() {
    return types;
  }

  Accumulator[] fresh() {
    var accs = new Accumulator[aggregates.size()];
    for (int i = 0; i < accs.length; i++) {
      accs[i] = Accumulator.create(aggregates.get(i).call());
    }
    return accs;
  }

  /** Adds one input row to the accumulators. */
  void add(Accumulator[] accs, Object[] row) {
    for (int i = 0; i < accs.length; i++) {
      Evaluator[] argEvals = aggregates.get(i).args();
      var args = new Object[argEvals.length];
      for (int a = 0; a < args.length; a++) {
        args[a] = argEvals[a].eval(row);
      }
      accs[i].add(args);
    }
  }

  /** The accumulators' state, written into {@code into} from position {@code at}. */
  void save(Accumulator[] accs, Object[] into, int at) {
    for (int i = 0; i < accs.length; i++) {
      Object[] b = accs[i].save();
      System.arraycopy(b, 0, into, at + offsets[i], b.length);
    }
  }

  /** Restores the accumulators from a state row read from {@code from} at position {@code at}. */
  void restore(Accumulator[] accs, Object[] from, int at) {
    for (int i = 0; i < accs.length; i++) {
      var b = new Object[offsets[i + 1] - offsets[i]];
      System.arraycopy(from, at + offsets[i], b, 0, b.length);
      accs[i].restore(b);
    }
  }

  /** The grouping values followed by each aggregate's result. */
  static Object[] result(Object[] key, Accumulator[] accs) {
    var out = new Object[key.length + accs.length];
    System.arraycopy(key, 0, out, 0, key.length);
    for (int i = 0; i < accs.length; i++) {
      out[key.length + i] = accs[i].result();
    }
    return out;
  }
}
