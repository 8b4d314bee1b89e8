package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.Objects;

/** {@code left op right}, BOOLEAN. After analysis both operands have the same type. */
public record Comparison(Op op, Expression left, Expression right) implements Expression {

  /** The comparison operators; {@link #EQ_NULL_SAFE} is {@code <=>}, true when both sides are null. */
  public enum Op {
    EQ("="), NEQ("!="), LT("<"), LE("<="), GT(">"), GE(">="), EQ_NULL_SAFE("<=>");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Comparison {
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
    return DataType.BOOLEAN;
  }

  @Override
  public boolean nullable() {
    return op != Op.EQ_NULL_SAFE && (left.nullable() || right.nullable());
  }

  @Override
  public String sql() {
    return "(" + left.sql() + " " + op.symbol() + " " + right.sql() + ")";
  }
}
