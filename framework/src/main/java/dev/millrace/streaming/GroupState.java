package dev.millrace.streaming;

import java.time.Duration;
import java.util.Optional;

/**
 * The state of one key in {@code mapGroupsWithState}/{@code flatMapGroupsWithState}, as Spark's {@code GroupState}.
 * Valid only during the call it is passed to; not thread-safe.
 */
public interface GroupState<S> {

  /** Whether the key has state. */
  boolean exists();

  /** The state; throws {@link java.util.NoSuchElementException} when there is none. */
  S get();

  Optional<S> getOption();

  /** Replaces the state; {@code newState} must not be null (use {@link #remove()}). */
  void update(S newState);

  /** Removes the state (and any timeout) of this key. */
  void remove();

  /** Whether this call is for a timeout rather than new rows. */
  boolean hasTimedOut();

  /** With a processing-time timeout: time the key out if no rows arrive for {@code duration} of batch time. */
  void setTimeoutDuration(Duration duration);

  /** {@link #setTimeoutDuration(Duration)} with a duration string such as {@code "10 minutes"}. */
  void setTimeoutDuration(String duration);

  /** With an event-time timeout: time the key out once the watermark passes {@code timestampMs}. */
  void setTimeoutTimestamp(long timestampMs);

  /** The event-time watermark of the current batch, in epoch milliseconds. */
  long getCurrentWatermarkMs();

  /** The batch timestamp (recorded in the checkpoint, so a replay sees the same), in epoch milliseconds. */
  long getCurrentProcessingTimeMs();
}
