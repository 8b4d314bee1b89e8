package dev.millrace.runtime.operator;

/** Computes one output column per expression. */
public final class ProjectOperator extends Operator {

  private final Evaluator[] columns;

  public ProjectOperator(Evaluator[] columns) {
    this.columns = columns.clone();
  }

  @Override
  protected void process(int input, Object[] row) {
    var out = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = columns[i].eval(row);
    }
    emit(out);
  }

  @Override
  public String name() {
    return "Project";
  }
}
