package dev.millrace.runtime.state.internal;

import dev.millrace.runtime.state.StateStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint files of one operator partition's state and the rules that tie versions to them:
 * <pre>
 * &lt;dir&gt;/provider                 the provider that wrote the state ("rocksdb" or "memory")
 * &lt;dir&gt;/changelog/&lt;v&gt;           the puts and deletes of the batch that made version v (v &gt;= 1)
 * &lt;dir&gt;/snapshots/&lt;v&gt;/metadata   a full snapshot of version v (v a multiple of snapshot-interval)...
 * &lt;dir&gt;/snapshots/&lt;v&gt;/data       ...its data: a sorted dump (memory) or a RocksDB checkpoint directory
 * &lt;dir&gt;/db/                      the RocksDB working instance (not a checkpoint file; rebuilt on load)
 * </pre>
 * Every file is written under a {@code .tmp-} name, fsynced and atomically renamed, and the directory fsynced; leftover
 * temporary files of a crash are deleted on open. Not thread-safe (one per provider).
 */
public final class StateFiles {

  private static final Logger log = LoggerFactory.getLogger(StateFiles.class);
  private static final String TMP = ".tmp-";

  private final Path dir;
  private final Path changelogDir;
  private final Path snapshotDir;
  private TreeSet<Long> knownChangelogs; // see knownChangelogs()
  private TreeSet<Long> knownSnapshots;

  private StateFiles(Path dir) {
    this.dir = dir;
    this.changelogDir = dir.resolve("changelog");
    this.snapshotDir = dir.resolve("snapshots");
  }

  /**
   * Opens (creating) the state directory of a provider named {@code provider}, records the provider on first use
   * and refuses a directory written by another provider.
   */
  public static StateFiles open(Path dir, String provider) {
    var files = new StateFiles(dir.toAbsolutePath().normalize());
    try {
      Files.createDirectories(files.changelogDir);
      Files.createDirectories(files.snapshotDir);
      files.checkProvider(provider);
      files.deleteTemporaries();
    } catch (IOException e) {
      throw new StateStoreException(files.dir, "Cannot open the state directory " + files.dir + ": " + e, e);
    }
    return files;
  }

