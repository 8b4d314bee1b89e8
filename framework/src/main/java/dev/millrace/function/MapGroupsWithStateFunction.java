package dev.millrace.function;

import dev.millrace.streaming.GroupState;
import java.util.Iterator;

/**
 * Called once per key with new rows (or on a timeout, with none) and the key's state; returns exactly one output.
 * Spark's {@code MapGroupsWithStateFunction}.
 */
@FunctionalInterface
public interface MapGroupsWithStateFunction<K, V, S, U> {
  U call(K key, Iterator<V> values, GroupState<S> state) throws Exception;
}
