package dev.millrace.runtime.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.config.RocksDbCompression;
import dev.millrace.config.StateStoreProvider;
import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** What only the RocksDB provider does: shared memory, checkpoints as snapshots, native resources released. */
class RocksDbProviderTest {

  @TempDir
  Path checkpoint;

  static ResolvedTableSettings.StateStore settings(long blockCache, long writeBuffer) {
    return new ResolvedTableSettings.StateStore(StateStoreProvider.ROCKSDB, 2, 10,
        new ResolvedTableSettings.RocksDb(blockCache, writeBuffer, RocksDbCompression.LZ4));
  }

  static RocksDbStateStoreProvider open(Path dir, ResolvedTableSettings.StateStore settings,
      StateResources resources) {
    return (RocksDbStateStoreProvider) StateStoreProviders.create(settings, dir, resources);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void partitionsWithTheSameSettingsShareOneBlockCacheAndWriteBufferManager() {
    try (var resources = new StateResources();
        var p0 = open(checkpoint.resolve("agg/0"), settings(32L << 20, 8L << 20), resources);
        var p1 = open(checkpoint.resolve("agg/1"), settings(32L << 20, 8L << 20), resources);
        var other = open(checkpoint.resolve("other/0"), settings(16L << 20, 8L << 20), resources)) {
      assertThat(p0.shared()).isSameAs(p1.shared());
      assertThat(other.shared()).isNotSameAs(p0.shared());
      assertThat(resources.size()).isEqualTo(2);

      long before = p0.shared().cache().getUsage();
      for (var provider : new RocksDbStateStoreProvider[] {p0, p1}) {
        StateStore store = provider.load(0);
        for (int i = 0; i < 20_000; i++) {
          store.put(b("key-" + i), new byte[100]);
        }
        store.commit();
      }
      // Both instances' memtables are charged to the one shared cache by the write-buffer manager.
      assertThat(p0.shared().cache().getUsage()).isGreaterThan(before + 2_000_000);
    }
  }

  @Test
  void closingTheResourcesReleasesTheSharedCache() {
    var resources = new StateResources();
    RocksDbSharedResources shared;
    try (var provider = open(checkpoint.resolve("p"), settings(8L << 20, 4L << 20), resources)) {
      shared = provider.shared();
      assertThat(shared.cache().isOwningHandle()).isTrue();
    }
    resources.close();
    resources.close();
    assertThat(shared.cache().isOwningHandle()).isFalse();
    assertThat(shared.writeBufferManager().isOwningHandle()).isFalse();
  }

  @Test
  void aSnapshotIsARocksDbCheckpointOfTheWorkingInstance() throws Exception {
    try (var resources = new StateResources();
        var provider = open(checkpoint.resolve("p"), settings(8L << 20, 4L << 20), resources)) {
      for (int v = 0; v < 2; v++) {
        StateStore store = provider.load(v);
        store.put(b("k" + v), b("v" + v));
        store.commit();
      }
      Path data = provider.directory().resolve("snapshots/2/data");
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .contains("CURRENT").anyMatch(name -> name.endsWith(".sst")).anyMatch(name -> name.startsWith("MANIFEST"));
      }
      try (var options = new Options(); var db = RocksDB.openReadOnly(options, data.toString())) {
        assertThat(db.get(b("k0"))).isEqualTo(b("v0"));
        assertThat(db.get(b("k1"))).isEqualTo(b("v1"));
      }
    }
  }

  @Test
  void aProviderLeftOpenHoldsTheLockOfItsWorkingInstance() throws Exception {
    try (var resources = new StateResources();
        var provider = open(checkpoint.resolve("p"), settings(8L << 20, 4L << 20), resources)) {
      provider.load(0).put(b("a"), b("1"));
      // The check the next test relies on: RocksDB refuses a second open of a locked directory in one process.
      assertThatThrownBy(() -> openAndClose(provider.workDir())).isInstanceOf(RocksDBException.class)
          .hasMessageContaining("lock");
    }
  }

  @Test
  void openingLoadingCommittingAndClosingManyTimesReleasesEveryNativeHandle() throws Exception {
    Path dir = checkpoint.resolve("state/agg/0");
    try (var resources = new StateResources()) {
      for (int round = 0; round < 60; round++) {
        var provider = open(dir, settings(8L << 20, 4L << 20), resources);
        StateStore store = provider.load(round);
        assertThat(store.get(b("count"))).isEqualTo(round == 0 ? null : b(Integer.toString(round)));
        store.put(b("count"), b(Integer.toString(round + 1)));
        try (StateIterator it = store.prefix(new byte[0])) {
          assertThat(it.next()).isTrue();
        }
        StateIterator leftOpen = store.prefix(new byte[0]); // the store closes it on commit
        store.commit();
        provider.load(round + 1); // a store left open: close() must finish it
        provider.close();
        provider.close();
        assertThatThrownBy(leftOpen::key).isInstanceOf(IllegalStateException.class);
        assertThat(leftOpen.next()).isFalse();
        // The DB lock is released, so the working directory opens again in this process.
        openAndClose(provider.workDir());
      }
      assertThat(resources.size()).isEqualTo(1);
    }
  }

  @Test
  void aClosedProviderRefusesToLoad() {
    var resources = new StateResources();
    var provider = open(checkpoint.resolve("p"), settings(8L << 20, 4L << 20), resources);
    StateStore store = provider.load(0);
    provider.close();
    assertThat(store.isFinished()).isTrue();
    assertThatThrownBy(() -> store.get(b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> provider.load(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    resources.close();
  }

  @Test
  void theWorkingInstanceIsRebuiltFromTheCheckpointFilesOnOpen() throws Exception {
    Path dir = checkpoint.resolve("p");
    try (var resources = new StateResources()) {
      try (var provider = open(dir, settings(8L << 20, 4L << 20), resources)) {
        StateStore store = provider.load(0);
        store.put(b("a"), b("1"));
        store.commit();
      }
      // A stray write to the working instance (as if a crash left it ahead of the checkpoint) must not survive.
      try (var options = new Options(); var db = RocksDB.open(options, dir.resolve("db").toString())) {
        db.put(b("stray"), b("x"));
      }
      try (var provider = open(dir, settings(8L << 20, 4L << 20), resources)) {
        StateStore store = provider.load(1);
        assertThat(store.get(b("stray"))).isNull();
        assertThat(store.get(b("a"))).isEqualTo(b("1"));
      }
    }
  }

  private static void openAndClose(Path dir) throws RocksDBException {
    try (var options = new Options(); var db = RocksDB.open(options, dir.toString())) {
      db.get(b("anything"));
    }
  }
}
