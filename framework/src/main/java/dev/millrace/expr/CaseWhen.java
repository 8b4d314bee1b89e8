package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CASE WHEN c1 THEN v1 ... ELSE e END} from {@code when(...).when(...).otherwise(...)}; without an
 * otherwise the result is NULL when no branch matches.
 */
public record CaseWhen(List<Branch> branches, Optional<Expression> otherwise) implements Expression {

  /** One {@code WHEN condition THEN value}. */
  public record Branch(Expression condition, Expression value) {
    public Branch {
      Objects.requireNonNull(condition, "condition");
      Objects.requireNonNull(value, "value");
    }
  }

  public CaseWhen {
    branches = List.copyOf(branches);
    Objects.requireNonNull(otherwise, "otherwise");
    if (branches.isEmpty()) {
      throw new IllegalArgumentException("CASE WHEN needs at least one branch");
    }
  }

  @Override
  public List<Expression> children() {
    var all = new ArrayList<Expression>();
    for (Branch b : branches) {
      all.add(b.condition());
      all.add(b.value());
    }
    otherwise.ifPresent(all::add);
    return all;
  }

  @Override
  public DataType dataType() {
    return branches.get(0).value().dataType();
  }

  @Override
  public boolean nullable() {
    return otherwise.isEmpty() || otherwise.get().nullable()
        || branches.stream().anyMatch(b -> b.value().nullable());
  }

  @Override
  public String sql() {
    var sb = new StringBuilder("CASE");
    for (Branch b : branches) {
      sb.append(" WHEN ").append(b.condition().sql()).append(" THEN ").append(b.value().sql());
    }
    otherwise.ifPresent(e -> sb.append(" ELSE ").append(e.sql()));
    return sb.append(" END").toString();
  }
}
