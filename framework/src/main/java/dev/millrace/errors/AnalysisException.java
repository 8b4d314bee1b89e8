package dev.millrace.errors;

/**
 * A query that does not make sense against its input schema: an unknown column, a type mismatch, an aggregate
 * where none is allowed. Thrown while the pipeline graph is analyzed; the graph builder adds the table and method.
 */
public class AnalysisException extends MillraceException {

  public AnalysisException(String message) {
    super(message);
  }
}
