package dev.millrace.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the pipeline runs its micro-batches (YAML {@code pipeline.trigger}).
 *
 * @param mode the trigger mode; non-null
 * @param interval for {@link TriggerMode#PROCESSING_TIME}, the batch interval (required, may be zero: as fast as
 *     possible); for {@link TriggerMode#CONTINUOUS}, an optional pause between batches; {@code null} for the others.
 *     Never negative.
 */
public record Trigger(TriggerMode mode, Duration interval) {

  public Trigger {
    Objects.requireNonNull(mode, "mode");
    if (interval != null && interval.isNegative()) {
      throw new IllegalArgumentException("a trigger interval must not be negative: " + interval);
    }
    if (mode == TriggerMode.PROCESSING_TIME && interval == null) {
      throw new IllegalArgumentException("a processing-time trigger needs an interval");
    }
    if ((mode == TriggerMode.AVAILABLE_NOW || mode == TriggerMode.ONCE) && interval != null) {
      throw new IllegalArgumentException("a " + mode + " trigger takes no interval");
    }
  }

  public static Trigger availableNow() {
    return new Trigger(TriggerMode.AVAILABLE_NOW, null);
  }

  public static Trigger once() {
    return new Trigger(TriggerMode.ONCE, null);
  }

  public static Trigger processingTime(Duration interval) {
    return new Trigger(TriggerMode.PROCESSING_TIME, Objects.requireNonNull(interval, "interval"));
  }

  public static Trigger continuous() {
    return new Trigger(TriggerMode.CONTINUOUS, null);
  }

  /** The interval, if this trigger has one. */
  public Optional<Duration> intervalIfSet() {
    return Optional.ofNullable(interval);
  }

  /** Whether the run stops by itself once the available input is processed. */
  public boolean terminates() {
    return mode == TriggerMode.AVAILABLE_NOW || mode == TriggerMode.ONCE;
  }
}
