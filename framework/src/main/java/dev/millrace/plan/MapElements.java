package dev.millrace.plan;

import dev.millrace.function.FlatMapFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.types.Encoder;
import dev.millrace.types.Schema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code map}/{@code flatMap}: a user function per row. The input is converted with {@code inputEncoder} (absent:
 * the function takes {@link dev.millrace.types.Row}), the output with {@code outputEncoder}, whose schema is the
 * node's schema.
 *
 * @param function a {@link MapFunction} when {@code flat} is false, a {@link FlatMapFunction} otherwise
 */
public record MapElements(long id, Optional<Encoder<?>> inputEncoder, Object function, Encoder<?> outputEncoder,
    boolean flat, LogicalPlan child) implements LogicalPlan {

  public MapElements {
    Objects.requireNonNull(inputEncoder, "inputEncoder");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(outputEncoder, "outputEncoder");
    Objects.requireNonNull(child, "child");
    if (flat ? !(function instanceof FlatMapFunction) : !(function instanceof MapFunction)) {
      throw new IllegalArgumentException("MapElements needs a " + (flat ? "FlatMapFunction" : "MapFunction"));
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
    return (flat ? "FlatMap" : "Map") + " " + inputEncoder.map(e -> e.type().getSimpleName()).orElse("Row")
        + " -> " + outputEncoder.type().getSimpleName() + " (" + outputEncoder.schema().toDdl() + ")";
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new MapElements(id, inputEncoder, function, outputEncoder, flat, Plans.one(children, "MapElements").get(0));
  }
}
