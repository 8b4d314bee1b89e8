package dev.millrace.runtime.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the state stores of one pipeline run share, so that many partitions do not each take their own memory: for
 * RocksDB, one block cache of {@code block-cache} bytes and one write-buffer manager of {@code write-buffer} bytes
 * (charged to that cache) per distinct RocksDB setting. Create one per run, pass it to every
 * {@link StateStoreProviders#create}, and close it after every provider using it is closed.
 *
 * <p>Thread-safe. Providers get shared objects through {@link #shared}; this class knows nothing of RocksDB.
 */
public final class StateResources implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StateResources.class);

  private final Map<Object, AutoCloseable> shared = new LinkedHashMap<>();
  private boolean closed;

  /** The object shared under {@code key} (a value with equals/hashCode), created by {@code factory} on first use. */
  public synchronized <T extends AutoCloseable> T shared(Object key, Class<T> type, Supplier<T> factory) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      throw new IllegalStateException("The shared state resources are closed");
    }
    AutoCloseable value = shared.get(key);
    if (value == null) {
      value = Objects.requireNonNull(factory.get(), "factory result");
      shared.put(key, value);
    }
    return type.cast(value);
  }

  /** How many shared objects exist (e.g. one per distinct RocksDB setting). */
  public synchronized int size() {
    return shared.size();
  }

  /** Closes every shared object, newest first. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> values = new ArrayList<>(shared.values());
    Collections.reverse(values);
    shared.clear();
    RuntimeException failure = null;
    for (AutoCloseable value : values) {
      try {
        value.close();
      } catch (Exception e) {
        log.warn("[state] Failed to close shared state resource {}", value, e);
        if (failure == null) {
          failure = new IllegalStateException("Failed to close shared state resource " + value, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
