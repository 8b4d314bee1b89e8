package dev.millrace.runtime.source;

/**
 * A value that does not fit its column: the parsers catch it and make the record malformed. Internal control flow
 * on the (rare) malformed path, hence no stack trace.
 */
final class MalformedValueException extends RuntimeException {

  MalformedValueException(String reason) {
    super(reason, null, false, false);
  }
}
