package dev.millrace.function;

import dev.millrace.streaming.GroupState;
import java.util.Iterator;

/**
 * Called once per key with new rows (or on a timeout, with none) and the key's state; returns any number of
 * outputs. Spark's {@code FlatMapGroupsWithStateFunction}.
 */
@FunctionalInterface
public interface FlatMapGroupsWithStateFunction<K, V, S, U> {
  Iterator<U> call(K key, Iterator<V> values, GroupState<S> state) throws Exception;
}
