package dev.millrace.runtime.checkpoint;

import dev.millrace.errors.MillraceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A directory of entries numbered by batch id, one JSON file per entry ({@code offsets/0}, {@code offsets/1}, ...),
 * as Spark's {@code HDFSMetadataLog}. An entry is written once: to a temporary file, fsynced, then atomically renamed
 * into place (and the directory fsynced), so a crash leaves either the whole entry or none. Not thread-safe: one
 * writer per log, the query that owns it.
 *
 * @param <T> the entry type, a record that Jackson can write and read
 */
public final class MetadataLog<T> {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path dir;
  private final Class<T> type;

  public MetadataLog(Path dir, Class<T> type) {
    this.dir = dir;
    this.type = type;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes entry {@code batchId}.
   *
   * @return false (writing nothing) if the entry exists already
   */
  public boolean add(long batchId, T entry) {
    Path target = dir.resolve(Long.toString(batchId));
    if (Files.exists(target)) {
      return false;
    }
    writeAtomically(target, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
    return true;
  }

  /** Entry {@code batchId}, if written. */
  public Optional<T> get(long batchId) {
    Path file = dir.resolve(Long.toString(batchId));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), type));
    } catch (IOException | RuntimeException e) {
      throw new MillraceException("Cannot read checkpoint file " + file + ": " + e.getMessage() + ". The checkpoint "
          + "is damaged; run a full refresh of the table to rebuild it", e);
    }
  }

  /** The highest batch id with an entry. */
  public Optional<Long> latestId() {
    List<Long> ids = ids();
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
  }

  /** The entry with the highest batch id. */
  public Optional<T> latest() {
    return latestId().flatMap(this::get);
  }

  /** The batch ids with an entry, ascending. */
  public List<Long> ids() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    var ids = new ArrayList<Long>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        String name = f.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
          ids.add(Long.parseLong(name));
        }
      });
    } catch (IOException e) {
      throw new MillraceException("Cannot list checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
    ids.sort(null);
    return ids;
  }

  /** Deletes the entries with ids below {@code batchId}. */
  public void purgeBefore(long batchId) {
    for (long id : ids()) {
      if (id < batchId) {
        try {
          Files.deleteIfExists(dir.resolve(Long.toString(id)));
        } catch (IOException e) {
          throw new MillraceException("Cannot delete checkpoint file " + dir.resolve(Long.toString(id)) + ": "
              + e.getMessage(), e);
        }
      }
    }
  }

  /** Writes a file so that readers see all of it or none of it, even across a crash. */
  static void writeAtomically(Path target, byte[] content) {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(content));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // Some file systems cannot fsync a directory; the rename is still atomic.
      }
    } catch (IOException e) {
      throw new MillraceException("Cannot write checkpoint file " + target + ": " + e.getMessage(), e);
    }
  }
}
