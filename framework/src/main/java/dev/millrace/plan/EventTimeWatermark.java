package dev.millrace.plan;

import dev.millrace.config.Durations;
import dev.millrace.types.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code withWatermark(column, delay)}: declares {@code column} (a TIMESTAMP) as the event time of its input and
 * tracks the watermark {@code max(event time seen) - delay}. Rows pass through unchanged.
 */
public record EventTimeWatermark(long id, String column, Duration delay, LogicalPlan child) implements LogicalPlan {

  public EventTimeWatermark {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(child, "child");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("A watermark delay must not be negative, got " + delay);
    }
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String describe() {
    return "EventTimeWatermark " + column + ", " + Durations.format(delay);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new EventTimeWatermark(id, column, delay, Plans.one(children, "EventTimeWatermark").get(0));
  }
}
