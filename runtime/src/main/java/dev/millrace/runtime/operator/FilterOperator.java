package dev.millrace.runtime.operator;

/** Passes the rows whose condition is true (not false, not NULL). */
public final class FilterOperator extends Operator {

  private final Evaluator condition;

  public FilterOperator(Evaluator condition) {
    this.condition = condition;
  }

  @Override
  protected void process(int input, Object[] row) {
    if (Boolean.TRUE.equals(condition.eval(row))) {
      emit(row);
    }
  }

  @Override
  public String name() {
    return "Filter";
  }
}
