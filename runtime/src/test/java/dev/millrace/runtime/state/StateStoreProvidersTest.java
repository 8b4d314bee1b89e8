package dev.millrace.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.config.StateStoreProvider;
import dev.millrace.runtime.state.memory.MemoryStateStoreProvider;
import dev.millrace.runtime.state.rocksdb.RocksDbStateStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateStoreProvidersTest {

  @TempDir
  Path dir;

  @Test
  void createsTheProviderTheSettingsName() throws Exception {
    try (var resources = new StateResources();
        var memory = StateStoreProviders.create(StateStoreContract.settings(StateStoreProvider.MEMORY, 10, 20),
            dir.resolve("m"), resources);
        var rocksdb = StateStoreProviders.create(StateStoreContract.settings(StateStoreProvider.ROCKSDB, 10, 20),
            dir.resolve("r"), resources)) {
      assertThat(memory).isInstanceOf(MemoryStateStoreProvider.class);
      assertThat(rocksdb).isInstanceOf(RocksDbStateStoreProvider.class);
      assertThat(Files.readString(dir.resolve("m/provider"), StandardCharsets.UTF_8)).isEqualTo("memory\n");
      assertThat(Files.readString(dir.resolve("r/provider"), StandardCharsets.UTF_8)).isEqualTo("rocksdb\n");
    }
  }

  @ParameterizedTest
  @EnumSource(StateStoreProvider.class)
  void changingTheProviderOfExistingStateAsksForAFullRefresh(StateStoreProvider first) throws Exception {
    StateStoreProvider second = first == StateStoreProvider.MEMORY ? StateStoreProvider.ROCKSDB
        : StateStoreProvider.MEMORY;
    try (var resources = new StateResources()) {
      try (var provider = StateStoreProviders.create(StateStoreContract.settings(first, 10, 20), dir, resources)) {
        StateStore store = provider.load(0);
        store.put(new byte[] {1}, new byte[] {2});
        store.commit();
      }
      assertThatThrownBy(() -> StateStoreProviders.create(StateStoreContract.settings(second, 10, 20), dir,
          resources))
          .isInstanceOf(StateStoreException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("written by the " + first.name().toLowerCase())
          .hasMessageContaining("run a full refresh of the table");
      try (var again = StateStoreProviders.create(StateStoreContract.settings(first, 10, 20), dir, resources)) {
        assertThat(again.load(1).get(new byte[] {1})).containsExactly(2);
      }
    }
  }
}
