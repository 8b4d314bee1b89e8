package dev.millrace.runtime.state;

import dev.millrace.errors.MillraceException;
import java.nio.file.Path;

/**
 * A state store could not load, commit or open its directory. The message names the directory (which names the
 * table, operator and partition) and says what to do; callers add the table name where they know it.
 */
public class StateStoreException extends MillraceException {

  private final Path directory;

  public StateStoreException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  public StateStoreException(Path directory, String message, Throwable cause) {
    super(message, cause);
    this.directory = directory;
  }

  /** The partition's state directory. */
  public Path directory() {
    return directory;
  }
}
