package dev.millrace.runtime.state;

/**
 * The state of one operator partition, loaded at a committed version ({@link #version()}) and collecting the writes
 * of one micro-batch, which {@link #commit()} turns into version {@code version() + 1}. Keys and values are opaque
 * bytes (encode rows with {@link RowKeyCodec} and {@link RowValueCodec}); keys are ordered as unsigned bytes, so a
 * key whose encoding starts with an event time can be range-scanned by time.
 *
 * <p>Reads see the batch's own uncommitted writes. Nothing is visible to other stores or durable until
 * {@link #commit()} returns; {@link #abort()} drops the batch. After either, the store is finished and every method
 * except {@link #version()}, {@link #metrics()}, {@link #isFinished()} and {@link #abort()} throws
 * {@link IllegalStateException}. A store also finishes (as if aborted) when its provider loads another store or is
 * closed.
 *
 * <p>Not thread-safe: a store is used by one thread at a time. Keys and values must be non-null (an empty array is a
 * valid key and value); arrays passed in and returned are not retained or shared, so callers may reuse them.
 * While a {@link StateIterator} of this store is open, writes ({@link #put}, {@link #delete}, {@link #deleteRange})
 * throw {@link IllegalStateException}: collect what to change, close the iterator, then write (or use
 * {@link #deleteRange}).
 */
public interface StateStore {

  /** The committed version this store was loaded at; {@link #commit()} makes {@code version() + 1}. */
  long version();

  /** The value of {@code key}, or {@code null} when absent (including deleted in this batch). */
  byte[] get(byte[] key);

  /** Sets the value of {@code key} in this batch. */
  void put(byte[] key, byte[] value);

  /**
   * {@link #put} when the caller knows whether {@code key} is present now (it read it in this batch, or its keys
   * are unique by construction): the store then need not read the key to keep its key count. A wrong
   * {@code present} makes {@link StateMetrics#keys()} wrong, never the data.
   */
  default void put(byte[] key, byte[] value, boolean present) {
    put(key, value);
  }

  /** Removes {@code key} in this batch; no effect when absent. */
  void delete(byte[] key);

  /** {@link #delete} of a key the caller knows is present now (as with {@link #put(byte[], byte[], boolean)}). */
  default void deletePresent(byte[] key) {
    delete(key);
  }

  /**
   * The entries with {@code fromInclusive <= key < toExclusive} (unsigned byte order), ascending, including this
   * batch's writes. An empty {@code fromInclusive} starts at the first key. The caller must close the iterator.
   */
  StateIterator range(byte[] fromInclusive, byte[] toExclusive);

  /** The entries whose key starts with {@code prefix}, ascending; an empty prefix iterates every entry. */
  StateIterator prefix(byte[] prefix);

  /** Removes every key with {@code fromInclusive <= key < toExclusive} in this batch (e.g. state below a watermark). */
  void deleteRange(byte[] fromInclusive, byte[] toExclusive);

  /**
   * Makes this batch's writes durable as version {@code version() + 1} and finishes the store. When it returns, the
   * changelog of the version is written and fsynced; when the version is a multiple of {@code snapshot-interval} a
   * full snapshot is written too; then versions older than the last {@code retain-batches} are pruned. Committing a
   * version that already exists (a batch re-run after a crash) replaces it and drops any later version.
   *
   * @return the committed version, {@code version() + 1}
   * @throws dev.millrace.errors.MillraceException when the files cannot be written; the version is then not
   *     committed (or, if the failure came after the changelog was durable, committed but the provider reloads from
   *     the files on the next {@link StateStoreProvider#load})
   */
  long commit();

  /** Drops this batch's writes and finishes the store. Idempotent; a no-op after {@link #commit()}. */
  void abort();

  /** Whether {@link #commit()} or {@link #abort()} has finished this store (or its provider moved on). */
  boolean isFinished();

  /** Size and timing of this partition's state, as of the last commit plus this batch's writes. */
  StateMetrics metrics();
}
