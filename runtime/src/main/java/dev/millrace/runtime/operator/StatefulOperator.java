package dev.millrace.runtime.operator;

import dev.millrace.runtime.state.StateStore;

/**
 * An operator that keeps state across batches. It declares its state (a name, a number of partitions and the
 * shape of its keys and values); the runtime owns the stores: it loads one per partition at the batch's version
 * before the batch, hands them over with {@link #beginBatch}, and commits or aborts them after the batch's output
 * is written. The operator never opens, commits or closes a store.
 */
public interface StatefulOperator {

  /** A name unique within the query and stable across runs, e.g. {@code aggregate-0}; the state directory's name. */
  String stateName();

  /** How many partitions the state is split into (by key hash); fixed for the life of the checkpoint. */
  int partitions();

  /** The key and value types of the state, for the checkpoint fingerprint (an incompatible change is refused). */
  String stateShape();

  /**
   * Before the batch's first row: the stores, one per partition (index = partition), loaded at the batch's
   * version, and the batch's two watermarks, as Spark's {@code WatermarkPropagator} gives them:
   * {@code lateWatermark}, the previous batch's, decides which input rows are late; {@code evictionWatermark}, this
   * batch's, decides what is emitted and forgotten ({@link Long#MIN_VALUE}: no watermark).
   */
  void beginBatch(StateStore[] stores, long lateWatermark, long evictionWatermark);

  /** Rows dropped in the current batch because they were late for the watermark (or had no event time). */
  default long lateRowsDropped() {
    return 0;
  }

  /** Rows dropped in the current batch as duplicates. */
  default long duplicatesDropped() {
    return 0;
  }

  /** Whether a batch without input could emit or evict something once the watermark moved (a no-data batch). */
  default boolean usesWatermark() {
    return false;
  }

  /**
   * The earliest batch timestamp, in microseconds, from which a batch without input would emit or change something
   * because a processing-time timer is due (a {@code ProcessingTimeTimeout} of {@code [flat]mapGroupsWithState});
   * {@link Long#MAX_VALUE} when no timer is set. Read by the engine after a batch's {@link Operator#endOfBatch()}
   * and recorded in {@code commits/N}, so a restarted query knows it too.
   */
  default long processingTimeDueMicros() {
    return Long.MAX_VALUE;
  }
}
