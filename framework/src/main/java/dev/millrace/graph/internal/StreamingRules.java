package dev.millrace.graph.internal;

import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Comparison;
import dev.millrace.expr.Expression;
import dev.millrace.expr.SessionWindow;
import dev.millrace.expr.TimeWindow;
import dev.millrace.graph.TableKind;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.EventTimeWatermark;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.Join;
import dev.millrace.plan.JoinType;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.plan.Union;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The rules Spark's {@code UnsupportedOperationChecker} enforces on streaming queries, applied to a resolved plan
 * and the table's output mode. Each broken rule becomes one sentence saying what to change.
 */
public final class StreamingRules {

  private StreamingRules() {}

  /** The problems of {@code plan} as the query of a table of {@code kind} in {@code mode}; empty if none. */
  public static List<String> check(LogicalPlan plan, OutputMode mode, TableKind kind) {
    var problems = new ArrayList<String>();
    if (kind != TableKind.STREAMING_TABLE) {
      return problems;
    }
    String modeName = mode.name().toLowerCase(Locale.ROOT);
    List<Aggregate> aggregates = Plans.collect(plan, Aggregate.class).stream()
        .filter(LogicalPlan::isStreaming).toList();
    List<FlatMapGroupsWithState> groupStates = Plans.collect(plan, FlatMapGroupsWithState.class).stream()
        .filter(LogicalPlan::isStreaming).toList();

    if (mode == OutputMode.COMPLETE && aggregates.isEmpty()) {
      problems.add("complete output mode needs a streaming aggregation (groupBy(...).agg(...)), because it rewrites "
          + "the whole result every batch. Use append mode for a query without one");
    }
    if (mode != OutputMode.APPEND && aggregates.size() > 1) {
      problems.add("multiple streaming aggregations are only supported in append mode; this query has "
          + aggregates.size() + " in " + modeName + " mode. Split it into two tables");
    }
    for (Aggregate a : aggregates) {
      if (mode == OutputMode.APPEND && !hasWatermarkedGrouping(a)) {
        problems.add("append output mode with an aggregation needs an event-time window over a watermarked column, "
            + "e.g. groupBy(window(col(\"event_time\"), \"1 minute\"), ...) with @Watermark(column = "
            + "\"event_time\", ...), so that a group is emitted once, when the watermark shows it is final. "
            + "Add the window and watermark, or use outputMode = UPDATE or COMPLETE");
      }
    }
    for (Deduplicate d : Plans.collect(plan, Deduplicate.class)) {
      if (d.withinWatermark() && d.isStreaming() && watermarkColumns(d.child()).isEmpty()) {
        problems.add("dropDuplicatesWithinWatermark" + d.keys() + " needs a watermark on its input: add "
            + "withWatermark(...) before it or @Watermark on the table");
      }
    }
    for (FlatMapGroupsWithState g : groupStates) {
      String op = g.mapGroups() ? "mapGroupsWithState" : "flatMapGroupsWithState";
      if (g.mapGroups() && mode != OutputMode.UPDATE) {
        problems.add("mapGroupsWithState is only supported in update output mode, but the table is in " + modeName
            + " mode. Set outputMode = UPDATE, or use flatMapGroupsWithState");
      }
      if (!g.mapGroups() && g.outputMode() != mode && !aggregatesAbove(plan, g)) {
        problems.add("flatMapGroupsWithState is declared with output mode "
            + g.outputMode().name().toLowerCase(Locale.ROOT) + " but the table is in " + modeName + " mode; they "
            + "must match");
      }
      if (g.timeout() == GroupStateTimeout.EVENT_TIME_TIMEOUT && watermarkColumns(g.child()).isEmpty()) {
        problems.add(op + " with EventTimeTimeout needs a watermark on its input: add withWatermark(...) before "
            + "groupByKey or @Watermark on the table");
      }
    }
    for (Union u : Plans.collect(plan, Union.class)) {
      boolean anyStreaming = u.inputs().stream().anyMatch(LogicalPlan::isStreaming);
      boolean anyBatch = u.inputs().stream().anyMatch(p -> !p.isStreaming());
      if (anyStreaming && anyBatch) {
        problems.add("a union of a stream with a snapshot or batch input is not supported, as in Spark. Read both "
            + "inputs as streams");
      }
    }
    for (Join j : Plans.collect(plan, Join.class)) {
      checkJoin(j, problems);
    }
    return problems;
  }

  private static boolean aggregatesAbove(LogicalPlan plan, LogicalPlan node) {
    for (Aggregate a : Plans.collect(plan, Aggregate.class)) {
      if (Plans.collect(a, FlatMapGroupsWithState.class).contains(node)) {
        return true;
      }
    }
    return false;
  }

