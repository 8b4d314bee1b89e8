package dev.millrace.runtime.planner;

import dev.millrace.errors.MillraceException;
import dev.millrace.expr.AggregateCall;
import dev.millrace.expr.Alias;
import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Expression;
import dev.millrace.expr.SessionWindow;
import dev.millrace.expr.TimeWindow;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.Drop;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.FileSource;
import dev.millrace.plan.Filter;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.Join;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.StreamingJoinState;
import dev.millrace.plan.MapElements;
import dev.millrace.plan.Project;
import dev.millrace.plan.RenameColumn;
import dev.millrace.plan.TableRead;
import dev.millrace.plan.Union;
import dev.millrace.plan.WithColumn;
import dev.millrace.runtime.operator.BatchClock;
import dev.millrace.runtime.operator.Collector;
import dev.millrace.runtime.operator.DistinctOperator;
import dev.millrace.runtime.operator.Evaluator;
import dev.millrace.runtime.operator.ExpandWindowsOperator;
import dev.millrace.runtime.operator.ExpressionCompiler;
import dev.millrace.runtime.operator.FilterOperator;
import dev.millrace.runtime.operator.HashAggregateOperator;
import dev.millrace.runtime.operator.MapOperator;
import dev.millrace.runtime.operator.Operator;
import dev.millrace.runtime.operator.ProjectOperator;
import dev.millrace.runtime.operator.StreamingAggregateOperator;
import dev.millrace.runtime.operator.StreamingDeduplicateOperator;
import dev.millrace.runtime.operator.StreamingJoinOperator;
import dev.millrace.streaming.OutputMode;
import dev.millrace.runtime.operator.UnionOperator;
import dev.millrace.runtime.operator.WatermarkOperator;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a table's resolved logical plan into wired physical operators: one planner maps every logical node to its
 * operator, so the engine never interprets plans. Streaming plans get the operators that can run batch after batch
 * without state; materialized views (batch plans) also get in-memory aggregation and de-duplication over their
 * snapshot. Operations this version of the engine does not run yet are reported with the table and the operation.
 */
public final class PhysicalPlanner {

  private final String table;
  private final boolean batch;
  private final ExpressionCompiler compiler;
  private final OutputMode mode;
  private final int partitions;
  private final BatchClock clock;
  private int statefulCount;

  /**
   * A planner for a materialized view (batch) or a stateless streaming query.
   *
   * @param table the table being planned, for messages
   * @param batch whether the plan is a batch query (a materialized view) rather than a streaming one
   */
  public PhysicalPlanner(String table, boolean batch, BatchClock clock) {
    this(table, batch, clock, OutputMode.APPEND, 1);
  }

  /**
   * @param mode the streaming table's output mode, which decides what a streaming aggregation emits
   * @param partitions the number of state partitions of stateful operators
   */
  public PhysicalPlanner(String table, boolean batch, BatchClock clock, OutputMode mode, int partitions) {
    this.table = table;
    this.batch = batch;
    this.compiler = new ExpressionCompiler(clock);
    this.clock = clock;
    this.mode = mode;
    this.partitions = partitions;
  }

  /** The physical plan of {@code resolved}; throws {@link MillraceException} for unsupported operations. */
  public PhysicalPlan plan(LogicalPlan resolved) {
    var leaves = new ArrayList<PhysicalPlan.Leaf>();
    var operators = new ArrayList<Operator>();
    var sink = new PhysicalPlan.SinkSwitch();
    build(resolved, sink, leaves, operators);
    return new PhysicalPlan(leaves, operators, resolved.schema(), sink);
  }

