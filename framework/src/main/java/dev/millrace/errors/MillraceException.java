package dev.millrace.errors;

/**
 * The root of every error Millrace reports. Unchecked; each subclass carries the context a user needs (table,
 * file and line, batch) and its message says what to do.
 */
public class MillraceException extends RuntimeException {

  public MillraceException(String message) {
    super(message);
  }

  public MillraceException(String message, Throwable cause) {
    super(message, cause);
  }
}