  private static void checkJoin(Join j, List<String> problems) {
    boolean ls = j.left().isStreaming();
    boolean rs = j.right().isStreaming();
    JoinType t = j.joinType();
    String type = t.sql();
    if (ls && !rs) {
      if (t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER) {
        problems.add(type + " join of a stream (left) with a static input (right) is not supported, as in Spark: "
            + "every static row would need the whole stream. Put the stream on the side whose rows are kept "
            + "(left outer with the stream on the left)");
      }
    } else if (!ls && rs) {
      if (t == JoinType.LEFT_OUTER || t == JoinType.FULL_OUTER || t == JoinType.LEFT_SEMI
          || t == JoinType.LEFT_ANTI) {
        problems.add(type + " join of a static input (left) with a stream (right) is not supported, as in Spark. "
            + "Swap the sides so the stream is on the left");
      }
    } else if (ls && rs) {
      if (t == JoinType.LEFT_ANTI) {
        problems.add("left_anti joins between two streams are not supported, as in Spark");
      }
      if (t == JoinType.LEFT_OUTER || t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER
          || t == JoinType.LEFT_SEMI) {
        // Spark's rule: a watermarked column among the equality keys, or a watermark on the side(s) whose rows
        // must wait for a match plus a time-range condition that bounds how long they wait.
        Set<String> leftWm = watermarkColumns(j.left());
        Set<String> rightWm = watermarkColumns(j.right());
        boolean needLeft = t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER;
        boolean needRight = t != JoinType.RIGHT_OUTER;
        boolean watermarkInKeys = hasCondition(j, true,
            (l, r) -> l.stream().anyMatch(leftWm::contains) || r.stream().anyMatch(rightWm::contains));
        boolean leftOk = !needLeft || hasCondition(j, false,
            (l, r) -> l.stream().anyMatch(leftWm::contains) && !r.isEmpty());
        boolean rightOk = !needRight || hasCondition(j, false,
            (l, r) -> r.stream().anyMatch(rightWm::contains) && !l.isEmpty());
        boolean ok = watermarkInKeys || (leftOk && rightOk);
        if (!ok) {
          String sides = needLeft && needRight ? "both inputs" : needLeft ? "the left input" : "the right input";
          problems.add(type + " join between two streams needs a watermark on " + sides + " and a time-range "
              + "condition between the two event-time columns (or a watermarked column among the equality join "
              + "keys), as in Spark: without them a row could wait forever for its match and its result would never "
              + "be emitted. Add withWatermark(...) and a condition such as right.col(\"t\").between(left.col(\"t\"), "
              + "...)" + (leftWm.isEmpty() && rightWm.isEmpty() ? "; neither input has a watermark now" : ""));
        }
      }
    }
  }

  /**
   * Whether the join condition has an equality ({@code equality}) or range comparison whose left-side and
   * right-side column references satisfy {@code test}.
   */
  private static boolean hasCondition(Join j, boolean equality, BiPredicate<Set<String>, Set<String>> test) {
    if (j.condition().isEmpty()) {
      return false;
    }
    int leftSize = j.left().schema().size();
    var found = new boolean[] {false};
    visit(j.condition().get(), e -> {
      if (e instanceof Comparison c && c.op() != Comparison.Op.NEQ
          && (c.op() == Comparison.Op.EQ || c.op() == Comparison.Op.EQ_NULL_SAFE) == equality) {
        Set<String> l = new HashSet<>();
        Set<String> r = new HashSet<>();
        collectRefs(c, leftSize, j, l, r);
        found[0] |= test.test(l, r);
      }
    });
    return found[0];
  }

  private static void collectRefs(Expression e, int leftSize, Join j, Set<String> left, Set<String> right) {
    if (e instanceof ColumnRef ref) {
      if (ref.ordinal() < leftSize) {
        left.add(ref.name());
      } else {
        right.add(ref.name());
      }
    }
    for (Expression c : e.children()) {
      collectRefs(c, leftSize, j, left, right);
    }
  }

  private static void visit(Expression e, java.util.function.Consumer<Expression> visitor) {
    visitor.accept(e);
    for (Expression c : e.children()) {
      visit(c, visitor);
    }
  }

  /** The columns with a watermark at the output of {@code plan} (names as they are there). */
  static Set<String> watermarkColumns(LogicalPlan plan) {
    var names = new HashSet<String>();
    for (EventTimeWatermark w : Plans.collect(plan, EventTimeWatermark.class)) {
      names.add(w.column());
    }
    names.retainAll(plan.schema().names());
    if (names.isEmpty() && !Plans.collect(plan, EventTimeWatermark.class).isEmpty()) {
      // The event-time column was renamed or dropped above the watermark; a window column derived from it still
      // carries the watermark, as in Spark.
      for (var f : plan.schema().fields()) {
        if (f.type().equals(TimeWindow.WINDOW_TYPE)) {
          names.add(f.name());
        }
      }
    }
    return names;
  }

  private static boolean hasWatermarkedGrouping(Aggregate a) {
    Set<String> watermarked = watermarkColumns(a.child());
    for (Expression g : a.groupings()) {
      Expression time = g instanceof TimeWindow w ? w.timeColumn() : g instanceof SessionWindow s ? s.timeColumn() : g;
      if (time instanceof ColumnRef ref && watermarked.contains(ref.name())) {
        return true;
      }
    }
    return false;
  }
}