  private void build(LogicalPlan node, Collector out, List<PhysicalPlan.Leaf> leaves, List<Operator> operators) {
    if (node instanceof FileSource || node instanceof TableRead) {
      leaves.add(new PhysicalPlan.Leaf(node, out));
      return;
    }
    if (node instanceof Project p) {
      Operator op = new ProjectOperator(p.exprs().stream().map(compiler::compile).toArray(Evaluator[]::new));
      single(op, p.child(), out, leaves, operators);
      return;
    }
    if (node instanceof Filter f) {
      single(new FilterOperator(compiler.compile(f.condition())), f.child(), out, leaves, operators);
      return;
    }
    if (node instanceof MapElements m) {
      single(new MapOperator(m.child().schema(), m.inputEncoder(), m.function(), m.outputEncoder(), m.flat()),
          m.child(), out, leaves, operators);
      return;
    }
    if (node instanceof Union u) {
      var op = new UnionOperator();
      op.setOutput(out);
      for (int i = 0; i < u.inputs().size(); i++) {
        int input = i;
        build(u.inputs().get(i), row -> op.push(input, row), leaves, operators);
      }
      operators.add(op);
      return;
    }
    if (node instanceof EventTimeWatermark w) {
      int column = w.child().schema().indexOf(w.column());
      long delay = Math.multiplyExact(w.delay().getSeconds(), 1_000_000L) + w.delay().getNano() / 1_000;
      single(new WatermarkOperator(column, delay), w.child(), out, leaves, operators);
      return;
    }
    if (node instanceof Aggregate a) {
      planAggregate(a, out, leaves, operators);
      return;
    }
    if (node instanceof Deduplicate d) {
      Schema s = d.child().schema();
      int[] keys = d.keys().isEmpty() ? java.util.stream.IntStream.range(0, s.size()).toArray()
          : d.keys().stream().mapToInt(s::indexOf).toArray();
      if (batch) {
        single(new DistinctOperator(keys), d.child(), out, leaves, operators);
        return;
      }
      EventTimeWatermark w = watermarkOf(d.child());
      int eventTime = w == null ? -1 : s.indexOf(w.column());
      var keyTypes = java.util.Arrays.stream(keys).mapToObj(k -> s.field(k).type()).toList();
      single(new StreamingDeduplicateOperator("dedupe-" + statefulCount++, keys, keyTypes, eventTime,
          d.withinWatermark(), w == null ? 0 : micros(w.delay()), partitions), d.child(), out, leaves, operators);
      return;
    }
    if (node instanceof Join j && !(j.left().isStreaming() && j.right().isStreaming())) {
      planHashJoin(j, out, leaves, operators);
      return;
    }
    if (node instanceof Join j && !batch) {
      planStreamJoin(j, out, leaves, operators);
      return;
    }
    if (node instanceof FlatMapGroupsWithState g && !batch) {
      EventTimeWatermark w = watermarkOf(g.child());
      int eventTime = w == null ? -1 : g.child().schema().indexOf(w.column());
      single(new dev.millrace.runtime.operator.GroupStateOperator("groups-" + statefulCount++, g.child().schema(),
          g.keyFunction(), g.keyEncoder(), g.valueEncoder(), g.stateEncoder(), g.outputEncoder(), g.function(),
          g.mapGroups(), g.timeout(), eventTime, partitions, clock), g.child(), out, leaves, operators);
      return;
    }
    if (node instanceof WithColumn || node instanceof Drop || node instanceof RenameColumn) {
      throw new IllegalStateException(node.describe() + " must be analyzed into a Project before planning");
    }
    throw unsupported(node);
  }

  private void single(Operator op, LogicalPlan child, Collector out, List<PhysicalPlan.Leaf> leaves,
      List<Operator> operators) {
    op.setOutput(out);
    build(child, row -> op.push(0, row), leaves, operators);
    operators.add(op);
  }

