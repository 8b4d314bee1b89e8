package dev.millrace.runtime.source;

import java.util.Objects;

/**
 * A file of a file source's directory, named by its file name (not a path: the directory is the source's), with
 * its size in bytes when it was listed. Batch offsets record these names, so a replayed batch reads the same files.
 *
 * @param name the file name inside the source directory, without any directory part
 * @param size the size in bytes at listing time
 */
public record SourceFile(String name, long size) {

  public SourceFile {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("A source file name must be a plain file name, got '" + name + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("A file size must not be negative, got " + size + " for " + name);
    }
  }
}
