package dev.millrace.runtime.operator;

import dev.millrace.errors.MillraceException;
import dev.millrace.function.FlatMapFunction;
import dev.millrace.function.MapFunction;
import dev.millrace.types.Encoder;
import dev.millrace.types.Row;
import dev.millrace.types.Schema;
import java.util.Iterator;
import java.util.Optional;

/**
 * Runs a user's {@code map}/{@code flatMap} function: converts each internal row to a {@link Row} (or, with an
 * input encoder, to its record), calls the function, and converts its result back with the output encoder. A
 * function that throws fails the batch with the function's exception as the cause.
 */
public final class MapOperator extends Operator {

  private final Schema inputSchema;
  private final Optional<Encoder<?>> inputEncoder;
  private final Object function;
  private final Encoder<?> outputEncoder;
  private final boolean flat;
  private final Schema outputSchema;

  public MapOperator(Schema inputSchema, Optional<Encoder<?>> inputEncoder, Object function, Encoder<?> outputEncoder,
      boolean flat) {
    this.inputSchema = inputSchema;
    this.inputEncoder = inputEncoder;
    this.function = function;
    this.outputEncoder = outputEncoder;
    this.flat = flat;
    this.outputSchema = outputEncoder.schema();
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void process(int input, Object[] row) {
    Row external = InternalValues.rowToExternal(inputSchema, row);
    Object value = inputEncoder.isPresent() ? inputEncoder.get().fromRow(external) : external;
    try {
      if (flat) {
        Iterator<Object> results = ((FlatMapFunction<Object, Object>) function).call(value);
        while (results != null && results.hasNext()) {
          emitResult(results.next());
        }
      } else {
        emitResult(((MapFunction<Object, Object>) function).call(value));
      }
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw new MillraceException("the " + (flat ? "flatMap" : "map") + " function failed on row " + external + ": "
          + e, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void emitResult(Object result) {
    if (result == null && outputEncoder.type().isRecord()) {
      throw new MillraceException("the " + (flat ? "flatMap" : "map") + " function returned null; return a "
          + outputEncoder.type().getSimpleName());
    }
    Row row = ((Encoder) outputEncoder).toRow(result);
    emit(InternalValues.rowToInternal(outputSchema, row));
  }

  @Override
  public String name() {
    return flat ? "FlatMap" : "Map";
  }
}