  /**
   * Aggregation: windows are expanded first (a window grouping becomes the appended column), then rows are grouped
   * in memory (a batch) or in a state store (a stream in update or complete mode); aggregate expressions that are
   * more than one aggregate call get a projection on top, over the grouping values and the calls' results.
   */
  private void planAggregate(Aggregate a, Collector out, List<PhysicalPlan.Leaf> leaves,
      List<Operator> operators) {
    Schema input = a.child().schema();
    List<Expression> groupings = new ArrayList<>(a.groupings());
    ExpandWindowsOperator expand = null;
    EventTimeWatermark watermark = watermarkOf(a.child());
    int timeKey = -1;
    boolean timeIsWindow = false;
    for (int i = 0; i < groupings.size(); i++) {
      Expression g = groupings.get(i);
      Expression time = g instanceof TimeWindow w ? w.timeColumn() : g;
      if (watermark != null && time instanceof ColumnRef ref && ref.name().equals(watermark.column())) {
        timeKey = i;
        timeIsWindow = g instanceof TimeWindow;
      }
      if (groupings.get(i) instanceof TimeWindow w) {
        expand = new ExpandWindowsOperator(compiler.compile(w.timeColumn()), micros(w.size()), micros(w.slide()),
            micros(w.startOffset()));
        groupings.set(i, new ColumnRef(input.size(), "window", TimeWindow.WINDOW_TYPE, false));
      } else if (groupings.get(i) instanceof SessionWindow && batch) {
        throw new NotSupportedException("table '" + table + "': sessionWindow(...) in a materialized view is not "
            + "supported by this version of the engine yet; it runs in streaming tables");
      }
    }
    var calls = new ArrayList<AggregateCall>();
    for (Expression e : a.aggregates()) {
      collectCalls(e, calls);
    }
    var slots = calls.stream().map(c -> new HashAggregateOperator.AggregateSlot(c,
        c.args().stream().map(compiler::compile).toArray(Evaluator[]::new))).toList();
    Evaluator[] keys = groupings.stream().anyMatch(SessionWindow.class::isInstance) ? new Evaluator[0]
        : groupings.stream().map(compiler::compile).toArray(Evaluator[]::new);
    int session = -1;
    for (int i = 0; i < groupings.size(); i++) {
      if (groupings.get(i) instanceof SessionWindow) {
        session = i;
      }
    }
    Operator agg;
    try {
      if (session >= 0) {
        var sw = (SessionWindow) groupings.get(session);
        var otherKeys = new ArrayList<Expression>(groupings);
        otherKeys.remove(session);
        agg = new dev.millrace.runtime.operator.SessionWindowAggregateOperator("aggregate-" + statefulCount++,
            otherKeys.stream().map(compiler::compile).toArray(Evaluator[]::new),
            otherKeys.stream().map(Expression::dataType).toList(), compiler.compile(sw.timeColumn()), micros(sw.gap()),
            session, slots, mode, partitions);
      } else {
        agg = batch ? new HashAggregateOperator(keys, slots)
          : new StreamingAggregateOperator("aggregate-" + statefulCount++, keys,
              a.groupings().stream().map(Expression::dataType).toList(), slots, mode, partitions, timeKey,
              timeIsWindow);
      }
    } catch (NotSupportedException e) {
      throw new NotSupportedException("table '" + table + "': " + e.getMessage());
    }

    boolean plain = a.aggregates().stream().allMatch(e -> stripAlias(e) instanceof AggregateCall)
        && calls.size() == a.aggregates().size();
    Collector aggOut = out;
    ProjectOperator finalProject = null;
    if (!plain) {
      // Output: the grouping values, then each aggregate expression over [grouping values, call results].
      var fields = new ArrayList<Field>();
      for (int i = 0; i < groupings.size(); i++) {
        Expression g = a.groupings().get(i);
        fields.add(new Field("_g" + i, g.dataType(), g.nullable()));
      }
      var exprs = new ArrayList<Evaluator>();
      for (int i = 0; i < groupings.size(); i++) {
        int slot = i;
        exprs.add(row -> row[slot]);
      }
      for (Expression e : a.aggregates()) {
        exprs.add(compiler.compile(rewrite(e, a.groupings(), calls)));
      }
      finalProject = new ProjectOperator(exprs.toArray(Evaluator[]::new));
      finalProject.setOutput(out);
      ProjectOperator target = finalProject;
      aggOut = row -> target.push(0, row);
    }
    agg.setOutput(aggOut);
    if (expand != null) {
      ExpandWindowsOperator e = expand;
      e.setOutput(row -> agg.push(0, row));
      build(a.child(), row -> e.push(0, row), leaves, operators);
      operators.add(e);
    } else {
      build(a.child(), row -> agg.push(0, row), leaves, operators);
    }
    operators.add(agg);
    if (finalProject != null) {
      operators.add(finalProject);
    }
  }

