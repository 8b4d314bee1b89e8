package dev.millrace.runtime.planner;

import dev.millrace.plan.LogicalPlan;
import dev.millrace.runtime.operator.Collector;
import dev.millrace.runtime.operator.Operator;
import dev.millrace.runtime.operator.WatermarkOperator;
import dev.millrace.types.Schema;
import java.util.List;

/**
 * The operators of one table's query, wired together: rows of each input go to its {@link Leaf#entry()}, flow up
 * through the operators and leave at the sink. {@link #operators()} is in bottom-up order, the order in which
 * {@code endOfBatch} must be called. Used by one thread at a time.
 */
public final class PhysicalPlan {

  /** An input of the query (a file source or a table read) and where its rows enter. */
  public record Leaf(LogicalPlan source, Collector entry) {}

  private final List<Leaf> leaves;
  private final List<Operator> operators;
  private final Schema schema;
  private final SinkSwitch sink;

  PhysicalPlan(List<Leaf> leaves, List<Operator> operators, Schema schema, SinkSwitch sink) {
    this.leaves = List.copyOf(leaves);
    this.operators = List.copyOf(operators);
    this.schema = schema;
    this.sink = sink;
  }

  public List<Leaf> leaves() {
    return leaves;
  }

  public List<Operator> operators() {
    return operators;
  }

  /** The watermark operators, whose largest event times give the next batch's watermark. */
  public List<WatermarkOperator> watermarks() {
    return operators.stream().filter(WatermarkOperator.class::isInstance).map(WatermarkOperator.class::cast).toList();
  }

  /** The operators that keep state, in plan order. */
  public List<dev.millrace.runtime.operator.StatefulOperator> statefulOperators() {
    return operators.stream().filter(dev.millrace.runtime.operator.StatefulOperator.class::isInstance)
        .map(dev.millrace.runtime.operator.StatefulOperator.class::cast).toList();
  }

  /** The schema of the rows reaching the sink. */
  public Schema schema() {
    return schema;
  }

  /** Where the query's output rows go from now on. */
  public void setSink(Collector target) {
    sink.target = target;
  }

  public void open() {
    operators.forEach(Operator::open);
  }

  /** Ends the batch: every operator's {@code endOfBatch}, inputs first. */
  public void endOfBatch() {
    operators.forEach(Operator::endOfBatch);
  }

  public void close() {
    operators.forEach(Operator::close);
  }

  static final class SinkSwitch implements Collector {
    private Collector target = row -> {
      throw new IllegalStateException("No sink set for the plan's output");
    };

    @Override
    public void collect(Object[] row) {
      target.collect(row);
    }
  }
}
