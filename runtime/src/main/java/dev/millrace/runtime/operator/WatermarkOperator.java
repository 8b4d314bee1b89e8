package dev.millrace.runtime.operator;

/**
 * {@code withWatermark(column, delay)}: passes rows through unchanged and tracks the largest event time of the
 * batch, from which the engine derives the watermark of the next batch ({@code max - delay}). Rows are not dropped
 * here: stateful operators decide what is late, as in Spark.
 */
public final class WatermarkOperator extends Operator {

  private final int column;
  private final long delayMicros;
  private long maxEventTime = Long.MIN_VALUE;
  private long minEventTime = Long.MAX_VALUE;
  private long eventTimes;
  private double eventTimeMean;

  public WatermarkOperator(int column, long delayMicros) {
    this.column = column;
    this.delayMicros = delayMicros;
  }

  @Override
  protected void process(int input, Object[] row) {
    Object t = row[column];
    if (t != null) {
      long micros = (Long) t;
      if (micros > maxEventTime) {
        maxEventTime = micros;
      }
      if (micros < minEventTime) {
        minEventTime = micros;
      }
      // A running mean (as Spark's EventTimeStats), which cannot overflow as a sum of microseconds would.
      eventTimes++;
      eventTimeMean += (micros - eventTimeMean) / eventTimes;
    }
    emit(row);
  }

  /** The largest event time seen since {@link #resetMaxEventTime()}, or {@link Long#MIN_VALUE}. */
  public long maxEventTime() {
    return maxEventTime;
  }

  /** The smallest event time seen since {@link #resetMaxEventTime()}, or {@link Long#MAX_VALUE}. */
  public long minEventTime() {
    return minEventTime;
  }

  /** How many rows with an event time were seen since {@link #resetMaxEventTime()}. */
  public long eventTimeCount() {
    return eventTimes;
  }

  /** The mean event time seen since {@link #resetMaxEventTime()} (0 when none). */
  public double meanEventTime() {
    return eventTimeMean;
  }

  /** Forgets the event times seen (at the start of each batch). */
  public void resetMaxEventTime() {
    maxEventTime = Long.MIN_VALUE;
    minEventTime = Long.MAX_VALUE;
    eventTimes = 0;
    eventTimeMean = 0;
  }

  public long delayMicros() {
    return delayMicros;
  }

  @Override
  public String name() {
    return "EventTimeWatermark";
  }
}
