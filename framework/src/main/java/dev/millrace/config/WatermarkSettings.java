package dev.millrace.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A table's event-time watermark: {@code withWatermark(column, delay)} on each streaming input that has the column.
 *
 * <p>Partial, like {@link TableSettings}: either component may be {@code null} (unset), so a YAML entry can change
 * only the delay of an annotation's watermark. In a {@link ResolvedTableSettings} both are set.
 *
 * @param column the event-time column, or {@code null} if unset; never blank
 * @param delay how late a row may arrive, or {@code null} if unset; never negative
 */
public record WatermarkSettings(String column, Duration delay) {

  public WatermarkSettings {
    if (column != null && column.isBlank()) {
      throw new IllegalArgumentException("a watermark column must not be blank");
    }
    if (delay != null && delay.isNegative()) {
      throw new IllegalArgumentException("a watermark delay must not be negative: " + delay);
    }
  }

  /** A complete watermark; both arguments non-null. */
  public static WatermarkSettings of(String column, Duration delay) {
    return new WatermarkSettings(
        Objects.requireNonNull(column, "column"), Objects.requireNonNull(delay, "delay"));
  }

  /** Whether both column and delay are set. */
  public boolean isComplete() {
    return column != null && delay != null;
  }

  /** These settings with every component that {@code higher} sets replaced by its value. */
  public WatermarkSettings overriddenBy(WatermarkSettings higher) {
    if (higher == null) {
      return this;
    }
    return new WatermarkSettings(
        higher.column != null ? higher.column : column, higher.delay != null ? higher.delay : delay);
  }
}
