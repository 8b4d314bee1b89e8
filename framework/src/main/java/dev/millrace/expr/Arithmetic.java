package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * {@code left op right} on numbers. After analysis both operands have the same type, which is the result type,
 * except for {@link Op#DIVIDE} of non-decimals, which is always DOUBLE as in Spark.
 */
public record Arithmetic(Op op, Expression left, Expression right) implements Expression {

  /** The arithmetic operators. */
  public enum Op {
    PLUS("+"), MINUS("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Arithmetic {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public List<Expression> children() {
    return List.of(left, right);
  }

  @Override
  public DataType dataType() {
    return left.dataType();
  }

  @Override
  public boolean nullable() {
    // Division and remainder by zero give NULL, as in Spark's non-ANSI mode.
    return left.nullable() || right.nullable() || op == Op.DIVIDE || op == Op.REMAINDER;
  }

  @Override
  public String sql() {
    return "(" + left.sql() + " " + op.symbol() + " " + right.sql() + ")";
  }
}
