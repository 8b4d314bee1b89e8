package dev.millrace.dataset;

import dev.millrace.expr.Alias;
import dev.millrace.expr.And;
import dev.millrace.expr.Arithmetic;
import dev.millrace.expr.CaseWhen;
import dev.millrace.expr.Cast;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.Expression;
import dev.millrace.expr.FunctionCall;
import dev.millrace.expr.GetField;
import dev.millrace.expr.In;
import dev.millrace.expr.IsNull;
import dev.millrace.expr.Or;
import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A column expression, as Spark's {@code Column}: built with {@link Functions#col}, {@link Functions#lit} and the
 * operators here, and resolved against the input schema when the pipeline graph is analyzed. Immutable; every
 * method returns a new column. Wherever a method takes an {@code Object}, a {@code Column} is used as it is and any
 * other value becomes a literal ({@link Functions#lit}).
 */
public final class Column {

  private final Expression expr;

  public Column(Expression expr) {
    this.expr = Objects.requireNonNull(expr, "expr");
  }

  /** The expression tree of this column. */
  public Expression expr() {
    return expr;
  }

  static Expression toExpr(Object value) {
    return value instanceof Column c ? c.expr : Functions.lit(value).expr;
  }

  private Column arith(Arithmetic.Op op, Object other) {
    return new Column(new Arithmetic(op, expr, toExpr(other)));
  }

  private Column cmp(Comparison.Op op, Object other) {
    return new Column(new Comparison(op, expr, toExpr(other)));
  }

  /** {@code this + other}; with a {@link java.time.Duration}, a TIMESTAMP moved forward by that interval. */
  public Column plus(Object other) {
    if (other instanceof java.time.Duration d) {
      return shifted(d);
    }
    return arith(Arithmetic.Op.PLUS, other);
  }

  /** {@code this - other}; with a {@link java.time.Duration}, a TIMESTAMP moved back by that interval. */
  public Column minus(Object other) {
    if (other instanceof java.time.Duration d) {
      return shifted(d.negated());
    }
    return arith(Arithmetic.Op.MINUS, other);
  }

  private Column shifted(java.time.Duration d) {
    long micros = Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
    return new Column(new FunctionCall(FunctionCall.Fn.TIMESTAMP_ADD,
        List.of(expr, new dev.millrace.expr.Literal(micros, dev.millrace.types.DataType.LONG))));
  }

  public Column multiply(Object other) {
    return arith(Arithmetic.Op.MULTIPLY, other);
  }

  /** Division; the result is DOUBLE unless both sides are DECIMAL, and NULL when dividing by zero, as in Spark. */
  public Column divide(Object other) {
    return arith(Arithmetic.Op.DIVIDE, other);
  }

  public Column mod(Object other) {
    return arith(Arithmetic.Op.REMAINDER, other);
  }

  public Column equalTo(Object other) {
    return cmp(Comparison.Op.EQ, other);
  }

  public Column notEqual(Object other) {
    return cmp(Comparison.Op.NEQ, other);
  }

  public Column gt(Object other) {
    return cmp(Comparison.Op.GT, other);
  }

  public Column geq(Object other) {
    return cmp(Comparison.Op.GE, other);
  }

  public Column lt(Object other) {
    return cmp(Comparison.Op.LT, other);
  }

  public Column leq(Object other) {
    return cmp(Comparison.Op.LE, other);
  }

  /** Null-safe equality ({@code <=>}): true when both sides are null, never null itself. */
  public Column eqNullSafe(Object other) {
    return cmp(Comparison.Op.EQ_NULL_SAFE, other);
  }

  /** {@code lower <= this AND this <= upper}. */
  public Column between(Object lower, Object upper) {
    return geq(lower).and(leq(upper));
  }

  public Column and(Column other) {
    return new Column(new And(expr, other.expr));
  }

  public Column or(Column other) {
    return new Column(new Or(expr, other.expr));
  }

  public Column isNull() {
    return new Column(new IsNull(expr, false));
  }

  public Column isNotNull() {
    return new Column(new IsNull(expr, true));
  }

  /** {@code this IN (values...)}. */
  public Column isin(Object... values) {
    return new Column(new In(expr, Arrays.stream(values).map(Column::toExpr).toList()));
  }

  public Column contains(Object other) {
    return new Column(new FunctionCall(FunctionCall.Fn.CONTAINS, List.of(expr, toExpr(other))));
  }

  public Column startsWith(Object other) {
    return new Column(new FunctionCall(FunctionCall.Fn.STARTS_WITH, List.of(expr, toExpr(other))));
  }

  public Column endsWith(Object other) {
    return new Column(new FunctionCall(FunctionCall.Fn.ENDS_WITH, List.of(expr, toExpr(other))));
  }

  /** SQL LIKE with {@code %} and {@code _}. */
  public Column like(String pattern) {
    return new Column(new FunctionCall(FunctionCall.Fn.LIKE, List.of(expr, Functions.lit(pattern).expr())));
  }

  /** The substring starting at 1-based {@code pos} of at most {@code len} characters. */
  public Column substr(int pos, int len) {
    return Functions.substring(this, pos, len);
  }

  /** Converts to {@code type}; values that do not convert become NULL. */
  public Column cast(DataType type) {
    return new Column(new Cast(expr, type));
  }

  /** Converts to a type given in DDL, e.g. {@code cast("DECIMAL(10,2)")}. */
  public Column cast(String type) {
    return cast(DataType.parse(type));
  }

  /** Names this column. */
  public Column as(String name) {
    Expression inner = expr instanceof Alias a ? a.child() : expr;
    return new Column(new Alias(inner, name));
  }

  /** Same as {@link #as(String)}. */
  public Column alias(String name) {
    return as(name);
  }

  /** The field {@code name} of a STRUCT column, e.g. {@code col("window").getField("start")}. */
  public Column getField(String name) {
    return new Column(new GetField(expr, name));
  }

  /**
   * Adds a branch to a {@link Functions#when} chain: {@code when(c1, v1).when(c2, v2).otherwise(v3)}.
   *
   * @throws IllegalArgumentException if this column is not a {@code when(...)} without an otherwise
   */
  public Column when(Column condition, Object value) {
    CaseWhen cw = caseWhen("when");
    var branches = new ArrayList<>(cw.branches());
    branches.add(new CaseWhen.Branch(condition.expr, toExpr(value)));
    return new Column(new CaseWhen(branches, Optional.empty()));
  }

  /** Ends a {@link Functions#when} chain with the value for rows no branch matched. */
  public Column otherwise(Object value) {
    CaseWhen cw = caseWhen("otherwise");
    return new Column(new CaseWhen(cw.branches(), Optional.of(toExpr(value))));
  }

  private CaseWhen caseWhen(String method) {
    if (expr instanceof CaseWhen cw && cw.otherwise().isEmpty()) {
      return cw;
    }
    throw new IllegalArgumentException(method + "() can only follow when(...): write when(cond, value)."
        + method + "(...), and call otherwise(...) at most once, last");
  }

  /** The expression as SQL-like text. */
  @Override
  public String toString() {
    return expr.sql();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column c && c.expr.equals(expr);
  }

  @Override
  public int hashCode() {
    return expr.hashCode();
  }
}
