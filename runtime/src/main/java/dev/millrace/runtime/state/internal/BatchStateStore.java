package dev.millrace.runtime.state.internal;

import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateMetrics;
import dev.millrace.runtime.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What every provider's store shares: the lifecycle (open, then committed or aborted), argument checks, the rule
 * that writes wait until iterators are closed, the exact key count, and the commit delegated to
 * {@link VersionedStateStoreProvider}. A provider supplies reads and writes over its working state plus a buffer of
 * the batch's writes. Not thread-safe.
 */
public abstract class BatchStateStore implements StateStore {

  private final VersionedStateStoreProvider provider;
  private final long version;
  private long keys;
  private final List<Cursor> openIterators = new ArrayList<>();
  private boolean finished;

  protected BatchStateStore(VersionedStateStoreProvider provider, long version, long keys) {
    this.provider = provider;
    this.version = version;
    this.keys = keys;
  }

  /** The batch-aware value of a key, or null. */
  protected abstract byte[] read(byte[] key);

  /** Buffers a put; returns whether the key was absent before. */
  protected abstract boolean write(byte[] key, byte[] value);

  /** Buffers a delete; returns whether the key was present before. */
  protected abstract boolean remove(byte[] key);

  /** Buffers a put without looking at what the key holds now. */
  protected abstract void writeBlind(byte[] key, byte[] value);

  /** Buffers a delete of a key that is present now, without reading it. */
  protected abstract void removePresent(byte[] key);

  /** A batch-aware cursor over {@code from <= key < to} ({@code to == null}: no upper bound). */
  protected abstract StateIterator scan(byte[] from, byte[] to);

  /** Writes the batch's changes, each key at most once, to the changelog. */
  protected abstract void writeChanges(ChangelogWriter changelog) throws IOException;

  /** Applies the batch's changes to the working state. */
  protected abstract void applyChanges() throws IOException;

  /** Drops the batch's buffered writes and releases what the batch holds; called exactly once. */
  protected abstract void discard();

  /** Approximate memory held by the batch's buffered writes. */
  protected abstract long batchBytes();

  @Override
  public final long version() {
    return version;
  }

  final long keyCount() {
    return keys;
  }

  @Override
  public final byte[] get(byte[] key) {
    checkUsable();
    return read(Objects.requireNonNull(key, "key"));
  }

  @Override
  public final void put(byte[] key, byte[] value) {
    checkWritable();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (write(key, value)) {
      keys++;
    }
  }

  @Override
  public final void put(byte[] key, byte[] value, boolean present) {
    checkWritable();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    writeBlind(key, value);
    if (!present) {
      keys++;
    }
  }

  @Override
  public final void delete(byte[] key) {
    checkWritable();
    if (remove(Objects.requireNonNull(key, "key"))) {
      keys--;
    }
  }

  @Override
  public final void deletePresent(byte[] key) {
    checkWritable();
    removePresent(Objects.requireNonNull(key, "key"));
    keys--;
  }

  @Override
  public final StateIterator range(byte[] fromInclusive, byte[] toExclusive) {
    checkUsable();
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    return open(fromInclusive, toExclusive);
  }

  @Override
  public final StateIterator prefix(byte[] prefix) {
    checkUsable();
    return open(Objects.requireNonNull(prefix, "prefix").clone(), successor(prefix));
  }

  private StateIterator open(byte[] from, byte[] to) {
    if (to != null && Arrays.compareUnsigned(from, to) >= 0) {
      return new Cursor(null);
    }
    var cursor = new Cursor(scan(from, to));
    openIterators.add(cursor);
    return cursor;
  }

  /** The smallest key greater than every key starting with {@code prefix}, or null when there is none. */
  static byte[] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] next = Arrays.copyOf(prefix, i + 1);
        next[i]++;
        return next;
      }
    }
    return null;
  }

  @Override
  public final void deleteRange(byte[] fromInclusive, byte[] toExclusive) {
    checkWritable();
    Objects.requireNonNull(fromInclusive, "fromInclusive");
    Objects.requireNonNull(toExclusive, "toExclusive");
    if (Arrays.compareUnsigned(fromInclusive, toExclusive) >= 0) {
      return;
    }
    // Collect in chunks, since writes may not happen while an iterator is open.
    byte[] from = fromInclusive;
    while (true) {
      var chunk = new ArrayList<byte[]>();
      try (StateIterator it = scan(from, toExclusive)) {
        while (chunk.size() < 4096 && it.next()) {
          chunk.add(it.key());
        }
      }
      for (byte[] key : chunk) {
        removePresent(key); // the scan saw it, so it is present
        keys--;
      }
      if (chunk.size() < 4096) {
        return;
      }
      byte[] last = chunk.get(chunk.size() - 1);
      from = Arrays.copyOf(last, last.length + 1); // the smallest key after the last one deleted
    }
  }

  @Override
  public final long commit() {
    checkUsable();
    closeIterators();
    boolean committed = false;
    try {
      long committedVersion = provider.commit(this);
      committed = true;
      return committedVersion;
    } finally {
      finished = true;
      discard();
      if (!committed) {
        provider.released(this, true);
      }
    }
  }

  @Override
  public final void abort() {
    if (finished) {
      return;
    }
    finished = true;
    closeIterators();
    discard();
    provider.released(this, false);
  }

  @Override
  public final boolean isFinished() {
    return finished;
  }

  @Override
  public final StateMetrics metrics() {
    return provider.metrics(keys, finished ? 0 : batchBytes());
  }

  private void checkUsable() {
    if (finished) {
      throw new IllegalStateException("The state store of " + provider.directory() + " at version " + version
          + " was already committed or aborted; load a new one");
    }
  }

  private void checkWritable() {
    checkUsable();
    if (!openIterators.isEmpty()) {
      throw new IllegalStateException("The state store of " + provider.directory() + " has " + openIterators.size()
          + " open iterator(s); close them before writing");
    }
  }

  private void closeIterators() {
    for (Cursor cursor : List.copyOf(openIterators)) {
      cursor.close();
    }
  }

  /** Wraps a provider's cursor: tracks it, and refuses use after close or after the store finished. */
  private final class Cursor implements StateIterator {

    private StateIterator delegate;
    private boolean positioned;

    Cursor(StateIterator delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean next() {
      if (delegate == null) {
        positioned = false;
        return false;
      }
      checkUsable();
      positioned = delegate.next();
      if (!positioned) {
        close();
      }
      return positioned;
    }

    @Override
    public byte[] key() {
      checkPositioned();
      return delegate.key();
    }

    @Override
    public byte[] value() {
      checkPositioned();
      return delegate.value();
    }

    private void checkPositioned() {
      if (!positioned || delegate == null) {
        throw new IllegalStateException("The iterator is not at an entry (call next() first; it is closed after the "
            + "last entry or when its store finishes)");
      }
    }

    @Override
    public void close() {
      if (delegate != null) {
        try {
          delegate.close();
        } finally {
          delegate = null;
          positioned = false;
          openIterators.remove(this);
        }
      }
    }
  }
}
