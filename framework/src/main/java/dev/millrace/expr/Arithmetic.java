package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * {@code left op right} on numbers. After analysis both operands of INT, LONG or DOUBLE arithmetic have the result
 * type ({@link Op#DIVIDE} of non-decimals is always DOUBLE, as in Spark). Decimal operands keep their own
 * precision and scale, and {@code resultType} is the type Spark's {@code DecimalPrecision} rule gives the result.
 *
 * @param resultType the result type when it differs from the operands' (decimals); null otherwise and before
 *     analysis
 */
public record Arithmetic(Op op, Expression left, Expression right, DataType resultType) implements Expression {

  /** An arithmetic expression whose result type is its operands' (set by the analyzer for decimals). */
  public Arithmetic(Op op, Expression left, Expression right) {
    this(op, left, right, null);
  }

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
    return resultType != null ? resultType : left.dataType();
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
