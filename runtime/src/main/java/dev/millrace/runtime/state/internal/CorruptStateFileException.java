package dev.millrace.runtime.state.internal;

import java.io.IOException;
import java.nio.file.Path;

/** A state file is truncated (torn write) or damaged. */
public final class CorruptStateFileException extends IOException {

  public CorruptStateFileException(Path file, String problem) {
    super("State file " + file + " is damaged or incomplete (" + problem + ")");
  }
}