  /**
   * A join of a stream with a static input (read whole each batch), or of two static inputs in a view: equality
   * keys are taken from the using columns or from the condition's {@code left = right} conjuncts.
   */
  private void planHashJoin(Join j, Collector out, List<PhysicalPlan.Leaf> leaves, List<Operator> operators) {
    Schema l = j.left().schema();
    Schema r = j.right().schema();
    int lw = l.size();
    var leftKeys = new ArrayList<Evaluator>();
    var rightKeys = new ArrayList<Evaluator>();
    for (Join.KeyPair k : j.equalityKeys()) {
      leftKeys.add(compiler.compile(k.left()));
      rightKeys.add(compiler.compile(k.right()));
    }
    Evaluator condition = j.condition().map(compiler::compile).orElse(null);
    int[][] output = joinOutput(j);
    var op = new dev.millrace.runtime.operator.HashJoinOperator(j.joinType(), lw, r.size(),
        leftKeys.toArray(Evaluator[]::new), rightKeys.toArray(Evaluator[]::new), condition, output);
    op.setOutput(out);
    build(j.left(), row -> op.push(0, row), leaves, operators);
    build(j.right(), row -> op.push(1, row), leaves, operators);
    operators.add(op);
  }

  /**
   * The output of a join as indices into the combined row (left values, then right values): using columns once
   * (from the side whose rows are kept; a full outer join takes the first non-null), then the other columns of the
   * left and, unless a semi or anti join, of the right.
   */
  private static int[][] joinOutput(Join j) {
    Schema l = j.left().schema();
    Schema r = j.right().schema();
    int lw = l.size();
    var output = new ArrayList<int[]>();
    var using = new java.util.HashSet<>(j.usingColumns());
    for (String name : j.usingColumns()) {
      int li = l.indexOf(name);
      int ri = lw + r.indexOf(name);
      output.add(switch (j.joinType()) {
        case RIGHT_OUTER -> new int[] {ri};
        case FULL_OUTER -> new int[] {li, ri};
        default -> new int[] {li};
      });
    }
    for (int i = 0; i < lw; i++) {
      if (!using.contains(l.field(i).name())) {
        output.add(new int[] {i});
      }
    }
    if (!j.joinType().leftOnly()) {
      for (int i = 0; i < r.size(); i++) {
        if (!using.contains(r.field(i).name())) {
          output.add(new int[] {lw + i});
        }
      }
    }
    return output.toArray(int[][]::new);
  }

  /**
   * A join of two streams: Spark's symmetric hash join, both sides buffered in the state store and expired by the
   * watermark in the join keys or the state watermarks of a time-range condition ({@link StreamingJoinState}).
   */
  private void planStreamJoin(Join j, Collector out, List<PhysicalPlan.Leaf> leaves, List<Operator> operators) {
    StreamingJoinState info = StreamingJoinState.of(j);
    if (info.leftKeys().isEmpty()) {
      throw new NotSupportedException("table '" + table + "': a join of two streams needs at least one equality "
          + "between a left and a right column (e.g. left.col(\"ad_id\").equalTo(right.col(\"ad_id\"))), as in Spark");
    }
    Schema l = j.left().schema();
    Schema r = j.right().schema();
    int lw = l.size();
    var keyTypes = new ArrayList<dev.millrace.types.DataType>();
    for (int i = 0; i < info.leftKeys().size(); i++) {
      var lt = info.leftKeys().get(i).dataType();
      var rt = info.rightKeys().get(i).dataType();
      if (!lt.equals(rt)) {
        throw new NotSupportedException("table '" + table + "': the join keys " + info.leftKeys().get(i).sql()
            + " and " + info.rightKeys().get(i).sql() + " have different types (" + lt.sql() + ", " + rt.sql()
            + "); cast one to the other's type");
      }
      keyTypes.add(lt);
    }
    Evaluator[][] keys = {info.leftKeys().stream().map(compiler::compile).toArray(Evaluator[]::new),
        info.rightKeys().stream().map(compiler::compile).toArray(Evaluator[]::new)};
    Evaluator[] sideFilters = new Evaluator[2];
    Evaluator condition = null;
    if (j.condition().isPresent()) {
      condition = compiler.compile(j.condition().get());
      var perSide = List.of(new ArrayList<Expression>(), new ArrayList<Expression>());
      for (Expression c : Join.conjuncts(j.condition().get())) {
        int side = Join.side(c, lw);
        if (side >= 0) {
          perSide.get(side).add(c);
        }
      }
      for (int side = 0; side < 2; side++) {
        sideFilters[side] = perSide.get(side).stream().map(compiler::compile)
            .reduce((a, b) -> row -> Boolean.TRUE.equals(a.eval(row)) && Boolean.TRUE.equals(b.eval(row)))
            .orElse(null);
      }
    }
    var bounds = new StreamingJoinState.ValueBound[] {info.leftBound().orElse(null), info.rightBound().orElse(null)};
    int[] lateColumns = {eventTimeColumn(l, info.leftWatermarks(), bounds[0]),
        eventTimeColumn(r, info.rightWatermarks(), bounds[1])};
    List<List<dev.millrace.types.DataType>> sideTypes = List.of(
        l.fields().stream().map(Field::type).toList(), r.fields().stream().map(Field::type).toList());
    var op = new StreamingJoinOperator("join-" + statefulCount++, j.joinType(), new int[] {lw, r.size()}, keys,
        keyTypes, sideFilters, condition, joinOutput(j), lateColumns, info.watermarkKey(), bounds, sideTypes,
        partitions);
    op.setOutput(out);
    build(j.left(), row -> op.push(0, row), leaves, operators);
    build(j.right(), row -> op.push(1, row), leaves, operators);
    operators.add(op);
  }

