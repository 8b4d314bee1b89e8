package dev.millrace.runtime.engine;

/** Counts of one batch of one table, filled while it runs. Not thread-safe. */
public final class BatchCounters {
  public long rowsIn;
  public long malformedKept;
  public long malformedDropped;
  public long filesRead;
  public long lateRows;
  public long duplicates;
}
