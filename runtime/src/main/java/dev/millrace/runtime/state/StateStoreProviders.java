package dev.millrace.runtime.state;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.memory.MemoryStateStoreProvider;
import dev.millrace.runtime.state.rocksdb.RocksDbStateStoreProvider;
import java.nio.file.Path;
import java.util.Objects;

/** Creates the state store provider a table's settings choose. */
public final class StateStoreProviders {

  private StateStoreProviders() {}

  /**
   * Opens the state of one operator partition in {@code dir} ({@code <checkpoint>/state/<operator>/<partition>/},
   * created if missing) with the provider of {@code settings}.
   *
   * @param shared the run's shared resources (RocksDB block cache and write-buffer manager)
   * @throws StateStoreException when {@code dir} holds state written by the other provider (run a full refresh of
   *     the table) or cannot be opened
   */
  public static StateStoreProvider create(ResolvedTableSettings.StateStore settings, Path dir, StateResources shared) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(shared, "shared");
    return switch (settings.provider()) {
      case MEMORY -> new MemoryStateStoreProvider(dir, settings);
      case ROCKSDB -> new RocksDbStateStoreProvider(dir, settings, shared);
    };
  }
}
