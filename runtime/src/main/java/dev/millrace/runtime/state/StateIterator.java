package dev.millrace.runtime.state;

/**
 * A cursor over state entries in ascending unsigned key order:
 * {@code try (var it = store.prefix(p)) { while (it.next()) { use(it.key(), it.value()); } }}.
 *
 * <p>Not thread-safe. {@link #key()} and {@link #value()} return fresh arrays the caller may keep. The iterator must
 * be closed (it may hold native resources); closing is idempotent. It becomes invalid when its store finishes.
 */
public interface StateIterator extends AutoCloseable {

  /** Moves to the next entry; {@code false} when there is none (the first call moves to the first entry). */
  boolean next();

  /** The key of the current entry; only after {@link #next()} returned {@code true}. */
  byte[] key();

  /** The value of the current entry; only after {@link #next()} returned {@code true}. */
  byte[] value();

  @Override
  void close();
}
