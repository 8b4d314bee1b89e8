package dev.millrace.runtime.operator;

/**
 * Assigns rows to event-time windows for {@code groupBy(window(time, size, slide, start))}: emits each row once
 * per window containing its event time, with a {@code STRUCT<start, end>} appended. Follows Spark's
 * {@code TimeWindowing} rule exactly: the latest window start is {@code t - ((t - start) mod slide)} (mod taken
 * toward negative infinity), then {@code ceil(size / slide)} windows going back by {@code slide}, keeping those with
 * {@code start <= t < end}; rows with a NULL event time fall in no window and are counted.
 */
public final class ExpandWindowsOperator extends Operator {

  private final Evaluator time;
  private final long size;
  private final long slide;
  private final long offset;
  private final int windows;
  private long nullTimes;

  /** All durations in microseconds. */
  public ExpandWindowsOperator(Evaluator time, long size, long slide, long offset) {
    this.time = time;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
    this.windows = (int) ((size + slide - 1) / slide);
  }

  @Override
  protected void process(int input, Object[] row) {
    Object t = time.eval(row);
    if (t == null) {
      nullTimes++;
      return;
    }
    long ts = (Long) t;
    long lastStart = ts - Math.floorMod(ts - offset, slide);
    for (int i = 0; i < windows; i++) {
      long start = lastStart - i * slide;
      long end = start + size;
      if (start <= ts && ts < end) {
        var out = new Object[row.length + 1];
        System.arraycopy(row, 0, out, 0, row.length);
        out[row.length] = new Object[] {start, end};
        emit(out);
      }
    }
  }

  /** Rows dropped because their event time was NULL. */
  public long nullEventTimes() {
    return nullTimes;
  }

  /** The rows dropped for a NULL event time since the last call. */
  public long takeNullEventTimes() {
    long n = nullTimes;
    nullTimes = 0;
    return n;
  }

  @Override
  public String name() {
    return "ExpandWindows";
  }
}
