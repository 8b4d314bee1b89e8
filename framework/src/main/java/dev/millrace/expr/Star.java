package dev.millrace.expr;

/** {@code col("*")}: every column of the input, expanded by the analyzer in a projection. */
public record Star() implements UnresolvedExpression {

  @Override
  public String sql() {
    return "*";
  }
}