  private void checkProvider(String provider) throws IOException {
    Path marker = dir.resolve("provider");
    if (Files.exists(marker)) {
      String written = Files.readString(marker, StandardCharsets.UTF_8).strip();
      if (!written.equals(provider)) {
        throw new StateStoreException(dir, "The state in " + dir + " was written by the " + written
            + " state store, but the table's state-store provider is now " + provider + ". The provider of existing "
            + "state cannot be changed: run a full refresh of the table to rebuild its state with " + provider
            + ", or set the provider back to " + written + ".");
      }
      return;
    }
    writeAtomically(marker, (provider + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private void deleteTemporaries() throws IOException {
    for (Path parent : new Path[] {changelogDir, snapshotDir}) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, TMP + "*")) {
        for (Path entry : entries) {
          log.info("[state {}] Deleting the incomplete file {} left by an interrupted commit", dir, entry);
          deleteRecursively(entry);
        }
      }
    }
    // A snapshot is published complete, metadata included, so one without metadata is what an interrupted
    // deleteSnapshot left (it deletes the metadata first); it is no longer a snapshot and nothing else would delete it.
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshotDir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(TMP) && Files.isDirectory(entry) && !Files.exists(entry.resolve("metadata"))) {
          log.info("[state {}] Deleting the rest of the snapshot {}, whose deletion was interrupted", dir, entry);
          deleteRecursively(entry);
        }
      }
    }
  }

  /**
   * Deletes a snapshot's directory, its metadata first: a crash in the middle leaves a directory that is no longer a
   * snapshot (never a snapshot with part of its data), and the next open deletes the rest.
   */
  private void deleteSnapshot(Path snapshot) throws IOException {
    Files.deleteIfExists(snapshot.resolve("metadata"));
    deleteRecursively(snapshot);
  }

  public Path directory() {
    return dir;
  }

  public Path changelog(long version) {
    return changelogDir.resolve(Long.toString(version));
  }

  public Path snapshot(long version) {
    return snapshotDir.resolve(Long.toString(version));
  }

  /** The data of a snapshot: a file or directory the provider wrote. */
  public static Path snapshotData(Path snapshot) {
    return snapshot.resolve("data");
  }

  /**
   * The versions with a changelog, ascending, as the directory lists them now (which also refreshes the versions
   * the commit path works from).
   */
  public TreeSet<Long> changelogVersions() {
    knownChangelogs = versionsIn(changelogDir, false);
    return new TreeSet<>(knownChangelogs);
  }

  /** The versions with a complete snapshot, ascending, as the directory lists them now (refreshing them, too). */
  public TreeSet<Long> snapshotVersions() {
    knownSnapshots = versionsIn(snapshotDir, true);
    return new TreeSet<>(knownSnapshots);
  }

  // The commit path (deleteAfter, prune) works from the versions this instance last listed plus what it published
  // and deleted since, instead of listing both directories at every commit. Any failure forgets them.
  private TreeSet<Long> knownChangelogs() {
    return knownChangelogs != null ? new TreeSet<>(knownChangelogs) : changelogVersions();
  }

  private TreeSet<Long> knownSnapshots() {
    return knownSnapshots != null ? new TreeSet<>(knownSnapshots) : snapshotVersions();
  }

  /** A change of the version files; when it fails, what is on disk is unknown, so the known versions are forgotten. */
  private interface FileChange {
    void run() throws IOException;
  }

  private void changeFiles(FileChange change) throws IOException {
    try {
      change.run();
    } catch (IOException | RuntimeException e) {
      knownChangelogs = null;
      knownSnapshots = null;
      throw e;
    }
  }

  private void deleteChangelogVersion(long version) throws IOException {
    Files.deleteIfExists(changelog(version));
    if (knownChangelogs != null) {
      knownChangelogs.remove(version);
    }
  }

  private void deleteSnapshotVersion(long version) throws IOException {
    deleteSnapshot(snapshot(version));
    if (knownSnapshots != null) {
      knownSnapshots.remove(version);
    }
  }

  private TreeSet<Long> versionsIn(Path parent, boolean snapshots) {
    var versions = new TreeSet<Long>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9') && name.length() < 19
            && (!snapshots || Files.exists(entry.resolve("metadata")))) {
          versions.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new StateStoreException(dir, "Cannot list the state files in " + parent + ": " + e, e);
    }
    return versions;
  }

  /** The latest committed version: the highest changelog or snapshot, 0 when there is none. */
  public long latestVersion() {
    long latest = 0;
    TreeSet<Long> changelogs = changelogVersions();
    TreeSet<Long> snapshots = snapshotVersions();
    if (!changelogs.isEmpty()) {
      latest = changelogs.last();
    }
    if (!snapshots.isEmpty()) {
      latest = Math.max(latest, snapshots.last());
    }
    return latest;
  }

  /** The oldest version {@code retainBatches} allows to restore when {@code latest} is the latest. */
  public static long oldestRetained(long latest, int retainBatches) {
    return Math.max(0, latest - retainBatches + 1);
  }

  /**
   * The versions that can be restored now: those within {@code retainBatches} of the latest whose snapshot and
   * changelogs exist (after a batch re-ran from an older version, the window may reach below the files kept).
   */
  public java.util.List<Long> restorableVersions(int retainBatches) {
    TreeSet<Long> changelogs = changelogVersions();
    TreeSet<Long> snapshots = snapshotVersions();
    long latest = Math.max(changelogs.isEmpty() ? 0 : changelogs.last(), snapshots.isEmpty() ? 0 : snapshots.last());
    var out = new java.util.ArrayList<Long>();
    for (long v = oldestRetained(latest, retainBatches); v <= latest; v++) {
      Long snapshot = snapshots.floor(v);
      long from = snapshot == null ? 1 : snapshot + 1;
      boolean complete = true;
      for (long c = from; c <= v && complete; c++) {
        complete = changelogs.contains(c);
      }
      if (complete) {
        out.add(v);
      }
    }
    return out;
  }

  /** How to restore a version: from a snapshot (or the empty state) plus changelogs, in order. */
  public record RestorePlan(long version, Optional<Long> snapshot, long[] changelogs) {}

  /**
   * The files that restore {@code version}.
   *
   * @throws StateStoreException when the version was never committed, is older than {@code retainBatches} allows,
   *     or a file it needs is missing
   */
  public RestorePlan plan(long version, int retainBatches) {
    long latest = latestVersion();
    if (version > latest) {
      throw new StateStoreException(dir, "Cannot load state version " + version + " from " + dir + ": it was never "
          + "committed (the latest committed version is " + latest + ").");
    }
    long oldest = oldestRetained(latest, retainBatches);
    if (version < oldest) {
      throw new StateStoreException(dir, "Cannot load state version " + version + " from " + dir + ": the version is "
          + "older than retain-batches allows (retain-batches = " + retainBatches + "; restorable versions are "
          + oldest + " to " + latest + ").");
    }
    Long snapshot = snapshotVersions().floor(version);
    long from = snapshot == null ? 1 : snapshot + 1;
    TreeSet<Long> changelogs = changelogVersions();
    for (long v = from; v <= version; v++) {
      if (!changelogs.contains(v)) {
        throw new StateStoreException(dir, "Cannot load state version " + version + " from " + dir + ": the file "
            + changelog(v) + " it needs is missing" + (snapshot == null ? " (and there is no snapshot at or below "
            + "version " + version + ")" : " (restoring from the snapshot of version " + snapshot + ")")
            + "; the version is older than retain-batches allows or the checkpoint was damaged. Run a full refresh "
            + "of the table to rebuild its state.");
      }
    }
    return new RestorePlan(version, Optional.ofNullable(snapshot), LongStream.rangeClosed(from, version).toArray());
  }

  /** A new temporary file for the changelog of {@code version}, not yet created. */
  public Path temporaryChangelog(long version) {
    return changelogDir.resolve(TMP + version + "-" + System.nanoTime());
  }

  /** A new temporary directory for the snapshot of {@code version}, created. */
  public Path temporarySnapshot(long version) throws IOException {
    return Files.createDirectory(snapshotDir.resolve(TMP + version + "-" + System.nanoTime()));
  }

  /** Moves a finished (fsynced) temporary changelog into place as {@code version}, replacing any old one. */
  public void publishChangelog(Path temporary, long version) throws IOException {
    changeFiles(() -> {
      moveAtomically(temporary, changelog(version));
      fsyncDirectory(changelogDir);
    });
    if (knownChangelogs != null) {
      knownChangelogs.add(version);
    }
  }

  /**
   * Writes {@code metadata} into a temporary snapshot directory whose data is complete, fsyncs every file in it and
   * moves it into place as the snapshot of {@code version}.
   */
  public void publishSnapshot(Path temporary, long version, long keys, String provider) throws IOException {
    var metadata = new Properties();
    metadata.setProperty("version", Long.toString(version));
    metadata.setProperty("keys", Long.toString(keys));
    metadata.setProperty("provider", provider);
    var text = new StringBuilder();
    metadata.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path metadataFile = temporary.resolve("metadata");
    Files.writeString(metadataFile, text, StandardCharsets.UTF_8);
    fsyncTree(temporary);
    Path target = snapshot(version);
    changeFiles(() -> {
      if (Files.exists(target)) {
        deleteSnapshot(target);
      }
      moveAtomically(temporary, target);
      fsyncDirectory(snapshotDir);
    });
    if (knownSnapshots != null) {
      knownSnapshots.add(version);
    }
  }

  /** The number of keys recorded in a snapshot. */
  public long snapshotKeys(long version) throws IOException {
    Path file = snapshot(version).resolve("metadata");
    var metadata = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      metadata.load(in);
    }
    String keys = metadata.getProperty("keys");
    if (keys == null || !String.valueOf(version).equals(metadata.getProperty("version"))) {
      throw new CorruptStateFileException(file, "no key count or wrong version");
    }
    return Long.parseLong(keys);
  }

  /**
   * Deletes every changelog and snapshot of a version after {@code version}: a batch re-run after a crash replaces
   * the history that followed it.
   */
  public void deleteAfter(long version) throws IOException {
    changeFiles(() -> {
      for (long v : knownChangelogs().tailSet(version, false)) {
        deleteChangelogVersion(v);
      }
      for (long v : knownSnapshots().tailSet(version, false)) {
        deleteSnapshotVersion(v);
      }
    });
  }

  /**
   * Deletes the files no retained version needs, so that exactly the versions {@code oldestRetained(latest, retain)}
   * to {@code latest} stay restorable: snapshots below the newest snapshot at or below the oldest retained version,
   * and changelogs at or below that snapshot.
   */
  public void prune(long latest, int retainBatches) throws IOException {
    long oldest = oldestRetained(latest, retainBatches);
    TreeSet<Long> snapshots = knownSnapshots();
    Long base = snapshots.floor(oldest);
    if (base == null) {
      return; // every version restores from the empty state and all changelogs
    }
    changeFiles(() -> {
      for (long v : snapshots.headSet(base, false)) {
        deleteSnapshotVersion(v);
      }
      for (long v : knownChangelogs().headSet(base, true)) {
        deleteChangelogVersion(v);
      }
    });
  }

  /** Bytes of every file under the directory, hard-linked files (RocksDB checkpoints) counted once. */
  public long diskBytes() {
    Set<Object> seen = new HashSet<>();
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          Object id = attrs.fileKey() != null ? attrs.fileKey() : file;
          if (seen.add(id)) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // a file deleted during the walk (RocksDB compaction)
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total[0];
  }

  /** Writes {@code bytes} to a temporary file, fsyncs it, renames it to {@code target} and fsyncs the directory. */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temporary = target.resolveSibling(TMP + target.getFileName() + "-" + System.nanoTime());
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      var buffer = java.nio.ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    moveAtomically(temporary, target);
    fsyncDirectory(target.getParent());
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("The file system of " + to + " cannot rename atomically, which the state store needs",
          e);
    }
  }

  /** Fsyncs a directory so that a rename in it is durable (a no-op where directories cannot be opened). */
  public static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
        throw e;
      }
    }
  }

  private static void fsyncTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          channel.force(true);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        fsyncDirectory(directory);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Deletes a file or a directory tree; no-op when absent. */
  public static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.deleteIfExists(directory);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
