package dev.millrace.runtime.state.rocksdb;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreProvider;
import java.nio.file.Path;
import java.util.List;

/** Work in progress (issue 4): the interface is stable, the implementation lands next. */
public final class RocksDbStateStoreProvider implements StateStoreProvider {

  public RocksDbStateStoreProvider(Path dir, ResolvedTableSettings.StateStore settings, StateResources shared) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public Path directory() {
    throw new UnsupportedOperationException();
  }

  @Override
  public StateStore load(long version) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Long> committedVersions() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
