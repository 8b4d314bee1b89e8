package dev.millrace.runtime.operator;

/**
 * A physical operator: takes rows pushed into one of its inputs and pushes its results to its output.
 *
 * <p>Lifecycle, driven by the engine, never concurrently: {@link #open()} once before the first batch; for each
 * batch, {@link #process} for every input row, then {@link #endOfBatch()} (in plan order, inputs before the
 * operators that read them, so rows an operator emits there still reach the operators above); {@link #close()} once
 * at the end, which only releases resources, never emits, and may be called more than once. Operators count the
 * rows they receive and emit.
 */
public abstract class Operator {

  private Collector output;
  private long rowsIn;
  private long rowsOut;

  /** Where this operator's rows go; set once by the planner. */
  public final void setOutput(Collector output) {
    this.output = output;
  }

  /** Prepares for the first batch. */
  public void open() {}

  /** Receives one row at input {@code input} (0 for single-input operators). */
  public final void push(int input, Object[] row) {
    rowsIn++;
    process(input, row);
  }

  /** Handles one input row. */
  protected abstract void process(int input, Object[] row);

  /** Called after the batch's last input row; stateful operators emit here. */
  public void endOfBatch() {}

  /** Releases resources; idempotent, never emits. */
  public void close() {}

  protected final void emit(Object[] row) {
    rowsOut++;
    output.collect(row);
  }

  /** A short name for logs and metrics, e.g. {@code Filter}. */
  public abstract String name();

  public final long rowsIn() {
    return rowsIn;
  }

  public final long rowsOut() {
    return rowsOut;
  }

  /** Resets the row counters (at the start of each batch). */
  public final void resetCounters() {
    rowsIn = 0;
    rowsOut = 0;
  }
}
