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
    }
    emit(row);
  }

  /** The largest event time seen since {@link #resetMaxEventTime()}, or {@link Long#MIN_VALUE}. */
  public long maxEventTime() {
    return maxEventTime;
  }

  public void resetMaxEventTime() {
    maxEventTime = Long.MIN_VALUE;
  }

  public long delayMicros() {
    return delayMicros;
  }

  @Override
  public String name() {
    return "EventTimeWatermark";
  }
}
