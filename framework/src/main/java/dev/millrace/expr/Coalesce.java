package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;
import java.util.stream.Collectors;

/** The first non-null argument; after analysis all arguments have one type. */
public record Coalesce(List<Expression> args) implements Expression {

  public Coalesce {
    args = List.copyOf(args);
    if (args.isEmpty()) {
      throw new IllegalArgumentException("coalesce needs at least one argument");
    }
  }

  @Override
  public List<Expression> children() {
    return args;
  }

  @Override
  public DataType dataType() {
    return args.get(0).dataType();
  }

  @Override
  public boolean nullable() {
    return args.stream().allMatch(Expression::nullable);
  }

  @Override
  public String sql() {
    return "coalesce(" + args.stream().map(Expression::sql).collect(Collectors.joining(", ")) + ")";
  }
}
