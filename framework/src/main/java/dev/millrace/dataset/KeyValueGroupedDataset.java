package dev.millrace.dataset;

import dev.millrace.function.FlatMapGroupsWithStateFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.function.MapGroupsWithStateFunction;
import dev.millrace.plan.FlatMapGroupsWithState;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoder;
import java.util.Optional;

/**
 * Rows grouped by a key computed in Java, from {@link Dataset#groupByKey}, for arbitrary stateful processing per
 * key as Spark's {@code KeyValueGroupedDataset}.
 *
 * @param <K> the key type
 * @param <V> the type the functions see each row as ({@link dev.millrace.types.Row} unless an encoder was given)
 */
public final class KeyValueGroupedDataset<K, V> {

  private final LogicalPlan child;
  private final MapFunction<?, K> keyFunction;
  private final Encoder<K> keyEncoder;
  private final Optional<Encoder<?>> valueEncoder;

  KeyValueGroupedDataset(LogicalPlan child, MapFunction<?, K> keyFunction, Encoder<K> keyEncoder,
      Optional<Encoder<?>> valueEncoder) {
    this.child = child;
    this.keyFunction = keyFunction;
    this.keyEncoder = keyEncoder;
    this.valueEncoder = valueEncoder;
  }

  /**
   * Calls {@code fn} for each key with new rows (or on a timeout) and its state, producing one output row per call.
   * Only for tables in {@link OutputMode#UPDATE} mode, as in Spark.
   */
  public <S, U> Dataset mapGroupsWithState(MapGroupsWithStateFunction<K, V, S, U> fn, Encoder<S> stateEncoder,
      Encoder<U> outputEncoder, GroupStateTimeout timeout) {
    return new Dataset(new FlatMapGroupsWithState(Plans.nextId(), keyFunction, keyEncoder, valueEncoder, stateEncoder,
        outputEncoder, fn, true, OutputMode.UPDATE, timeout, child));
  }

  /**
   * Calls {@code fn} for each key with new rows (or on a timeout) and its state, producing any number of output
   * rows. {@code outputMode} must match the table's: in append mode the function must emit only final rows.
   */
  public <S, U> Dataset flatMapGroupsWithState(FlatMapGroupsWithStateFunction<K, V, S, U> fn, OutputMode outputMode,
      Encoder<S> stateEncoder, Encoder<U> outputEncoder, GroupStateTimeout timeout) {
    return new Dataset(new FlatMapGroupsWithState(Plans.nextId(), keyFunction, keyEncoder, valueEncoder, stateEncoder,
        outputEncoder, fn, false, outputMode, timeout, child));
  }
}
