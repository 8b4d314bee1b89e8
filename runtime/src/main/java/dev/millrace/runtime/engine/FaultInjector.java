package dev.millrace.runtime.engine;

/**
 * Test hook called at each step of the commit protocol, so fault tests can make a batch fail at exactly that point
 * (by throwing). The default does nothing.
 */
@FunctionalInterface
public interface FaultInjector {

  /** The steps of a batch, in order. */
  enum Point {
    /** {@code offsets/N} is written; nothing else of the batch is. */
    AFTER_OFFSETS,
    /** Rows are written to the warehouse inside the batch's transaction, which is not committed yet. */
    DURING_WRITE,
    /** The batch's rows and commit marker are committed to the warehouse. */
    AFTER_WRITE,
    /** The state stores committed version N. */
    AFTER_STATE_COMMIT,
    /** Just before {@code commits/N} is written. */
    BEFORE_COMMIT
  }

  FaultInjector NONE = (table, batchId, point) -> {};

  void at(String table, long batchId, Point point);
}
