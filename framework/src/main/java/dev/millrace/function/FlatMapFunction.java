package dev.millrace.function;

import java.util.Iterator;

/** A function that turns each element into zero or more, for {@code Dataset.flatMap}; same threading as {@link MapFunction}. */
@FunctionalInterface
public interface FlatMapFunction<T, U> {
  Iterator<U> call(T value) throws Exception;
}
