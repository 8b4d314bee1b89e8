package dev.millrace.runtime.state.memory;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreProvider;
import java.nio.file.Path;
import java.util.List;

/** Work in progress (issue 4): the interface is stable, the implementation lands next. */
public final class MemoryStateStoreProvider implements StateStoreProvider {

  public MemoryStateStoreProvider(Path dir, ResolvedTableSettings.StateStore settings) {
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
