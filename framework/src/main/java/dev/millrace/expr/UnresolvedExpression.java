package dev.millrace.expr;

import dev.millrace.types.DataType;
import java.util.List;

/** A leaf that names columns and means nothing until the analyzer binds it to an input schema. */
public sealed interface UnresolvedExpression extends Expression permits UnresolvedColumn, DatasetColumn, Star {

  @Override
  default List<Expression> children() {
    return List.of();
  }

  @Override
  default boolean resolved() {
    return false;
  }

  @Override
  default DataType dataType() {
    throw Expression.unresolved(this);
  }

  @Override
  default boolean nullable() {
    throw Expression.unresolved(this);
  }
}
