package dev.millrace.runtime.operator;

/** Passes the rows of all its inputs, in the order they arrive. */
public final class UnionOperator extends Operator {

  @Override
  protected void process(int input, Object[] row) {
    emit(row);
  }

  @Override
  public String name() {
    return "Union";
  }
}
