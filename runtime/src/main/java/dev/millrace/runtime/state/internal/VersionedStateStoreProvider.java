package dev.millrace.runtime.state.internal;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.StateMetrics;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreException;
import dev.millrace.runtime.state.StateStoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versioning every provider shares (as Spark keeps it in the provider): restoring a version from a snapshot and
 * changelogs, the commit protocol, snapshots every {@code snapshot-interval} versions and pruning to
 * {@code retain-batches} versions, all through {@link StateFiles}. A provider supplies the working state: how to
 * start empty, restore a snapshot, replay a changelog, write a snapshot, and a {@link BatchStateStore} that buffers a
 * batch's writes.
 *
 * <p>The working state holds one version, {@link #loadedVersion}; loading that version again (the steady state)
 * reads no files. Any failure while the working state changes leaves it unknown, so the next load rebuilds it.
 */
public abstract class VersionedStateStoreProvider implements StateStoreProvider {

  private static final Logger log = LoggerFactory.getLogger(VersionedStateStoreProvider.class);

  protected final StateFiles files;
  private final String providerName;
  private final int snapshotInterval;
  private final int retainBatches;
  private long loadedVersion = -1;
  private long loadedKeys;
  private Duration lastCommitDuration = Duration.ZERO;
  private BatchStateStore current;
  private boolean closed;

  protected VersionedStateStoreProvider(Path dir, ResolvedTableSettings.StateStore settings, String providerName) {
    this.files = StateFiles.open(dir, providerName);
    this.providerName = providerName;
    this.snapshotInterval = settings.snapshotInterval();
    this.retainBatches = settings.retainBatches();
  }

  /** Replaces the working state with the empty state (version 0). */
  protected abstract void restoreEmpty() throws IOException;

  /** Replaces the working state with the snapshot whose data ({@link #writeSnapshot}) is at {@code data}. */
  protected abstract void restoreSnapshot(Path data) throws IOException;

  /** Applies every record of a changelog to the working state. */
  protected abstract void replay(ChangelogReader changelog) throws IOException;

  /** Writes the committed working state as snapshot data to {@code data}, which does not exist yet. */
  protected abstract void writeSnapshot(Path data) throws IOException;

  /** A store over the working state at {@code version}, holding {@code keys} keys. */
  protected abstract BatchStateStore newStore(long version, long keys);

  /** Memory held by the working state (not the uncommitted batch). */
  protected abstract long workingStateBytesInMemory();

  /** Releases the working state's resources; called once, by {@link #close()}. */
  protected abstract void releaseResources();

  @Override
  public final Path directory() {
    return files.directory();
  }

  @Override
  public final StateStore load(long version) {
    ensureOpen();
    if (version < 0) {
      throw new IllegalArgumentException("State versions are >= 0: " + version);
    }
    finishCurrent();
    if (loadedVersion != version) {
      StateFiles.RestorePlan plan = files.plan(version, retainBatches);
      restore(plan);
    }
    current = newStore(version, loadedKeys);
    return current;
  }

  private void restore(StateFiles.RestorePlan plan) {
    loadedVersion = -1;
    Path file = files.directory();
    try {
      long keys = 0;
      if (plan.snapshot().isPresent()) {
        long snapshot = plan.snapshot().get();
        file = files.snapshot(snapshot);
        keys = files.snapshotKeys(snapshot);
        restoreSnapshot(StateFiles.snapshotData(file));
      } else {
        restoreEmpty();
      }
      for (long v : plan.changelogs()) {
        file = files.changelog(v);
        try (ChangelogReader reader = ChangelogReader.open(file, ChangelogFormat.Kind.CHANGELOG, v)) {
          replay(reader);
          keys = reader.keysAfter();
        }
      }
      loadedKeys = keys;
      loadedVersion = plan.version();
      log.debug("[state {}] Restored version {} from snapshot {} and {} changelogs", files.directory(),
          plan.version(), plan.snapshot().orElse(0L), plan.changelogs().length);
    } catch (IOException | RuntimeException e) {
      if (e instanceof StateStoreException s) {
        throw s;
      }
      throw new StateStoreException(files.directory(), "Cannot load state version " + plan.version() + " from "
          + files.directory() + ": reading " + file + " failed: " + e.getMessage() + ". Run a full refresh of the "
          + "table if the checkpoint is damaged.", e);
    }
  }

  /**
   * The commit protocol of {@link StateStore#commit()}: write and fsync the changelog under a temporary name, drop
   * versions after the store's (a re-run batch replaces them), rename the changelog into place (the version is now
   * durable), apply the batch to the working state, snapshot if due, prune.
   */
  final long commit(BatchStateStore store) {
    ensureOpen();
    if (store != current) {
      throw new IllegalStateException("This store is no longer the provider's current store");
    }
    long start = System.nanoTime();
    long version = store.version() + 1;
    long keys = store.keyCount();
    loadedVersion = -1;
    Path temporary = files.temporaryChangelog(version);
    boolean durable = false;
    try {
      try (ChangelogWriter writer = ChangelogWriter.create(temporary, ChangelogFormat.Kind.CHANGELOG, version)) {
        store.writeChanges(writer);
        writer.finish(keys);
      }
      files.deleteAfter(store.version());
      files.publishChangelog(temporary, version);
      durable = true;
      store.applyChanges();
    } catch (IOException | RuntimeException e) {
      throw new StateStoreException(files.directory(), "Cannot commit state version " + version + " in "
          + files.directory() + (durable ? " (its changelog is durable; the next load restores it from the files)"
          : "") + ": " + e.getMessage(), e);
    }
    loadedVersion = version;
    loadedKeys = keys;
    if (version % snapshotInterval == 0) {
      snapshot(version, keys);
    }
    try {
      files.prune(version, retainBatches);
    } catch (IOException | RuntimeException e) {
      log.warn("[state {}] Committed version {} but could not delete the files of old versions; will retry at the "
          + "next commit", files.directory(), version, e);
    }
    lastCommitDuration = Duration.ofNanos(System.nanoTime() - start);
    current = null;
    return version;
  }

  private void snapshot(long version, long keys) {
    Path temporary = null;
    try {
      temporary = files.temporarySnapshot(version);
      writeSnapshot(StateFiles.snapshotData(temporary));
      files.publishSnapshot(temporary, version, keys, providerName);
    } catch (IOException | RuntimeException e) {
      // The changelog already made the version durable; restoring only takes longer without the snapshot.
      log.warn("[state {}] Committed version {} but could not write its snapshot; versions restore from older "
          + "snapshots and changelogs", files.directory(), version, e);
      try {
        if (temporary != null) {
          StateFiles.deleteRecursively(temporary);
        }
      } catch (IOException ignored) {
        // deleted on the next open
      }
    }
  }

  /** Called by a store that aborted or failed: the working state is unchanged unless {@code dirty}. */
  final void released(BatchStateStore store, boolean dirty) {
    if (store == current) {
      current = null;
    }
    if (dirty) {
      loadedVersion = -1;
    }
  }

  final StateMetrics metrics(long keys, long batchBytes) {
    return new StateMetrics(keys, closed ? 0 : files.diskBytes(), workingStateBytesInMemory() + batchBytes,
        lastCommitDuration);
  }

  @Override
  public final List<Long> committedVersions() {
    return files.restorableVersions(retainBatches);
  }

  protected final boolean isClosed() {
    return closed;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The state store provider of " + files.directory() + " is closed");
    }
  }

  private void finishCurrent() {
    if (current != null) {
      current.abort();
      current = null;
    }
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    try {
      finishCurrent();
    } finally {
      closed = true;
      releaseResources();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + files.directory() + "]";
  }
}
