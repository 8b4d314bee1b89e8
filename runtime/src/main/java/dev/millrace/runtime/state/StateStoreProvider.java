package dev.millrace.runtime.state;

import java.nio.file.Path;
import java.util.List;

/**
 * The versioned state of one operator partition, kept in its checkpoint directory
 * {@code <checkpoint>/state/<operator>/<partition>/} (created with {@link StateStoreProviders#create}).
 *
 * <p><b>Versions</b> follow Spark: version 0 is the empty state before any batch, and version {@code N + 1} is the
 * state after batch {@code N}. To run batch {@code N}, {@code load(N)} and {@link StateStore#commit()}, which
 * commits version {@code N + 1}. After the batch commit {@code commits/C}, the current state is version
 * {@code C + 1}; re-running batch {@code C + 1} after a crash loads {@code C + 1} again, and re-running batch
 * {@code C} (crash between state commit and {@code commits/C}) loads {@code C}, which needs
 * {@code retain-batches >= 2}.
 *
 * <p><b>Files</b>: each commit writes {@code changelog/<version>} (the batch's puts and deletes); every
 * {@code snapshot-interval} versions ({@code version % interval == 0}) also {@code snapshots/<version>/}. A version
 * is restored from the nearest snapshot at or below it plus the changelogs after that snapshot. After a commit of
 * version {@code L}, exactly the versions {@code max(0, L - retain-batches + 1) .. L} are restorable, and files not
 * needed for them are deleted.
 *
 * <p>At most one store is in use at a time: {@link #load} finishes (aborts) the previous store if it is still open.
 * Loading the version the previous store committed (the steady state of a running query) reuses the in-memory or
 * on-disk working state instead of reading the files. Not thread-safe: a provider and its stores are used by one
 * thread at a time (different partitions' providers may be used in parallel).
 */
public interface StateStoreProvider extends AutoCloseable {

  /** The partition's checkpoint directory. */
  Path directory();

  /**
   * A store holding the state as of committed version {@code version}, ready to collect batch {@code version}.
   *
   * @throws dev.millrace.errors.MillraceException naming the directory when the version is not restorable: never
   *     committed, older than {@code retain-batches} allows, or a file it needs is missing or damaged (a torn
   *     changelog is detected by its checksum and never read as valid)
   */
  StateStore load(long version);

  /**
   * The restorable versions, ascending: {@code [0]} before the first commit, afterwards the last
   * {@code retain-batches} committed versions (version 0 included while within that window), less any whose files
   * are gone (possible after a batch re-ran from an older version). Never empty: the latest version is restorable.
   */
  List<Long> committedVersions();

  /** The latest committed version, 0 when none. */
  default long latestVersion() {
    List<Long> versions = committedVersions();
    return versions.get(versions.size() - 1);
  }

  /** Finishes any open store and releases files and native resources. Idempotent; never throws for a store in use. */
  @Override
  void close();
}
