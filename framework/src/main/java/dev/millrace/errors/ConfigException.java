package dev.millrace.errors;

import java.util.Optional;

/**
 * A pipeline configuration file that cannot be used: unreadable, malformed YAML, an unknown key, a wrong type, a bad
 * duration or size, or a table that the pipeline does not define. The message starts with {@code file:line:}.
 */
public class ConfigException extends MillraceException {

  private final String file;
  private final int line;

  /**
   * @param file the file's path as the user gave it, or a description such as {@code <string>}
   * @param line 1-based line number, or 0 when unknown
   */
  public ConfigException(String file, int line, String problem) {
    super(format(file, line, problem));
    this.file = file;
    this.line = line;
  }

  public ConfigException(String file, int line, String problem, Throwable cause) {
    super(format(file, line, problem), cause);
    this.file = file;
    this.line = line;
  }

  private static String format(String file, int line, String problem) {
    return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
  }

  public String file() {
    return file;
  }

  /** The 1-based line the problem is on, if known. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }
}
