package dev.millrace.runtime.checkpoint;

import dev.millrace.errors.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A table's checkpoint directory ({@code <storage>/checkpoints/<table>/}): {@code metadata}, {@code offsets/N},
 * {@code commits/N}, and later {@code state/}. Owned by the table's query; not thread-safe.
 */
public final class Checkpoint {

  private final Path dir;
  private final MetadataLog<OffsetEntry> offsets;
  private final MetadataLog<CommitEntry> commits;

  public Checkpoint(Path dir) {
    this.dir = dir;
    this.offsets = new MetadataLog<>(dir.resolve("offsets"), OffsetEntry.class);
    this.commits = new MetadataLog<>(dir.resolve("commits"), CommitEntry.class);
  }

  public Path dir() {
    return dir;
  }

  public MetadataLog<OffsetEntry> offsets() {
    return offsets;
  }

  public MetadataLog<CommitEntry> commits() {
    return commits;
  }

  /**
   * Reads the metadata, or writes it for a new checkpoint.
   *
   * @throws MillraceException if the checkpoint belongs to another table or a query of another shape, saying to
   *     run a full refresh
   */
  public CheckpointMetadata open(String table, String fingerprint) {
    Path file = dir.resolve("metadata");
    if (!Files.exists(file)) {
      var meta = new CheckpointMetadata(CheckpointMetadata.CURRENT_VERSION, table, UUID.randomUUID().toString(),
          fingerprint);
      MetadataLog.writeAtomically(file, MetadataLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
      return meta;
    }
    CheckpointMetadata meta;
    try {
      meta = MetadataLog.JSON.readValue(Files.readAllBytes(file), CheckpointMetadata.class);
    } catch (IOException | RuntimeException e) {
      throw new MillraceException("Cannot read the checkpoint metadata " + file + ": " + e.getMessage()
          + ". Run a full refresh of table '" + table + "' to rebuild it", e);
    }
    if (!meta.table().equals(table)) {
      throw new MillraceException("The checkpoint " + dir + " belongs to table '" + meta.table() + "', not '" + table
          + "'. Check pipeline.storage, or run a full refresh of '" + table + "'");
    }
    if (!meta.fingerprint().equals(fingerprint)) {
      throw new MillraceException("The query of table '" + table + "' changed in a way its checkpoint cannot follow:"
          + "\n  checkpoint: " + meta.fingerprint() + "\n  query now:  " + fingerprint + "\nRun a full refresh of the "
          + "table (./millrace run --full-refresh=" + table + ") to recompute it from its inputs");
    }
    return meta;
  }

  /** The last committed batch, if any. */
  public Optional<CommitEntry> lastCommit() {
    return commits.latest();
  }

  /** Deletes the whole checkpoint (full refresh). */
  public void delete() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new MillraceException("Cannot delete checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }
}
