package dev.millrace.runtime.operator;

import dev.millrace.runtime.state.StateStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What the stateful operators share: rows are queued by key hash into {@code partitions} partitions while a batch
 * arrives, then each partition is processed against its own state store at the end of the batch (in parallel,
 * unless {@link #runsPartitionsInParallel()} says otherwise), and the partitions' outputs are emitted in partition
 * order. Subclasses decide what a queued entry holds and what a partition does with its entries; they never open,
 * commit or close a store.
 *
 * @param <E> what is queued per input row
 */
abstract class PartitionedStatefulOperator<E> extends Operator implements StatefulOperator {

  private final String stateName;
  protected final int partitions;
  private final List<List<E>> pending = new ArrayList<>();
  private StateStore[] stores;
  /** The watermark that decides what this batch emits and evicts ({@link Long#MIN_VALUE}: none). */
  protected long watermark = Long.MIN_VALUE;
  /** The watermark that decides which input rows are late: the previous batch's. */
  protected long lateWatermark = Long.MIN_VALUE;

  PartitionedStatefulOperator(String stateName, int partitions) {
    this.stateName = stateName;
    this.partitions = partitions;
    for (int p = 0; p < partitions; p++) {
      pending.add(new ArrayList<>());
    }
  }

  @Override
  public final String stateName() {
    return stateName;
  }

  @Override
  public final int partitions() {
    return partitions;
  }

  @Override
  public final void beginBatch(StateStore[] stores, long lateWatermark, long evictionWatermark) {
    this.stores = stores.clone();
    this.lateWatermark = lateWatermark;
    this.watermark = evictionWatermark;
    pending.forEach(List::clear); // nothing of a failed earlier attempt is carried into this batch
    onBeginBatch();
  }

  /** Resets per-batch counters. */
  protected void onBeginBatch() {}

  /** Queues an input row's entry in the partition of its key. */
  protected final void enqueue(Object[] key, E entry) {
    enqueue(Values.hash(key), entry);
  }

  /** Queues an entry whose key hashes to {@code hash} ({@link Values#hash}), when it was computed already. */
  protected final void enqueue(int hash, E entry) {
    pending.get(Math.floorMod(hash, partitions)).add(entry);
  }

  /**
   * Whether the partitions may be processed in parallel, on other threads than the engine's. True for the
   * operators that run only Millrace's own code; false for those that call user functions, which then run one
   * partition after another on the table's thread (with the application's context class loader), never
   * concurrently.
   */
  protected boolean runsPartitionsInParallel() {
    return true;
  }

  @Override
  public final void endOfBatch() {
    java.util.function.IntFunction<List<Object[]>> work = p -> {
      List<E> entries = pending.get(p);
      try {
        return runPartition(p, stores[p], entries);
      } finally {
        entries.clear();
      }
    };
    List<Object[]>[] outputs = runsPartitionsInParallel() ? Partitions.run(partitions, work)
        : Partitions.runInOrder(partitions, work);
    for (List<Object[]> out : outputs) {
      for (Object[] row : out) {
        emit(row);
      }
    }
  }

  /** Processes one partition's entries, in arrival order, against its store; returns its output rows. */
  protected abstract List<Object[]> runPartition(int partition, StateStore store, List<E> entries);

  @Override
  public void close() {
    pending.forEach(List::clear);
    stores = null;
  }

  /** A one-byte tag before a key, to keep several kinds of entries apart in one store. */
  static byte[] tag(byte tag, byte[] bytes) {
    var out = new byte[bytes.length + 1];
    out[0] = tag;
    System.arraycopy(bytes, 0, out, 1, bytes.length);
    return out;
  }
}
