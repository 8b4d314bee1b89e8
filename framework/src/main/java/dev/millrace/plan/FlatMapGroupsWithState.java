package dev.millrace.plan;

import dev.millrace.function.FlatMapGroupsWithStateFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.function.MapGroupsWithStateFunction;
import dev.millrace.streaming.GroupStateTimeout;
import dev.millrace.streaming.OutputMode;
import dev.millrace.types.Encoder;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code groupByKey(keyFunction).mapGroupsWithState(...)} or {@code .flatMapGroupsWithState(...)}: a user function
 * per key with state kept across batches, as in Spark.
 *
 * @param valueEncoder converts input rows for the functions (absent: they take {@link dev.millrace.types.Row})
 * @param function a {@link MapGroupsWithStateFunction} when {@code mapGroups}, else a
 *     {@link FlatMapGroupsWithStateFunction}
 * @param outputMode for flatMapGroupsWithState, the mode the function's output is meant for; mapGroupsWithState
 *     is {@link OutputMode#UPDATE}
 */
public record FlatMapGroupsWithState(long id, MapFunction<?, ?> keyFunction, Encoder<?> keyEncoder,
    Optional<Encoder<?>> valueEncoder, Encoder<?> stateEncoder, Encoder<?> outputEncoder, Object function,
    boolean mapGroups, OutputMode outputMode, GroupStateTimeout timeout, LogicalPlan child) implements LogicalPlan {

  public FlatMapGroupsWithState {
    Objects.requireNonNull(keyFunction, "keyFunction");
    Objects.requireNonNull(keyEncoder, "keyEncoder");
    Objects.requireNonNull(valueEncoder, "valueEncoder");
    Objects.requireNonNull(stateEncoder, "stateEncoder");
    Objects.requireNonNull(outputEncoder, "outputEncoder");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(outputMode, "outputMode");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(child, "child");
    if (mapGroups ? !(function instanceof MapGroupsWithStateFunction)
        : !(function instanceof FlatMapGroupsWithStateFunction)) {
      throw new IllegalArgumentException("FlatMapGroupsWithState needs a "
          + (mapGroups ? "MapGroupsWithStateFunction" : "FlatMapGroupsWithStateFunction"));
    }
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public Schema schema() {
    return outputEncoder.schema();
  }

  @Override
  public String describe() {
    return (mapGroups ? "MapGroupsWithState" : "FlatMapGroupsWithState") + " key " + keyEncoder.type().getSimpleName()
        + ", state " + stateEncoder.type().getSimpleName() + ", " + timeout + ", "
        + outputMode.name().toLowerCase(java.util.Locale.ROOT) + " -> (" + outputEncoder.schema().toDdl() + ")";
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new FlatMapGroupsWithState(id, keyFunction, keyEncoder, valueEncoder, stateEncoder, outputEncoder, function,
        mapGroups, outputMode, timeout, Plans.one(children, "FlatMapGroupsWithState").get(0));
  }
}