  /** A side's watermarked event-time column (the one its time-range bound uses, if any), or -1. */
  private static int eventTimeColumn(Schema side, java.util.Set<String> watermarks,
      StreamingJoinState.ValueBound bound) {
    if (bound != null) {
      return bound.timeColumn();
    }
    for (int i = 0; i < side.size(); i++) {
      if (watermarks.contains(side.field(i).name())
          && side.field(i).type().equals(dev.millrace.types.DataType.TIMESTAMP)) {
        return i;
      }
    }
    return -1;
  }

  /** The watermark whose column reaches the output of {@code plan} unchanged, if any. */
  private static EventTimeWatermark watermarkOf(LogicalPlan plan) {
    for (EventTimeWatermark w : dev.millrace.plan.Plans.collect(plan, EventTimeWatermark.class)) {
      if (plan.schema().indexOf(w.column()) >= 0) {
        return w;
      }
    }
    return null;
  }

  private static Expression stripAlias(Expression e) {
    return e instanceof Alias a ? a.child() : e;
  }

  private static void collectCalls(Expression e, List<AggregateCall> calls) {
    if (e instanceof AggregateCall c) {
      if (!calls.contains(c)) {
        calls.add(c);
      }
      return;
    }
    for (Expression child : e.children()) {
      collectCalls(child, calls);
    }
  }

  /** Replaces grouping expressions and aggregate calls by references to the aggregation's output slots. */
  private static Expression rewrite(Expression e, List<Expression> groupings, List<AggregateCall> calls) {
    int g = groupings.indexOf(e);
    if (g >= 0) {
      return new ColumnRef(g, "_g" + g, e.dataType(), e.nullable());
    }
    if (e instanceof AggregateCall c) {
      int i = calls.indexOf(c);
      return new ColumnRef(groupings.size() + i, "_a" + i, c.dataType(), c.nullable());
    }
    if (e instanceof Alias a) {
      return new Alias(rewrite(a.child(), groupings, calls), a.name());
    }
    return dev.millrace.expr.Expressions.withChildren(e, e.children().stream().map(c -> rewrite(c, groupings, calls)).toList());
  }

  private static long micros(java.time.Duration d) {
    return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
  }

  private NotSupportedException unsupported(LogicalPlan node) {
    String what;
    if (node instanceof Join) {
      what = "a join of two streams";
    } else if (node instanceof FlatMapGroupsWithState) {
      what = "[flat]mapGroupsWithState";
    } else {
      what = node.describe();
    }
    return new NotSupportedException("table '" + table + "': " + what + " is not supported by this version of the "
        + "engine yet");
  }
}
