package dev.millrace.function;

/**
 * A function applied to each element by {@code Dataset.map}, as Spark's Java {@code MapFunction}. It is called on
 * the engine's threads, possibly concurrently for different partitions, so it must not keep mutable state.
 */
@FunctionalInterface
public interface MapFunction<T, U> {
  U call(T value) throws Exception;
}
