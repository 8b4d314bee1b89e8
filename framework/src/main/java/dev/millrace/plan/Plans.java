package dev.millrace.plan;

import dev.millrace.expr.TimeWindow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Helpers over logical plans: ids, traversal and {@link #explain}. */
public final class Plans {

  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  private Plans() {}

  /** A fresh plan-node id. */
  public static long nextId() {
    return NEXT_ID.getAndIncrement();
  }

  /**
   * The plan as indented text, one node per line, children indented under their parent:
   * <pre>
   * Filter (amount &gt; 0)
   * +- TableRead events_clean [streaming]
   * </pre>
   */
  public static String explain(LogicalPlan plan) {
    var sb = new StringBuilder();
    explain(plan, "", "", sb);
    return sb.toString();
  }

  private static void explain(LogicalPlan plan, String firstPrefix, String restPrefix, StringBuilder sb) {
    sb.append(firstPrefix).append(plan.describe()).append('\n');
    List<LogicalPlan> children = plan.children();
    for (int i = 0; i < children.size(); i++) {
      boolean last = i == children.size() - 1;
      explain(children.get(i), restPrefix + (last ? "+- " : ":- "), restPrefix + (last ? "   " : ":  "), sb);
    }
  }

  /** Visits every node, parents before children. */
  public static void forEach(LogicalPlan plan, Consumer<LogicalPlan> visitor) {
    visitor.accept(plan);
    for (LogicalPlan child : plan.children()) {
      forEach(child, visitor);
    }
  }

  /** Every node of the given type, parents before children. */
  public static <T extends LogicalPlan> List<T> collect(LogicalPlan plan, Class<T> type) {
    var found = new ArrayList<T>();
    forEach(plan, node -> {
      if (type.isInstance(node)) {
        found.add(type.cast(node));
      }
    });
    return found;
  }

  /**
   * The columns with a watermark at the output of {@code plan} (names as they are there): the event-time columns of
   * its {@code withWatermark}s that reach the output, or, when none does, a window column derived from one (a window
   * carries its time column's watermark, as in Spark).
   */
  public static Set<String> watermarkColumns(LogicalPlan plan) {
    var names = new HashSet<String>();
    List<EventTimeWatermark> watermarks = collect(plan, EventTimeWatermark.class);
    for (EventTimeWatermark w : watermarks) {
      names.add(w.column());
    }
    names.retainAll(plan.schema().names());
    if (names.isEmpty() && !watermarks.isEmpty()) {
      for (var f : plan.schema().fields()) {
        if (f.type().equals(TimeWindow.WINDOW_TYPE)) {
          names.add(f.name());
        }
      }
    }
    return names;
  }

  static List<LogicalPlan> one(List<LogicalPlan> children, String node) {
    if (children.size() != 1) {
      throw new IllegalArgumentException(node + " has one input, got " + children.size());
    }
    return children;
  }
}
