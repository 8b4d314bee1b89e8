package dev.millrace.runtime.planner;

import dev.millrace.errors.MillraceException;

/**
 * A valid query that this version of the engine cannot run yet (the operation is planned but not built). A run
 * reports such tables as not supported, runs everything else, and skips the tables that read them.
 */
public class NotSupportedException extends MillraceException {

  public NotSupportedException(String message) {
    super(message);
  }
}
