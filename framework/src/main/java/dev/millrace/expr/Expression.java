package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;

/**
 * A node of an expression tree, as built by {@link dev.millrace.dataset.Column} and resolved by the analyzer.
 *
 * <p>A freshly built expression may be <em>unresolved</em>: it names columns ({@link UnresolvedColumn}) that are
 * bound to an input schema only when the pipeline graph is analyzed. {@link #dataType()} and {@link #nullable()}
 * are defined only on resolved expressions and throw {@link IllegalStateException} otherwise. Expressions are
 * immutable records; the analyzer returns new trees.
 */
public sealed interface Expression
    permits UnresolvedExpression, ColumnRef, Literal, Alias, Arithmetic, Comparison, And, Or, Not,
        IsNull, In, Cast, CaseWhen, Coalesce, FunctionCall, GetField, TimeWindow, SessionWindow, AggregateCall {

  /** Direct sub-expressions, left to right. */
  List<Expression> children();

  /** The result type; only for resolved expressions. */
  DataType dataType();

  /** Whether the result may be null; only for resolved expressions. */
  boolean nullable();

  /** Whether this expression and all below it are bound to an input schema. */
  default boolean resolved() {
    return children().stream().allMatch(Expression::resolved);
  }

  /** A readable SQL-like rendering, used in plans, errors and default column names. */
  String sql();

  /** The column name Spark would give this expression in a projection when no alias is given. */
  default String defaultName() {
    return sql();
  }

  /** Whether an aggregate function occurs in this tree. */
  default boolean containsAggregate() {
    return this instanceof AggregateCall || children().stream().anyMatch(Expression::containsAggregate);
  }

  static IllegalStateException unresolved(Expression e) {
    return new IllegalStateException("Expression " + e.sql() + " is not resolved; analyze the plan first");
  }
}
