package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** {@code child IN (values...)}, with SQL's null semantics. */
public record In(Expression child, List<Expression> values) implements Expression {

  public In {
    Objects.requireNonNull(child, "child");
    values = List.copyOf(values);
  }

  @Override
  public List<Expression> children() {
    var all = new ArrayList<Expression>(values.size() + 1);
    all.add(child);
    all.addAll(values);
    return all;
  }

  @Override
  public DataType dataType() {
    return DataType.BOOLEAN;
  }

  @Override
  public boolean nullable() {
    return children().stream().anyMatch(Expression::nullable);
  }

  @Override
  public String sql() {
    return "(" + child.sql() + " IN (" + values.stream().map(Expression::sql).collect(Collectors.joining(", ")) + "))";
  }
}
