package dev.millrace.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tree rewriting for expressions. */
public final class Expressions {

  private Expressions() {}

  /**
   * A copy of {@code e} with new children, in the order {@link Expression#children()} gives them; leaves are
   * returned as they are.
   *
   * @throws IllegalArgumentException if the number of children does not fit
   */
  public static Expression withChildren(Expression e, List<Expression> c) {
    if (c.size() != e.children().size()) {
      throw new IllegalArgumentException(e.sql() + " has " + e.children().size() + " children, got " + c.size());
    }
    if (c.isEmpty()) {
      return e;
    }
    if (e instanceof Alias a) {
      return new Alias(c.get(0), a.name());
    }
    if (e instanceof Arithmetic a) {
      return new Arithmetic(a.op(), c.get(0), c.get(1), a.resultType());
    }
    if (e instanceof Comparison x) {
      return new Comparison(x.op(), c.get(0), c.get(1));
    }
    if (e instanceof And) {
      return new And(c.get(0), c.get(1));
    }
    if (e instanceof Or) {
      return new Or(c.get(0), c.get(1));
    }
    if (e instanceof Not) {
      return new Not(c.get(0));
    }
    if (e instanceof IsNull n) {
      return new IsNull(c.get(0), n.negated());
    }
    if (e instanceof In) {
      return new In(c.get(0), c.subList(1, c.size()));
    }
    if (e instanceof Cast x) {
      return new Cast(c.get(0), x.dataType());
    }
    if (e instanceof CaseWhen cw) {
      var branches = new ArrayList<CaseWhen.Branch>();
      for (int i = 0; i < cw.branches().size(); i++) {
        branches.add(new CaseWhen.Branch(c.get(2 * i), c.get(2 * i + 1)));
      }
      Optional<Expression> otherwise = cw.otherwise().isPresent() ? Optional.of(c.get(c.size() - 1)) : Optional.empty();
      return new CaseWhen(branches, otherwise);
    }
    if (e instanceof Coalesce) {
      return new Coalesce(c);
    }
    if (e instanceof FunctionCall f) {
      return new FunctionCall(f.fn(), c);
    }
    if (e instanceof GetField g) {
      return new GetField(c.get(0), g.name());
    }
    if (e instanceof TimeWindow w) {
      return new TimeWindow(c.get(0), w.size(), w.slide(), w.startOffset());
    }
    if (e instanceof SessionWindow s) {
      return new SessionWindow(c.get(0), s.gap());
    }
    if (e instanceof AggregateCall a) {
      return new AggregateCall(a.fn(), c, a.param());
    }
    throw new IllegalArgumentException("Cannot rebuild " + e.getClass().getSimpleName());
  }
}
