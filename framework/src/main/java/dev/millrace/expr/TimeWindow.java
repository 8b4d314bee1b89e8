package dev.millrace.expr;

import dev.millrace.types.DataType;
import dev.millrace.types.Field;
import dev.millrace.types.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code window(timeColumn, size[, slide[, startOffset]])}: the event-time windows a row falls into, as a
 * {@code STRUCT<start: TIMESTAMP, end: TIMESTAMP>} named {@code window}. Windows are {@code [start, end)},
 * aligned to the epoch plus {@code startOffset}; a tumbling window has {@code slide == size}, a sliding window puts
 * a row in each of the {@code size / slide} windows that contain it (Spark's {@code TimeWindow}).
 */
public record TimeWindow(Expression timeColumn, Duration size, Duration slide, Duration startOffset)
    implements Expression {

  /** The type of a window column, as in Spark. */
  public static final Schema WINDOW_TYPE =
      new Schema(List.of(new Field("start", DataType.TIMESTAMP, true), new Field("end", DataType.TIMESTAMP, true)));

  public TimeWindow {
    Objects.requireNonNull(timeColumn, "timeColumn");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(slide, "slide");
    Objects.requireNonNull(startOffset, "startOffset");
    if (size.isZero() || size.isNegative()) {
      throw new IllegalArgumentException("The window duration must be positive, got " + size);
    }
    if (slide.isZero() || slide.isNegative()) {
      throw new IllegalArgumentException("The slide duration must be positive, got " + slide);
    }
    if (slide.compareTo(size) > 0) {
      throw new IllegalArgumentException(
          "The slide duration (" + slide + ") must be less than or equal to the window duration (" + size + ")");
    }
    if (startOffset.abs().compareTo(slide) >= 0) {
      throw new IllegalArgumentException(
          "The absolute value of the start time (" + startOffset + ") must be less than the slide duration ("
              + slide + ")");
    }
  }

  /** Whether a row can fall into more than one window. */
  public boolean sliding() {
    return !slide.equals(size);
  }

  @Override
  public List<Expression> children() {
    return List.of(timeColumn);
  }

  @Override
  public DataType dataType() {
    return WINDOW_TYPE;
  }

  @Override
  public boolean nullable() {
    return timeColumn.nullable();
  }

  @Override
  public String sql() {
    var base = "window(" + timeColumn.sql() + ", " + dev.millrace.config.Durations.format(size);
    if (sliding() || !startOffset.isZero()) {
      base += ", " + dev.millrace.config.Durations.format(slide);
    }
    if (!startOffset.isZero()) {
      base += ", " + dev.millrace.config.Durations.format(startOffset);
    }
    return base + ")";
  }

  @Override
  public String defaultName() {
    return "window";
  }
}
