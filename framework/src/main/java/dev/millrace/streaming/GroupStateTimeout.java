package dev.millrace.streaming;

/** When the keys of a {@code [flat]mapGroupsWithState} time out; Spark's {@code GroupStateTimeout}. */
public enum GroupStateTimeout {
  NO_TIMEOUT, PROCESSING_TIME_TIMEOUT, EVENT_TIME_TIMEOUT;

  /** Spark's spelling of {@link #NO_TIMEOUT}. */
  public static GroupStateTimeout NoTimeout() {
    return NO_TIMEOUT;
  }

  /** Spark's spelling of {@link #PROCESSING_TIME_TIMEOUT}. */
  public static GroupStateTimeout ProcessingTimeTimeout() {
    return PROCESSING_TIME_TIMEOUT;
  }

  /** Spark's spelling of {@link #EVENT_TIME_TIMEOUT}. */
  public static GroupStateTimeout EventTimeTimeout() {
    return EVENT_TIME_TIMEOUT;
  }
}
