package dev.millrace.runtime.operator;

import dev.millrace.config.Durations;
import dev.millrace.streaming.GroupState;
import dev.millrace.streaming.GroupStateTimeout;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The {@link GroupState} handed to one call of a {@code [flat]mapGroupsWithState} function, with Spark's rules:
 * the timeout is cleared by each call unless the call sets it again; a processing-time timeout is a duration after
 * the batch timestamp; an event-time timeout must not be before the watermark. Valid for one call; not thread-safe.
 */
final class GroupStateImpl<S> implements GroupState<S> {

  static final long NO_TIMESTAMP = -1;

  private final GroupStateTimeout timeout;
  private final boolean timedOut;
  private final long batchTimestampMs;
  private final long watermarkMs;
  private S value;
  private boolean removed;
  private boolean updated;
  private long timeoutTimestampMs = NO_TIMESTAMP;

  GroupStateImpl(S existing, GroupStateTimeout timeout, boolean timedOut, long batchTimestampMs, long watermarkMs) {
    this.value = existing;
    this.timeout = timeout;
    this.timedOut = timedOut;
    this.batchTimestampMs = batchTimestampMs;
    this.watermarkMs = watermarkMs;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public S get() {
    if (value == null) {
      throw new NoSuchElementException("The state does not exist; check exists() or use getOption()");
    }
    return value;
  }

  @Override
  public Optional<S> getOption() {
    return Optional.ofNullable(value);
  }

  @Override
  public void update(S newState) {
    if (newState == null) {
      throw new IllegalArgumentException("update(null) is not allowed; use remove() to remove the state");
    }
    value = newState;
    updated = true;
    removed = false;
  }

  @Override
  public void remove() {
    value = null;
    removed = true;
    timeoutTimestampMs = NO_TIMESTAMP;
  }

  @Override
  public boolean hasTimedOut() {
    return timedOut;
  }

  @Override
  public void setTimeoutDuration(Duration duration) {
    if (timeout != GroupStateTimeout.PROCESSING_TIME_TIMEOUT) {
      throw new UnsupportedOperationException("setTimeoutDuration needs ProcessingTimeTimeout; this query uses "
          + timeout);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("The timeout duration must be positive, got " + duration);
    }
    timeoutTimestampMs = batchTimestampMs + duration.toMillis();
  }

  @Override
  public void setTimeoutDuration(String duration) {
    setTimeoutDuration(Durations.parse(duration));
  }

  @Override
  public void setTimeoutTimestamp(long timestampMs) {
    if (timeout != GroupStateTimeout.EVENT_TIME_TIMEOUT) {
      throw new UnsupportedOperationException("setTimeoutTimestamp needs EventTimeTimeout; this query uses "
          + timeout);
    }
    if (watermarkMs != Long.MIN_VALUE && timestampMs < watermarkMs) {
      throw new IllegalArgumentException("The timeout timestamp " + timestampMs + " is before the watermark "
          + watermarkMs + "; it would never fire in order");
    }
    timeoutTimestampMs = timestampMs;
  }

  @Override
  public long getCurrentWatermarkMs() {
    if (timeout != GroupStateTimeout.EVENT_TIME_TIMEOUT && watermarkMs == Long.MIN_VALUE) {
      throw new UnsupportedOperationException("There is no watermark: add withWatermark(...) before groupByKey");
    }
    return watermarkMs == Long.MIN_VALUE ? 0 : watermarkMs;
  }

  @Override
  public long getCurrentProcessingTimeMs() {
    return batchTimestampMs;
  }

  S value() {
    return value;
  }

  boolean removed() {
    return removed;
  }

  boolean updated() {
    return updated;
  }

  long timeoutTimestampMs() {
    return timeoutTimestampMs;
  }

  @Override
  public String toString() {
    return "GroupState(" + (value == null ? "<none>" : value) + (timeoutTimestampMs == NO_TIMESTAMP ? ""
        : ", timeout at " + timeoutTimestampMs) + ")";
  }
}
