package dev.millrace.runtime.operator;

/**
 * A compiled expression: computes one value from an input row. Built once per query by {@link ExpressionCompiler},
 * then called for every row, so it does no lookups by name and no reflection. Values are internal
 * ({@link InternalValues}); {@code null} is SQL NULL. Stateless and thread-safe unless it reads the batch clock.
 */
@FunctionalInterface
public interface Evaluator {
  Object eval(Object[] row);
}
