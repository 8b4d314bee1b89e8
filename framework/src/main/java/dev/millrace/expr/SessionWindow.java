package dev.millrace.expr;

import dev.millrace.config.Durations;
import dev.millrace.types.DataType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code session_window(timeColumn, gap)}: a session window per key that starts at a row's event time, extends to
 * event time + gap, and merges with every session it overlaps (Spark's {@code SessionWindow}). Its column is a
 * {@code STRUCT<start, end>} named {@code session_window}.
 */
public record SessionWindow(Expression timeColumn, Duration gap) implements Expression {

  public SessionWindow {
    Objects.requireNonNull(timeColumn, "timeColumn");
    Objects.requireNonNull(gap, "gap");
    if (gap.isZero() || gap.isNegative()) {
      throw new IllegalArgumentException("The session gap must be positive, got " + gap);
    }
  }

  @Override
  public List<Expression> children() {
    return List.of(timeColumn);
  }

  @Override
  public DataType dataType() {
    return TimeWindow.WINDOW_TYPE;
  }

  @Override
  public boolean nullable() {
    return timeColumn.nullable();
  }

  @Override
  public String sql() {
    return "session_window(" + timeColumn.sql() + ", " + Durations.format(gap) + ")";
  }

  @Override
  public String defaultName() {
    return "session_window";
  }
}
