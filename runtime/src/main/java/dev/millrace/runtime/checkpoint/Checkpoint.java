package dev.millrace.runtime.checkpoint;

import dev.millrace.errors.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A table's checkpoint directory ({@code <storage>/checkpoints/<table>/}): {@code metadata}, {@code offsets/N},
 * {@code commits/N}, {@code sources/N} (what purged offsets said, {@link CompactedSources}) and {@code state/}.
 * Owned by the table's query; not thread-safe.
 */
public final class Checkpoint {

  /** Old entries are deleted when the committed batch id is a multiple of this. */
  public static final int PURGE_INTERVAL = 10;

  private final Path dir;
  private final MetadataLog<OffsetEntry> offsets;
  private final MetadataLog<CommitEntry> commits;
  private final MetadataLog<CompactedSources> sources;

  public Checkpoint(Path dir) {
    this.dir = dir;
    this.offsets = new MetadataLog<>(dir.resolve("offsets"), OffsetEntry.class);
    this.commits = new MetadataLog<>(dir.resolve("commits"), CommitEntry.class);
    this.sources = new MetadataLog<>(dir.resolve("sources"), CompactedSources.class);
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

  public MetadataLog<CompactedSources> sources() {
    return sources;
  }

  /**
   * What each input read before the batches the checkpoint still lists, then in each listed batch, in batch order:
   * the folded {@code sources/} entry, if any, then every {@code offsets/} entry after it. Per input, in plan order.
   */
  public List<List<OffsetEntry.SourceOffset>> sourceHistories(int inputs) {
    var histories = new ArrayList<List<OffsetEntry.SourceOffset>>();
    for (int i = 0; i < inputs; i++) {
      histories.add(new ArrayList<>());
    }
    Optional<CompactedSources> folded = sources.latest();
    long after = folded.map(CompactedSources::throughBatch).orElse(-1L);
    folded.ifPresent(f -> add(histories, f.sources()));
    for (long id : offsets.ids()) {
      if (id > after) {
        add(histories, offsets.get(id).orElseThrow().sources());
      }
    }
    return histories;
  }

  private static void add(List<List<OffsetEntry.SourceOffset>> histories, List<OffsetEntry.SourceOffset> entry) {
    if (entry.size() != histories.size()) {
      throw new MillraceException("A checkpoint entry lists " + entry.size() + " inputs, the query has "
          + histories.size() + "; run a full refresh of the table");
    }
    for (int i = 0; i < entry.size(); i++) {
      histories.get(i).add(entry.get(i));
    }
  }

  /**
   * After batch {@code lastCommitted} committed, keeps the {@code offsets/} and {@code commits/} entries of the last
   * {@code retain} batches and deletes the older ones, once every {@link #PURGE_INTERVAL} batches, as Spark purges
   * its logs below {@code minBatchesToRetain}. What the deleted offsets read is folded into {@code sources/} first,
   * so a crash anywhere in between leaves entries that recovery still reads as one history.
   *
   * @return the number of batches whose entries were deleted
   */
  public int purge(long lastCommitted, int retain) {
    long keepFrom = lastCommitted - retain + 1;
    if (keepFrom <= 0 || lastCommitted % PURGE_INTERVAL != 0) {
      return 0;
    }
    Optional<CompactedSources> folded = sources.latest();
    List<OffsetEntry.SourceOffset> merged = folded.map(CompactedSources::sources).orElse(null);
    long foldedThrough = folded.map(CompactedSources::throughBatch).orElse(-1L);
    long through = foldedThrough;
    int purged = 0;
    for (long id : offsets.ids()) {
      if (id >= keepFrom) {
        break;
      }
      purged++;
      if (id > through) {
        List<OffsetEntry.SourceOffset> entry = offsets.get(id).orElseThrow().sources();
        merged = merged == null ? entry : CompactedSources.fold(merged, entry);
        through = id;
      }
    }
    if (through > foldedThrough) {
      sources.add(through, new CompactedSources(through, merged));
    }
    offsets.purgeBefore(keepFrom);
    commits.purgeBefore(keepFrom);
    sources.purgeBefore(through);
    return purged;
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
