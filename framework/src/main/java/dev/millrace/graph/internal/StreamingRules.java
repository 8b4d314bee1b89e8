package dev.millrace.graph.internal;

import dev.millrace.expr.ColumnRef;
import dev.millrace.expr.Expression;
import dev.millrace.expr.SessionWindow;
import dev.millrace.expr.TimeWindow;
import dev.millrace.graph.TableKind;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.Deduplicate;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.Join;
import dev.millrace.plan.JoinType;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.plan.StreamingJoinState;
import dev.millrace.plan.Union;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
      if (d.withinWatermark() && d.isStreaming() && Plans.watermarkColumns(d.child()).isEmpty()) {
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
      if (g.timeout() == GroupStateTimeout.EVENT_TIME_TIMEOUT && Plans.watermarkColumns(g.child()).isEmpty()) {
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
      checkJoin(j, mode, plan, problems);
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

  private static void checkJoin(Join j, OutputMode mode, LogicalPlan plan, List<String> problems) {
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
      checkStreamStreamJoin(j, mode, plan, problems);
    }
  }

  /**
   * Spark's rules for a join of two streams: an equality between the sides, append mode, no left anti join, and for
   * outer and semi joins a way for the watermark to drop the rows that wait for a match (a watermarked join key, or
   * watermarks on both inputs and a time-range condition), so that their results are ever emitted.
   */
  private static void checkStreamStreamJoin(Join j, OutputMode mode, LogicalPlan plan, List<String> problems) {
    JoinType t = j.joinType();
    String type = t.sql();
    if (t == JoinType.LEFT_ANTI) {
      problems.add("left_anti joins between two streams are not supported, as in Spark");
      return;
    }
    StreamingJoinState state = StreamingJoinState.of(j);
    if (state.leftKeys().isEmpty()) {
      problems.add("a join of two streams needs at least one equality between a left and a right column, as in "
          + "Spark, e.g. clicks.col(\"ad_id\").equalTo(impressions.col(\"ad_id\"))");
    }
    if (mode != OutputMode.APPEND) {
      problems.add("a join of two streams is only supported in append output mode, as in Spark; the table is in "
          + mode.name().toLowerCase(Locale.ROOT) + " mode");
    }
    for (LogicalPlan above : statefulAbove(plan, j)) {
      problems.add(above.describe() + " on the output of a join of two streams is not supported by this version of "
          + "the engine; write the join to its own table and read that table as a stream");
    }
    if (t == JoinType.INNER) {
      return;
    }
    boolean needLeft = t != JoinType.RIGHT_OUTER;
    boolean needRight = t == JoinType.RIGHT_OUTER || t == JoinType.FULL_OUTER;
    boolean watermarks = !state.leftWatermarks().isEmpty() && !state.rightWatermarks().isEmpty();
    boolean leftOk = !needLeft || state.leftExpires();
    boolean rightOk = !needRight || state.rightExpires();
    if (!watermarks || !leftOk || !rightOk) {
      String sides = needLeft && needRight ? "both sides" : needLeft ? "the left side" : "the right side";
      String missing = state.leftWatermarks().isEmpty() && state.rightWatermarks().isEmpty() ? "neither input has one"
          : state.leftWatermarks().isEmpty() ? "the left input has none"
          : state.rightWatermarks().isEmpty() ? "the right input has none"
          : "the condition has no time range between the two watermarked event times that bounds " + sides;
      problems.add(type + " join between two streams needs a watermark on both inputs and a time-range condition "
          + "between their event-time columns (or a watermarked column among the equality keys), as in Spark: "
          + "without them a row of " + sides + " could wait forever for its match and its result would never be "
          + "emitted (" + missing + "). Add withWatermark(...) on each input and a condition such as "
          + "clicks.col(\"click_time\").between(impressions.col(\"impression_time\"), "
          + "impressions.col(\"impression_time\").plus(interval(\"1 hour\")))");
    }
  }

  /** Stateful operations (aggregations, de-duplication, group state, joins of streams) above {@code join}. */
  private static List<LogicalPlan> statefulAbove(LogicalPlan plan, Join join) {
    var found = new ArrayList<LogicalPlan>();
    Plans.forEach(plan, node -> {
      boolean stateful = node instanceof Aggregate || node instanceof Deduplicate
          || node instanceof FlatMapGroupsWithState
          || (node instanceof Join other && other.left().isStreaming() && other.right().isStreaming());
      if (node != join && stateful && node.isStreaming() && Plans.collect(node, Join.class).contains(join)) {
        found.add(node);
      }
    });
    return found;
  }



  private static boolean hasWatermarkedGrouping(Aggregate a) {
    Set<String> watermarked = Plans.watermarkColumns(a.child());
    for (Expression g : a.groupings()) {
      Expression time = g instanceof TimeWindow w ? w.timeColumn() : g instanceof SessionWindow s ? s.timeColumn() : g;
      if (time instanceof ColumnRef ref && watermarked.contains(ref.name())) {
        return true;
      }
    }
    return false;
  }
}
