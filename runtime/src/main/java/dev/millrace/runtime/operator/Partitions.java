package dev.millrace.runtime.operator;

import dev.millrace.errors.MillraceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * Runs a stateful operator's partitions, in parallel ({@link #run}) or one after another on the calling thread
 * ({@link #runInOrder}). In parallel, it waits for every partition, even when one fails, so no partition is still
 * using its state store when the batch is aborted; the first failure is rethrown with the others suppressed.
 */
final class Partitions {

  /**
   * The threads partitions run on: one per processor, shared by every table. (The common fork-join pool has one
   * thread fewer than there are processors, a single thread on a 2-core machine, so partitions ran one at a time.)
   */
  private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "millrace-partition");
        t.setDaemon(true);
        return t;
      });

  private Partitions() {}

  /** Runs the partitions one after another on the calling thread; a failure stops at its partition. */
  static List<Object[]>[] runInOrder(int partitions, IntFunction<List<Object[]>> work) {
    @SuppressWarnings("unchecked")
    List<Object[]>[] outputs = new List[partitions];
    for (int p = 0; p < partitions; p++) {
      outputs[p] = work.apply(p);
    }
    return outputs;
  }

  static List<Object[]>[] run(int partitions, IntFunction<List<Object[]>> work) {
    var futures = new ArrayList<CompletableFuture<List<Object[]>>>(partitions);
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      futures.add(CompletableFuture.supplyAsync(() -> work.apply(partition), POOL));
    }
    @SuppressWarnings("unchecked")
    List<Object[]>[] outputs = new List[partitions];
    RuntimeException failure = null;
    for (int p = 0; p < partitions; p++) {
      try {
        outputs[p] = futures.get(p).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (failure == null) {
          failure = cause instanceof RuntimeException r ? r
              : new MillraceException("Partition " + p + " failed: " + cause, cause);
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return outputs;
  }
}
