package dev.millrace.plan;

import dev.millrace.expr.And;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.Expression;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code join(right, condition, joinType)}, or {@code join(right, usingColumns, joinType)}, which joins on equal
 * columns of the same name and keeps one copy of them, first, as Spark does. The output has the left columns and
 * then the right ones (only the left for semi and anti joins); the side that an outer join may pad with nulls
 * becomes nullable.
 */
public record Join(long id, LogicalPlan left, LogicalPlan right, Optional<Expression> condition, JoinType joinType,
    List<String> usingColumns) implements LogicalPlan {

  public Join {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(joinType, "joinType");
    usingColumns = List.copyOf(usingColumns);
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(left, right);
  }

  @Override
  public Schema schema() {
    boolean leftNullable = joinType == JoinType.RIGHT_OUTER || joinType == JoinType.FULL_OUTER;
    boolean rightNullable = joinType == JoinType.LEFT_OUTER || joinType == JoinType.FULL_OUTER;
    var fields = new ArrayList<Field>();
    var using = new HashSet<>(usingColumns);
    for (String name : usingColumns) {
      Field l = left.schema().find(name).orElseThrow();
      Field r = right.schema().find(name).orElseThrow();
      boolean nullable = joinType == JoinType.FULL_OUTER ? l.nullable() || r.nullable()
          : joinType == JoinType.RIGHT_OUTER ? r.nullable() : l.nullable();
      fields.add(new Field(name, l.type(), nullable));
    }
    for (Field f : left.schema().fields()) {
      if (!using.contains(f.name())) {
        fields.add(leftNullable ? new Field(f.name(), f.type(), true) : f);
      }
    }
    if (!joinType.leftOnly()) {
      for (Field f : right.schema().fields()) {
        if (!using.contains(f.name())) {
          fields.add(rightNullable ? new Field(f.name(), f.type(), true) : f);
        }
      }
    }
    return new Schema(fields);
  }

  @Override
  public String describe() {
    return "Join " + joinType.sql()
        + (usingColumns.isEmpty() ? "" : " using " + usingColumns)
        + condition.map(c -> " " + c.sql()).orElse("");
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    if (children.size() != 2) {
      throw new IllegalArgumentException("Join has two inputs, got " + children.size());
    }
    return new Join(id, children.get(0), children.get(1), condition, joinType, usingColumns);
  }

  /** A pair of equal keys: one over left columns only, one over right columns only (combined-row ordinals). */
  public record KeyPair(Expression left, Expression right) {}

  /**
   * The equality keys of the join: the using columns, then the condition's {@code a = b} conjuncts whose one side
   * reads only left columns and the other only right columns. Column references index the combined row (the left
   * schema, then the right).
   */
  public List<KeyPair> equalityKeys() {
    int leftWidth = left.schema().size();
    var keys = new ArrayList<KeyPair>();
    for (String name : usingColumns) {
      Field lf = left.schema().field(left.schema().indexOf(name));
      int ri = right.schema().indexOf(name);
      Field rf = right.schema().field(ri);
      keys.add(new KeyPair(new ColumnRef(left.schema().indexOf(name), name, lf.type(), lf.nullable()),
          new ColumnRef(leftWidth + ri, name, rf.type(), rf.nullable())));
    }
    condition.ifPresent(c -> {
      for (Expression conjunct : conjuncts(c)) {
        if (conjunct instanceof Comparison cmp && cmp.op() == Comparison.Op.EQ) {
          int a = side(cmp.left(), leftWidth);
          int b = side(cmp.right(), leftWidth);
          if (a == 0 && b == 1) {
            keys.add(new KeyPair(cmp.left(), cmp.right()));
          } else if (a == 1 && b == 0) {
            keys.add(new KeyPair(cmp.right(), cmp.left()));
          }
        }
      }
    });
    return keys;
  }

  /** 0 if {@code e} reads only left columns, 1 only right columns, -1 otherwise (or no column). */
  public static int side(Expression e, int leftWidth) {
    var refs = new ArrayList<ColumnRef>();
    collectRefs(e, refs);
    if (refs.isEmpty()) {
      return -1;
    }
    boolean allLeft = refs.stream().allMatch(r -> r.ordinal() < leftWidth);
    boolean allRight = refs.stream().allMatch(r -> r.ordinal() >= leftWidth);
    return allLeft ? 0 : allRight ? 1 : -1;
  }

  private static void collectRefs(Expression e, List<ColumnRef> refs) {
    if (e instanceof ColumnRef r) {
      refs.add(r);
    }
    e.children().forEach(c -> collectRefs(c, refs));
  }

  /** The conjuncts of {@code e} ({@code a AND b AND c}: a, b, c). */
  public static List<Expression> conjuncts(Expression e) {
    var out = new ArrayList<Expression>();
    if (e instanceof And a) {
      out.addAll(conjuncts(a.left()));
      out.addAll(conjuncts(a.right()));
    } else {
      out.add(e);
    }
    return out;
  }
}
