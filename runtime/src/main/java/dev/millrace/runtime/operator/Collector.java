package dev.millrace.runtime.operator;

/** Receives the rows an operator emits. Called on the thread that runs the batch. */
@FunctionalInterface
public interface Collector {
  void collect(Object[] row);
}
