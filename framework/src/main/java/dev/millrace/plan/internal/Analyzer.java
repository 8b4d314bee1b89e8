package dev.millrace.plan.internal;

import dev.millrace.errors.AnalysisException;
import dev.millrace.errors.Suggestions;
import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.Alias;
import dev.millrace.expr.And;
import dev.millrace.expr.Arithmetic;
import dev.millrace.expr.CaseWhen;
import dev.millrace.expr.Cast;
import dev.millrace.expr.Coalesce;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.DatasetColumn;
import dev.millrace.expr.Expression;
import dev.millrace.expr.FunctionCall;
import dev.millrace.expr.GetField;
import dev.millrace.expr.In;
import dev.millrace.expr.IsNull;
import dev.millrace.expr.Literal;
import dev.millrace.expr.Not;
import dev.millrace.expr.Or;
import dev.millrace.expr.SessionWindow;
import dev.millrace.expr.Star;
import dev.millrace.expr.TimeWindow;
import dev.millrace.expr.UnresolvedColumn;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.Drop;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.Filter;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.Join;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.MapElements;
import dev.millrace.plan.Plans;
import dev.millrace.plan.Project;
import dev.millrace.plan.RenameColumn;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.Union;
import dev.millrace.plan.WithColumn;
import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.Encoder;
import dev.millrace.types.Field;
import dev.millrace.types.MapType;
import dev.millrace.types.PrimitiveType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resolves a logical plan against the schemas of the tables it reads: binds column names to input positions,
 * checks and coerces types the way Spark does (widening numbers, casting a string compared with a timestamp),
 * expands {@code *}, and rewrites {@link WithColumn}, {@link Drop} and {@link RenameColumn} into {@link Project}.
 * The result is a plan of the same shape whose every node has a {@link LogicalPlan#schema()}.
 *
 * <p>In a {@link Join} condition, {@link ColumnRef} ordinals index the left row followed by the right row.
 *
 * <p>Stateless and thread-safe.
 */
public final class Analyzer {

  private final Function<String, Optional<Schema>> tables;

  /** @param tables the schema of each table a {@link TableRead} may name (absent: not known) */
  public Analyzer(Function<String, Optional<Schema>> tables) {
    this.tables = tables;
  }

  /**
   * The resolved plan.
   *
   * @throws AnalysisException naming the column, expression or node that is wrong and what to do
   */
  public LogicalPlan analyze(LogicalPlan plan) {
    var children = new ArrayList<LogicalPlan>();
    for (LogicalPlan child : plan.children()) {
      children.add(analyze(child));
    }
    return resolveNode(plan, children);
  }

  private LogicalPlan resolveNode(LogicalPlan plan, List<LogicalPlan> children) {
    if (plan instanceof FileSource s) {
      if (s.declaredSchema().isEmpty()) {
        throw new AnalysisException("The " + s.format() + " source '" + s.path() + "' has no schema. File sources "
            + "need one: add .schema(\"col TYPE, ...\") before load(...)");
      }
      return s;
    }
    if (plan instanceof TableRead r) {
      Schema schema = tables.apply(r.table()).orElseThrow(() -> new AnalysisException(
          "The schema of table '" + r.table() + "' is not known"));
      return new TableRead(r.id(), r.table(), r.streaming(), Optional.of(schema));
    }
    if (plan instanceof Project p) {
      LogicalPlan child = children.get(0);
      var scope = Scope.of(child);
      var exprs = new ArrayList<Expression>();
      for (Expression e : p.exprs()) {
        if (e instanceof Star) {
          exprs.addAll(scope.allColumns());
        } else {
          Expression r = resolve(e, scope, "select");
          forbidAggregates(r, "select", "groupBy(...).agg(...)");
          forbidWindows(r, "select");
          exprs.add(r);
        }
      }
      return checkedProject(new Project(p.id(), exprs, child));
    }
    if (plan instanceof WithColumn w) {
      LogicalPlan child = children.get(0);
      var scope = Scope.of(child);
      Expression value = resolve(w.expr(), scope, "withColumn(\"" + w.name() + "\", ...)");
      forbidAggregates(value, "withColumn", "groupBy(...).agg(...)");
      forbidWindows(value, "withColumn");
      var exprs = new ArrayList<Expression>(scope.allColumns());
      int existing = child.schema().indexOf(w.name());
      Expression named = new Alias(value, w.name());
      if (existing >= 0) {
        exprs.set(existing, named);
      } else {
        exprs.add(named);
      }
      return new Project(w.id(), exprs, child);
    }
    if (plan instanceof Drop d) {
      LogicalPlan child = children.get(0);
      var drop = new HashSet<>(d.names());
      var exprs = Scope.of(child).allColumns().stream()
          .filter(c -> !drop.contains(((ColumnRef) c).name())).map(c -> (Expression) c).toList();
      if (exprs.isEmpty()) {
        throw new AnalysisException("drop(" + d.names() + ") would remove every column of "
            + child.schema().names() + "; keep at least one");
      }
      return new Project(d.id(), exprs, child);
    }
    if (plan instanceof RenameColumn r) {
      LogicalPlan child = children.get(0);
      var exprs = new ArrayList<Expression>();
      for (Expression c : Scope.of(child).allColumns()) {
        ColumnRef ref = (ColumnRef) c;
        exprs.add(ref.name().equals(r.existing()) ? new Alias(ref, r.newName()) : ref);
      }
      return checkedProject(new Project(r.id(), exprs, child));
    }
    if (plan instanceof Filter f) {
      LogicalPlan child = children.get(0);
      Expression cond = resolve(f.condition(), Scope.of(child), "filter");
      forbidAggregates(cond, "filter", "groupBy(...).agg(...) and filter its result");
      forbidWindows(cond, "filter");
      requireBoolean(cond, "The filter condition " + cond.sql());
      return new Filter(f.id(), cond, child);
    }
    if (plan instanceof MapElements m) {
      LogicalPlan child = children.get(0);
      m.inputEncoder().ifPresent(enc -> checkEncoderInput(enc, child.schema(), m.flat() ? "flatMap" : "map"));
      return m.withChildren(children);
    }
    if (plan instanceof Union u) {
      Schema first = children.get(0).schema();
      for (int i = 1; i < children.size(); i++) {
        Schema other = children.get(i).schema();
        if (other.size() != first.size()) {
          throw new AnalysisException("union: the inputs have different numbers of columns (" + first.size()
              + ": " + first.names() + " and " + other.size() + ": " + other.names()
              + "). Select the same columns on both sides");
        }
        for (int c = 0; c < first.size(); c++) {
          if (!first.field(c).type().equals(other.field(c).type())) {
            throw new AnalysisException("union: column " + (c + 1) + " is " + first.field(c).sql()
                + " in the first input but " + other.field(c).sql() + " in another. Union matches columns by "
                + "position; cast or reorder them so the types agree");
          }
        }
      }
      return new Union(u.id(), children);
    }
    if (plan instanceof Aggregate a) {
      return resolveAggregate(a, children.get(0));
    }
    if (plan instanceof Join j) {
      return resolveJoin(j, children.get(0), children.get(1));
    }
    if (plan instanceof EventTimeWatermark w) {
      LogicalPlan child = children.get(0);
      Field f = child.schema().find(w.column()).orElseThrow(() -> unknownColumn(w.column(), child.schema(),
          "withWatermark"));
      if (f.type() != DataType.TIMESTAMP) {
        throw new AnalysisException("The watermark column '" + w.column() + "' is " + f.type().sql()
            + ", but event time must be a TIMESTAMP. Convert it first, e.g. withColumn(\"" + w.column()
            + "\", to_timestamp(col(\"" + w.column() + "\")))");
      }
      return new EventTimeWatermark(w.id(), w.column(), w.delay(), child);
    }
    if (plan instanceof Deduplicate d) {
      LogicalPlan child = children.get(0);
      for (String key : d.keys()) {
        if (child.schema().indexOf(key) < 0) {
          throw unknownColumn(key, child.schema(),
              d.withinWatermark() ? "dropDuplicatesWithinWatermark" : "dropDuplicates");
        }
      }
      return new Deduplicate(d.id(), d.keys(), d.withinWatermark(), child);
    }
    if (plan instanceof FlatMapGroupsWithState g) {
      LogicalPlan child = children.get(0);
      g.valueEncoder().ifPresent(enc -> checkEncoderInput(enc, child.schema(), "groupByKey"));
      return g.withChildren(children);
    }
    throw new IllegalStateException("Unhandled " + plan.getClass().getSimpleName());
  }

  private static Project checkedProject(Project p) {
    var seen = new HashSet<String>();
    for (Expression e : p.exprs()) {
      if (!seen.add(e.defaultName())) {
        throw new AnalysisException("The result would have two columns named '" + e.defaultName() + "' ("
            + p.exprs().stream().map(Expression::defaultName).collect(Collectors.joining(", "))
            + "). Give one of them another name with .as(\"...\")");
      }
    }
    return p;
  }

  private LogicalPlan resolveAggregate(Aggregate a, LogicalPlan child) {
    var scope = Scope.of(child);
    var groupings = new ArrayList<Expression>();
    int windows = 0;
    for (Expression g : a.groupings()) {
      Expression r = resolve(g, scope, "groupBy");
      forbidAggregates(r, "groupBy", "agg(...)");
      if (r instanceof TimeWindow || r instanceof SessionWindow) {
        windows++;
      } else {
        forbidWindows(r, "groupBy (except as a grouping column of its own)");
      }
      if (r.dataType() instanceof MapType) {
        throw new AnalysisException("Cannot group by " + r.sql() + ": it is a " + r.dataType().sql()
            + ", and MAP values cannot be compared");
      }
      groupings.add(r);
    }
    if (windows > 1) {
      throw new AnalysisException("groupBy has more than one window(...)/sessionWindow(...) column; use one");
    }
    var aggregates = new ArrayList<Expression>();
    for (Expression e : a.aggregates()) {
      Expression r = resolve(e, scope, "agg");
      if (!r.containsAggregate()) {
        throw new AnalysisException("agg(" + r.sql() + ") is not an aggregate: every agg(...) argument must use an "
            + "aggregate function such as count(), sum(col(...)) or max(col(...)); group by the column instead");
      }
      checkGroupedReferences(r, groupings);
      forbidWindows(r, "agg");
      aggregates.add(r);
    }
    var result = new Aggregate(a.id(), groupings, aggregates, child);
    var seen = new HashSet<String>();
    for (Field f : result.schema().fields()) {
      if (!seen.add(f.name())) {
        throw new AnalysisException("The aggregation would have two columns named '" + f.name() + "' ("
            + result.schema().names() + "). Name the aggregates with .as(\"...\")");
      }
    }
    return result;
  }

  /** Outside aggregate functions, an aggregate expression may only use grouping expressions. */
  private static void checkGroupedReferences(Expression e, List<Expression> groupings) {
    if (e instanceof AggregateCall call) {
      for (Expression arg : call.args()) {
        if (arg.containsAggregate()) {
          throw new AnalysisException("Aggregate functions cannot be nested: " + call.sql());
        }
      }
      return;
    }
    if (groupings.contains(e)) {
      return;
    }
    if (e instanceof ColumnRef ref) {
      throw new AnalysisException("Column '" + ref.name() + "' is used in agg(...) outside an aggregate function but "
          + "is not grouped by. Add it to groupBy(...) or wrap it in an aggregate such as first(col(\"" + ref.name()
          + "\"))");
    }
    for (Expression child : e.children()) {
      checkGroupedReferences(child, groupings);
    }
  }

  private LogicalPlan resolveJoin(Join j, LogicalPlan left, LogicalPlan right) {
    for (String name : j.usingColumns()) {
      Field l = left.schema().find(name).orElseThrow(() -> unknownColumn(name, left.schema(), "join (left side)"));
      Field r = right.schema().find(name).orElseThrow(() -> unknownColumn(name, right.schema(), "join (right side)"));
      if (!l.type().equals(r.type())) {
        throw new AnalysisException("join on '" + name + "': it is " + l.type().sql() + " on the left but "
            + r.type().sql() + " on the right; cast one side so the types agree");
      }
    }
    Optional<Expression> condition = Optional.empty();
    if (j.condition().isPresent()) {
      Expression c = resolve(j.condition().get(), Scope.ofJoin(left, right), "join");
      forbidAggregates(c, "a join condition", "groupBy(...).agg(...)");
      requireBoolean(c, "The join condition " + c.sql());
      condition = Optional.of(c);
    }
    var result = new Join(j.id(), left, right, condition, j.joinType(), j.usingColumns());
    try {
      result.schema();
    } catch (IllegalArgumentException e) {
      var clash = new ArrayList<>(left.schema().names());
      clash.retainAll(right.schema().names());
      clash.removeAll(j.usingColumns());
      throw new AnalysisException("The join result would have two columns named " + clash.stream()
          .map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + " (one from each side). Rename them on one "
          + "side first with withColumnRenamed, or join on them with join(other, List.of(...), type)");
    }
    return result;
  }

  private static void checkEncoderInput(Encoder<?> encoder, Schema input, String operation) {
    for (Field wanted : encoder.schema().fields()) {
      Optional<Field> have = input.find(wanted.name());
      if (have.isEmpty()) {
        throw new AnalysisException(operation + " converts rows to " + encoder.type().getSimpleName() + ", whose "
            + "field '" + wanted.name() + "' is not a column of the input. Available columns: "
            + String.join(", ", input.names()) + "." + Suggestions.didYouMean(wanted.name(), input.names()));
      }
      if (!have.get().type().equals(wanted.type())) {
        throw new AnalysisException(operation + " converts rows to " + encoder.type().getSimpleName() + ", whose "
            + "field '" + wanted.name() + "' is " + wanted.type().sql() + ", but the column is "
            + have.get().type().sql() + ". Cast the column or change the record");
      }
    }
  }

  // ---- expressions ----

  private Expression resolve(Expression e, Scope scope, String context) {
    if (e instanceof UnresolvedColumn c) {
      return scope.resolve(c.name(), context);
    }
    if (e instanceof DatasetColumn c) {
      return scope.resolveOf(c.datasetId(), c.name(), context);
    }
    if (e instanceof Star s) {
      throw new AnalysisException("col(\"*\") can only stand alone in select(...)");
    }
    if (e instanceof ColumnRef c) {
      return c;
    }
    if (e instanceof Literal l) {
      return l;
    }
    if (e instanceof Alias a) {
      return new Alias(resolve(a.child(), scope, context), a.name());
    }
    if (e instanceof Arithmetic a) {
      return arithmetic(a.op(), resolve(a.left(), scope, context), resolve(a.right(), scope, context));
    }
    if (e instanceof Comparison c) {
      return comparison(c.op(), resolve(c.left(), scope, context), resolve(c.right(), scope, context));
    }
    if (e instanceof And a) {
      Expression l = resolve(a.left(), scope, context);
      Expression r = resolve(a.right(), scope, context);
      requireBoolean(l, "The left side of AND, " + l.sql() + ",");
      requireBoolean(r, "The right side of AND, " + r.sql() + ",");
      return new And(l, r);
    }
    if (e instanceof Or o) {
      Expression l = resolve(o.left(), scope, context);
      Expression r = resolve(o.right(), scope, context);
      requireBoolean(l, "The left side of OR, " + l.sql() + ",");
      requireBoolean(r, "The right side of OR, " + r.sql() + ",");
      return new Or(l, r);
    }
    if (e instanceof Not n) {
      Expression c = resolve(n.child(), scope, context);
      requireBoolean(c, "The argument of NOT, " + c.sql() + ",");
      return new Not(c);
    }
    if (e instanceof IsNull n) {
      return new IsNull(resolve(n.child(), scope, context), n.negated());
    }
    if (e instanceof In in) {
      var all = new ArrayList<Expression>();
      all.add(resolve(in.child(), scope, context));
      for (Expression v : in.values()) {
        all.add(resolve(v, scope, context));
      }
      DataType common = commonType(all, "isin(...)");
      var cast = all.stream().map(x -> castTo(x, common)).toList();
      return new In(cast.get(0), cast.subList(1, cast.size()));
    }
    if (e instanceof Cast c) {
      Expression child = resolve(c.child(), scope, context);
      if (!canCast(child.dataType(), c.dataType())) {
        throw new AnalysisException("Cannot cast " + child.sql() + " from " + child.dataType().sql() + " to "
            + c.dataType().sql());
      }
      return new Cast(child, c.dataType());
    }
    if (e instanceof CaseWhen cw) {
      var conditions = new ArrayList<Expression>();
      var values = new ArrayList<Expression>();
      for (CaseWhen.Branch b : cw.branches()) {
        Expression cond = resolve(b.condition(), scope, context);
        requireBoolean(cond, "The when(...) condition " + cond.sql());
        conditions.add(cond);
        values.add(resolve(b.value(), scope, context));
      }
      Optional<Expression> otherwise = cw.otherwise().map(o -> resolve(o, scope, context));
      otherwise.ifPresent(values::add);
      DataType common = commonType(values, "when(...)/otherwise(...)");
      var branches = new ArrayList<CaseWhen.Branch>();
      for (int i = 0; i < conditions.size(); i++) {
        branches.add(new CaseWhen.Branch(conditions.get(i), castTo(values.get(i), common)));
      }
      return new CaseWhen(branches, otherwise.map(o -> castTo(o, common)));
    }
    if (e instanceof Coalesce c) {
      var args = c.args().stream().map(a -> resolve(a, scope, context)).toList();
      DataType common = commonType(args, "coalesce(...)");
      return new Coalesce(args.stream().map(a -> castTo(a, common)).toList());
    }
    if (e instanceof GetField g) {
      Expression child = resolve(g.child(), scope, context);
      return getField(child, g.name());
    }
    if (e instanceof FunctionCall f) {
      return function(f.fn(), f.args().stream().map(a -> resolve(a, scope, context)).toList());
    }
    if (e instanceof TimeWindow w) {
      Expression time = resolve(w.timeColumn(), scope, context);
      requireTimestamp(time, "window(...)");
      return new TimeWindow(time, w.size(), w.slide(), w.startOffset());
    }
    if (e instanceof SessionWindow w) {
      Expression time = resolve(w.timeColumn(), scope, context);
      requireTimestamp(time, "sessionWindow(...)");
      return new SessionWindow(time, w.gap());
    }
    if (e instanceof AggregateCall a) {
      return aggregate(a, a.args().stream().map(x -> resolve(x, scope, context)).toList());
    }
    throw new IllegalStateException("Unhandled " + e.getClass().getSimpleName());
  }

  static Expression getField(Expression child, String name) {
    if (!(child.dataType() instanceof Schema struct)) {
      throw new AnalysisException("Cannot get field '" + name + "' of " + child.sql() + ": it is a "
          + child.dataType().sql() + ", not a STRUCT");
    }
    if (struct.indexOf(name) < 0) {
      throw new AnalysisException("The struct " + child.sql() + " has no field '" + name + "'. Its fields: "
          + String.join(", ", struct.names()) + "." + Suggestions.didYouMean(name, struct.names()));
    }
    return new GetField(child, name);
  }

  private static Expression arithmetic(Arithmetic.Op op, Expression l, Expression r) {
    l = adoptNullType(l, r);
    r = adoptNullType(r, l);
    if (!l.dataType().isNumeric() || !r.dataType().isNumeric()) {
      throw new AnalysisException("Cannot apply " + op.symbol() + " to " + l.sql() + " (" + l.dataType().sql()
          + ") and " + r.sql() + " (" + r.dataType().sql() + "): arithmetic needs numbers (INT, LONG, DOUBLE, "
          + "DECIMAL). Cast the operands, e.g. col(\"x\").cast(\"DOUBLE\")");
    }
    DataType type = widerNumeric(l.dataType(), r.dataType());
    if (type instanceof DecimalType) {
      // Spark's DecimalPrecision: integers become DECIMAL(10,0)/(20,0); each operator has its own result type.
      DecimalType x = asDecimal(l.dataType());
      DecimalType y = asDecimal(r.dataType());
      return new Arithmetic(op, castTo(l, x), castTo(r, y), decimalResult(op, x, y));
    }
    if (op == Arithmetic.Op.DIVIDE) {
      type = DataType.DOUBLE; // Spark: integral division with / gives a DOUBLE.
    }
    return new Arithmetic(op, castTo(l, type), castTo(r, type));
  }

  private static Expression comparison(Comparison.Op op, Expression l, Expression r) {
    l = adoptNullType(l, r);
    r = adoptNullType(r, l);
    Optional<DataType> common = widerType(l.dataType(), r.dataType());
    if (common.isEmpty()) {
      throw new AnalysisException("Cannot compare " + l.sql() + " (" + l.dataType().sql() + ") with " + r.sql()
          + " (" + r.dataType().sql() + "). Cast one side so the types agree");
    }
    DataType t = common.get();
    boolean ordering = op != Comparison.Op.EQ && op != Comparison.Op.NEQ && op != Comparison.Op.EQ_NULL_SAFE;
    if (ordering && (t instanceof ArrayType || t instanceof MapType || t instanceof Schema)) {
      throw new AnalysisException("Cannot order " + t.sql() + " values in " + l.sql() + " " + op.symbol() + " "
          + r.sql() + "; only equality works on them");
    }
    if (t instanceof MapType) {
      throw new AnalysisException("MAP values cannot be compared: " + l.sql() + " " + op.symbol() + " " + r.sql());
    }
    return new Comparison(op, castTo(l, t), castTo(r, t));
  }

  private static Expression function(FunctionCall.Fn fn, List<Expression> args) {
    String sig = fn.signature();
    switch (fn) {
      case UPPER, LOWER, LENGTH, TRIM, LTRIM, RTRIM -> expectArgs(fn, args, DataType.STRING);
      case CONCAT -> {
        if (args.isEmpty()) {
          throw new AnalysisException("concat needs at least one argument");
        }
        for (Expression a : args) {
          requireType(a, DataType.STRING, sig);
        }
      }
      case SUBSTRING -> expectArgs(fn, args, DataType.STRING, DataType.INT, DataType.INT);
      case CONTAINS, STARTS_WITH, ENDS_WITH, LIKE, SPLIT -> expectArgs(fn, args, DataType.STRING, DataType.STRING);
      case REGEXP_EXTRACT -> expectArgs(fn, args, DataType.STRING, DataType.STRING, DataType.INT);
      case REGEXP_REPLACE -> expectArgs(fn, args, DataType.STRING, DataType.STRING, DataType.STRING);
      case TO_TIMESTAMP -> {
        if (args.size() == 1) {
          expectArgs(fn, args, DataType.STRING);
        } else {
          expectArgs(fn, args, DataType.STRING, DataType.STRING);
        }
      }
      case TO_DATE -> {
        if (args.size() == 2) {
          expectArgs(fn, args, DataType.STRING, DataType.STRING);
        } else if (args.size() != 1 || !(args.get(0).dataType() == DataType.STRING
            || args.get(0).dataType() == DataType.TIMESTAMP || args.get(0).dataType() == DataType.DATE)) {
          throw badArgs(fn, args);
        }
      }
      case DATE_FORMAT -> expectArgs(fn, args, DataType.TIMESTAMP, DataType.STRING);
      case DATE_TRUNC -> {
        expectArgs(fn, args, DataType.STRING, DataType.TIMESTAMP);
        if (args.get(0) instanceof Literal l && l.value() instanceof String unit
            && !List.of("year", "month", "week", "day", "hour", "minute", "second").contains(unit.toLowerCase())) {
          throw new AnalysisException("date_trunc: unknown unit '" + unit + "'; use one of year, month, week, day, "
              + "hour, minute, second");
        }
      }
      case UNIX_TIMESTAMP, HOUR, MINUTE, SECOND -> expectArgs(fn, args, DataType.TIMESTAMP);
      case YEAR, MONTH, DAYOFMONTH -> {
        if (args.size() != 1 || !(args.get(0).dataType() == DataType.DATE
            || args.get(0).dataType() == DataType.TIMESTAMP)) {
          throw badArgs(fn, args);
        }
      }
      case DATE_ADD -> expectArgs(fn, args, DataType.DATE, DataType.INT);
      case TIMESTAMP_ADD -> {
        if (args.get(0).dataType() == DataType.DATE) {
          return new FunctionCall(fn, List.of(new Cast(args.get(0), DataType.TIMESTAMP), args.get(1)));
        }
        expectArgs(fn, args, DataType.TIMESTAMP, DataType.LONG);
      }
      case CURRENT_TIMESTAMP -> expectArgs(fn, args);
      case ABS, FLOOR, CEIL -> {
        if (args.size() != 1 || !args.get(0).dataType().isNumeric()) {
          throw badArgs(fn, args);
        }
      }
      case ROUND -> {
        if (args.size() != 2 || !args.get(0).dataType().isNumeric() || args.get(1).dataType() != DataType.INT) {
          throw badArgs(fn, args);
        }
      }
    }
    return new FunctionCall(fn, args);
  }

  private static Expression aggregate(AggregateCall a, List<Expression> args) {
    String name = a.fn().sqlName();
    for (Expression arg : args) {
      if (arg.containsAggregate()) {
        throw new AnalysisException("Aggregate functions cannot be nested: " + new AggregateCall(a.fn(), args,
            a.param()).sql());
      }
    }
    switch (a.fn()) {
      case COUNT, COUNT_DISTINCT, APPROX_COUNT_DISTINCT, FIRST, LAST, COLLECT_LIST -> {
        // any type
      }
      case COLLECT_SET -> {
        if (args.get(0).dataType() instanceof MapType) {
          throw new AnalysisException("collectSet cannot collect MAP values (" + args.get(0).sql() + ")");
        }
      }
      case SUM, AVG, STDDEV -> {
        if (!args.get(0).dataType().isNumeric()) {
          throw new AnalysisException(name + "(" + args.get(0).sql() + ") needs a number, but the argument is "
              + args.get(0).dataType().sql() + ". Cast it, e.g. col(\"x\").cast(\"DOUBLE\")");
        }
      }
      case MIN, MAX -> {
        DataType t = args.get(0).dataType();
        if (t instanceof ArrayType || t instanceof MapType || t instanceof Schema) {
          throw new AnalysisException(name + "(" + args.get(0).sql() + "): " + t.sql() + " values have no order");
        }
      }
    }
    return new AggregateCall(a.fn(), args, a.param());
  }

  // ---- types ----

  private static void expectArgs(FunctionCall.Fn fn, List<Expression> args, DataType... types) {
    if (args.size() != types.length) {
      throw badArgs(fn, args);
    }
    for (int i = 0; i < types.length; i++) {
      if (!args.get(i).dataType().equals(types[i]) && !(args.get(i) instanceof Literal l && l.value() == null)) {
        throw badArgs(fn, args);
      }
    }
  }

  private static AnalysisException badArgs(FunctionCall.Fn fn, List<Expression> args) {
    return new AnalysisException(fn.sqlName() + "(" + args.stream().map(a -> a.sql() + ": " + a.dataType().sql())
        .collect(Collectors.joining(", ")) + ") does not match " + fn.signature() + ". Cast the arguments");
  }

  private static void requireType(Expression e, DataType type, String where) {
    if (!e.dataType().equals(type)) {
      throw new AnalysisException(where + ": " + e.sql() + " is " + e.dataType().sql() + ", expected " + type.sql());
    }
  }

  private static void requireBoolean(Expression e, String what) {
    if (e.dataType() != DataType.BOOLEAN) {
      throw new AnalysisException(what + " is " + e.dataType().sql() + ", but must be a BOOLEAN, e.g. "
          + "col(\"amount\").gt(0)");
    }
  }

  private static void requireTimestamp(Expression e, String what) {
    if (e.dataType() != DataType.TIMESTAMP) {
      throw new AnalysisException(what + " needs a TIMESTAMP column, but " + e.sql() + " is " + e.dataType().sql()
          + ". Convert it with to_timestamp(...)");
    }
  }

  private static void forbidAggregates(Expression e, String where, String instead) {
    if (e.containsAggregate()) {
      throw new AnalysisException("Aggregate functions are not allowed in " + where + " (" + e.sql() + "); use "
          + instead);
    }
  }

  private static void forbidWindows(Expression e, String where) {
    if (contains(e, TimeWindow.class) || contains(e, SessionWindow.class)) {
      throw new AnalysisException("window(...) and sessionWindow(...) are only allowed as grouping columns, as in "
          + "groupBy(window(col(\"event_time\"), \"1 minute\")), not in " + where + " (" + e.sql() + ")");
    }
  }

  private static boolean contains(Expression e, Class<? extends Expression> type) {
    return type.isInstance(e) || e.children().stream().anyMatch(c -> contains(c, type));
  }

  /** A NULL literal takes the type of the expression it meets. */
  private static Expression adoptNullType(Expression e, Expression other) {
    if (e instanceof Literal l && l.value() == null && !(other instanceof Literal ol && ol.value() == null)) {
      return new Literal(null, other.dataType());
    }
    return e;
  }

  private static DataType commonType(List<Expression> exprs, String where) {
    DataType common = null;
    for (Expression e : exprs) {
      if (e instanceof Literal l && l.value() == null) {
        continue;
      }
      if (common == null) {
        common = e.dataType();
        continue;
      }
      Optional<DataType> wider = widerType(common, e.dataType());
      if (wider.isEmpty()) {
        throw new AnalysisException(where + ": the values have incompatible types " + exprs.stream()
            .map(x -> x.sql() + ": " + x.dataType().sql()).collect(Collectors.joining(", "))
            + ". Cast them to one type");
      }
      common = wider.get();
    }
    return common == null ? DataType.STRING : common;
  }

  static Expression castTo(Expression e, DataType type) {
    if (e.dataType().equals(type)) {
      return e;
    }
    if (e instanceof Literal l && l.value() == null) {
      return new Literal(null, type);
    }
    if (e instanceof Literal l && l.value() instanceof Number n && type.isNumeric()) {
      return new Literal(convertNumber(n, type), type); // fold: amount > 0 compares with 0.0, not CAST(0)
    }
    return new Cast(e, type);
  }

  private static Object convertNumber(Number n, DataType type) {
    if (type == DataType.INT) {
      return n.intValue();
    }
    if (type == DataType.LONG) {
      return n.longValue();
    }
    if (type == DataType.DOUBLE) {
      return n.doubleValue();
    }
    var d = (DecimalType) type;
    BigDecimal value = n instanceof BigDecimal b ? b : n instanceof Double || n instanceof Float
        ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
    return value.setScale(d.scale(), RoundingMode.HALF_UP);
  }

  /** The type both values can be converted to without loss for comparison, Spark's {@code findWiderTypeForTwo}. */
  static Optional<DataType> widerType(DataType a, DataType b) {
    if (a.equals(b)) {
      return Optional.of(a);
    }
    if (a.isNumeric() && b.isNumeric()) {
      return Optional.of(widerNumeric(a, b));
    }
    if (isTemporal(a) && b == DataType.STRING) {
      return Optional.of(a);
    }
    if (isTemporal(b) && a == DataType.STRING) {
      return Optional.of(b);
    }
    if (isTemporal(a) && isTemporal(b)) {
      return Optional.of(DataType.TIMESTAMP);
    }
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return widerType(x.elementType(), y.elementType())
          .map(t -> new ArrayType(t, x.containsNull() || y.containsNull()));
    }
    return Optional.empty();
  }

  private static boolean isTemporal(DataType t) {
    return t == DataType.TIMESTAMP || t == DataType.DATE;
  }

  static DataType widerNumeric(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a == DataType.DOUBLE || b == DataType.DOUBLE) {
      return DataType.DOUBLE;
    }
    if (a instanceof DecimalType || b instanceof DecimalType) {
      DecimalType x = asDecimal(a);
      DecimalType y = asDecimal(b);
      int scale = Math.max(x.scale(), y.scale());
      int intDigits = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
      int precision = Math.min(DecimalType.MAX_PRECISION, intDigits + scale);
      return new DecimalType(precision, Math.min(scale, precision));
    }
    return DataType.LONG; // INT with LONG
  }

  /** The result type of decimal arithmetic, Spark's {@code DecimalPrecision} with precision loss allowed. */
  static DecimalType decimalResult(Arithmetic.Op op, DecimalType x, DecimalType y) {
    int p1 = x.precision();
    int s1 = x.scale();
    int p2 = y.precision();
    int s2 = y.scale();
    return switch (op) {
      case PLUS, MINUS -> {
        int scale = Math.max(s1, s2);
        yield adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
      }
      case MULTIPLY -> adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
      case DIVIDE -> {
        int scale = Math.max(6, s1 + p2 + 1);
        yield adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
      }
      case REMAINDER -> {
        int scale = Math.max(s1, s2);
        int precision = Math.min(p1 - s1, p2 - s2) + scale;
        yield new DecimalType(Math.min(DecimalType.MAX_PRECISION, precision), Math.min(DecimalType.MAX_PRECISION,
            scale));
      }
    };
  }

  /**
   * Spark's {@code DecimalType.adjustPrecisionScale}: above 38 digits, keep the integer digits and reduce the scale,
   * but to no less than 6 (or the scale itself, if smaller).
   */
  private static DecimalType adjustPrecisionScale(int precision, int scale) {
    if (precision <= DecimalType.MAX_PRECISION) {
      return new DecimalType(precision, scale);
    }
    int intDigits = precision - scale;
    int minScale = Math.min(scale, 6);
    int adjustedScale = Math.max(DecimalType.MAX_PRECISION - intDigits, minScale);
    return new DecimalType(DecimalType.MAX_PRECISION, adjustedScale);
  }

  private static DecimalType asDecimal(DataType t) {
    if (t instanceof DecimalType d) {
      return d;
    }
    return t == DataType.INT ? new DecimalType(10, 0) : new DecimalType(20, 0);
  }

  /** Which casts are allowed, Spark's {@code Cast.canCast} for these types. */
  static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || to == DataType.STRING) {
      return true;
    }
    if (from == DataType.STRING) {
      return to instanceof PrimitiveType || to instanceof DecimalType;
    }
    if (from.isNumeric() || from == DataType.BOOLEAN) {
      return to.isNumeric() || to == DataType.BOOLEAN || to == DataType.TIMESTAMP;
    }
    if (from == DataType.TIMESTAMP) {
      return to.isNumeric() || to == DataType.DATE;
    }
    if (from == DataType.DATE) {
      return to == DataType.TIMESTAMP;
    }
    if (from instanceof ArrayType x && to instanceof ArrayType y) {
      return canCast(x.elementType(), y.elementType());
    }
    return false;
  }

  static AnalysisException unknownColumn(String name, Schema schema, String context) {
    return new AnalysisException("Column '" + name + "' does not exist (in " + context + "). Available columns: "
        + String.join(", ", schema.names()) + "." + Suggestions.didYouMean(name, schema.names()));
  }

  /** The columns an expression can see: one input, or the two inputs of a join. */
  private record Scope(List<Side> sides) {

    private record Side(LogicalPlan plan, int offset, String label) {}

    static Scope of(LogicalPlan child) {
      return new Scope(List.of(new Side(child, 0, "input")));
    }

    static Scope ofJoin(LogicalPlan left, LogicalPlan right) {
      return new Scope(List.of(new Side(left, 0, "left input"), new Side(right, left.schema().size(),
          "right input")));
    }

    List<Expression> allColumns() {
      var all = new ArrayList<Expression>();
      for (Side side : sides) {
        Schema s = side.plan().schema();
        for (int i = 0; i < s.size(); i++) {
          all.add(new ColumnRef(side.offset() + i, s.field(i).name(), s.field(i).type(), s.field(i).nullable()));
        }
      }
      return all;
    }

    Expression resolve(String name, String context) {
      var matches = new ArrayList<Expression>();
      for (Side side : sides) {
        Schema s = side.plan().schema();
        int i = s.indexOf(name);
        if (i >= 0) {
          matches.add(new ColumnRef(side.offset() + i, name, s.field(i).type(), s.field(i).nullable()));
        }
      }
      if (matches.size() > 1) {
        throw new AnalysisException("Column '" + name + "' in " + context + " is ambiguous: both inputs of the join "
            + "have it. Say which one with left.col(\"" + name + "\") or right.col(\"" + name + "\")");
      }
      if (matches.size() == 1) {
        return matches.get(0);
      }
      int dot = name.indexOf('.');
      if (dot > 0) {
        Expression base = resolve(name.substring(0, dot), context);
        for (String part : name.substring(dot + 1).split("\\.")) {
          base = getField(base, part);
        }
        return base;
      }
      var names = new ArrayList<String>();
      for (Side side : sides) {
        names.addAll(side.plan().schema().names());
      }
      throw new AnalysisException("Column '" + name + "' does not exist (in " + context + "). Available columns: "
          + String.join(", ", names) + "." + Suggestions.didYouMean(name, names));
    }

    Expression resolveOf(long datasetId, String name, String context) {
      for (Side side : sides) {
        boolean[] found = {false};
        Plans.forEach(side.plan(), n -> found[0] |= n.id() == datasetId);
        if (found[0]) {
          Schema s = side.plan().schema();
          int i = s.indexOf(name);
          if (i < 0) {
            throw new AnalysisException("Column '" + name + "' does not exist in the " + side.label() + " of "
                + context + ". Its columns: " + String.join(", ", s.names()) + "."
                + Suggestions.didYouMean(name, s.names()));
          }
          return new ColumnRef(side.offset() + i, name, s.field(i).type(), s.field(i).nullable());
        }
      }
      throw new AnalysisException("Column '" + name + "' in " + context + " was taken from a dataset (with "
          + "dataset.col(\"" + name + "\")) that is not an input here; use the column of an input, or col(\""
          + name + "\")");
    }
  }
}
