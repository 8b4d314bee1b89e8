package dev.millrace.runtime.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.config.RocksDbCompression;
import dev.millrace.config.StateStoreProvider;
import dev.millrace.types.DataType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every state store provider must have (as Kafka's {@code AbstractKeyValueStoreTest}); each provider's
 * test extends this class and names its provider.
 */
abstract class StateStoreContract {

  @TempDir
  Path checkpoint;

  Path dir;
  final StateResources resources = new StateResources();
  private final List<dev.millrace.runtime.state.StateStoreProvider> opened = new ArrayList<>();

  /** The provider under test. */
  abstract StateStoreProvider provider();

  @AfterEach
  void closeEverything() {
    opened.forEach(dev.millrace.runtime.state.StateStoreProvider::close);
    resources.close();
  }

  static ResolvedTableSettings.StateStore settings(StateStoreProvider provider, int snapshotInterval, int retain) {
    return new ResolvedTableSettings.StateStore(provider, snapshotInterval, retain,
        new ResolvedTableSettings.RocksDb(8L << 20, 4L << 20, RocksDbCompression.LZ4));
  }

  dev.millrace.runtime.state.StateStoreProvider open(int snapshotInterval, int retain) {
    if (dir == null) {
      dir = checkpoint.resolve("state").resolve("0").resolve("3");
    }
    var provider = StateStoreProviders.create(settings(provider(), snapshotInterval, retain), dir, resources);
    opened.add(provider);
    return provider;
  }

  dev.millrace.runtime.state.StateStoreProvider open() {
    return open(10, 20);
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static String s(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  /** Every entry of the store, as strings, in iteration order. */
  static Map<String, String> contents(StateStore store) {
    var out = new LinkedHashMap<String, String>();
    try (StateIterator it = store.prefix(new byte[0])) {
      while (it.next()) {
        out.put(s(it.key()), s(it.value()));
      }
    }
    return out;
  }

  static List<String> keys(StateIterator iterator) {
    var out = new ArrayList<String>();
    try (iterator) {
      while (iterator.next()) {
        out.add(Arrays.toString(iterator.key()));
      }
    }
    return out;
  }

  /** Commits versions 1..n, version v holding keys k1..kv with value "v" (and key "latest" = v). */
  static void commitVersions(dev.millrace.runtime.state.StateStoreProvider provider, int n) {
    for (int v = 0; v < n; v++) {
      StateStore store = provider.load(v);
      store.put(b("k" + (v + 1)), b(Integer.toString(v + 1)));
      store.put(b("latest"), b(Integer.toString(v + 1)));
      assertThat(store.commit()).isEqualTo(v + 1);
    }
  }

  static Map<String, String> expectedAt(int version) {
    var out = new TreeMap<String, String>();
    for (int v = 1; v <= version; v++) {
      out.put("k" + v, Integer.toString(v));
    }
    if (version > 0) {
      out.put("latest", Integer.toString(version));
    }
    return out;
  }

  TreeSet<String> files(String sub) throws IOException {
    try (Stream<Path> entries = Files.list(dir.resolve(sub))) {
      return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(
          () -> new TreeSet<>(java.util.Comparator.comparingLong(Long::parseLong))));
    }
  }

  @Test
  void aFreshDirectoryHasOnlyTheEmptyVersion() {
    var provider = open();
    assertThat(provider.committedVersions()).containsExactly(0L);
    StateStore store = provider.load(0);
    assertThat(store.version()).isZero();
    assertThat(store.get(b("a"))).isNull();
    assertThat(contents(store)).isEmpty();
    assertThat(store.metrics().keys()).isZero();
  }

  @Test
  void getReturnsTheLatestPutAndNullAfterDelete() {
    StateStore store = open().load(0);
    store.put(b("a"), b("1"));
    store.put(b("a"), b("2"));
    assertThat(s(store.get(b("a")))).isEqualTo("2");
    store.delete(b("a"));
    assertThat(store.get(b("a"))).isNull();
    store.delete(b("never-there"));
    assertThat(store.metrics().keys()).isZero();
  }

  @Test
  void readsSeeTheBatchsOwnWritesOverCommittedState() {
    var provider = open();
    StateStore first = provider.load(0);
    first.put(b("a"), b("committed-a"));
    first.put(b("b"), b("committed-b"));
    first.put(b("c"), b("committed-c"));
    first.commit();

    StateStore store = provider.load(1);
    store.put(b("b"), b("new-b"));
    store.delete(b("c"));
    store.put(b("d"), b("new-d"));
    assertThat(s(store.get(b("a")))).isEqualTo("committed-a");
    assertThat(s(store.get(b("b")))).isEqualTo("new-b");
    assertThat(store.get(b("c"))).isNull();
    assertThat(contents(store)).containsExactly(Map.entry("a", "committed-a"), Map.entry("b", "new-b"),
        Map.entry("d", "new-d"));
    assertThat(store.metrics().keys()).isEqualTo(3);
  }

  @Test
  void emptyKeysAndValuesAreValid() {
    var provider = open();
    StateStore store = provider.load(0);
    store.put(new byte[0], new byte[0]);
    assertThat(store.get(new byte[0])).isEmpty();
    store.commit();
    assertThat(provider.load(1).get(new byte[0])).isEmpty();
  }

  @Test
  void theStoreKeepsCopiesOfKeysAndValues() {
    var provider = open();
    StateStore store = provider.load(0);
    byte[] key = b("key");
    byte[] value = b("value");
    store.put(key, value);
    key[0] = 'X';
    value[0] = 'X';
    assertThat(s(store.get(b("key")))).isEqualTo("value");
    store.get(b("key"))[0] = 'Y';
    assertThat(s(store.get(b("key")))).isEqualTo("value");
    store.commit();
    assertThat(s(provider.load(1).get(b("key")))).isEqualTo("value");
  }

  @Test
  void iterationIsInUnsignedByteOrderAcrossCommittedAndBatchEntries() {
    var provider = open();
    StateStore first = provider.load(0);
    for (int[] key : new int[][] {{0xFF}, {0x01}, {0x80, 0x00}, {0x7F, 0xFF}, {0x80}}) {
      first.put(bytes(key), b("v"));
    }
    first.commit();
    StateStore store = provider.load(1);
    store.put(bytes(0x00), b("v"));
    store.put(bytes(0x80, 0x01), b("v"));
    store.delete(bytes(0x7F, 0xFF));
    assertThat(keys(store.prefix(new byte[0]))).containsExactly("[0]", "[1]", "[-128]", "[-128, 0]", "[-128, 1]",
        "[-1]");
  }

  @Test
  void rangeIncludesItsStartAndExcludesItsEnd() {
    var provider = open();
    StateStore first = provider.load(0);
    for (String k : List.of("a", "b", "c", "d")) {
      first.put(b(k), b(k));
    }
    first.commit();
    StateStore store = provider.load(1);
    store.put(b("bb"), b("bb"));
    store.delete(b("c"));
    assertThat(keysAsStrings(store.range(b("b"), b("d")))).containsExactly("b", "bb");
    assertThat(keysAsStrings(store.range(new byte[0], b("b")))).containsExactly("a");
    assertThat(keysAsStrings(store.range(b("d"), b("b")))).isEmpty();
    assertThat(keysAsStrings(store.range(b("b"), b("b")))).isEmpty();
  }

  static List<String> keysAsStrings(StateIterator iterator) {
    var out = new ArrayList<String>();
    try (iterator) {
      while (iterator.next()) {
        out.add(s(iterator.key()));
        assertThat(s(iterator.value())).isEqualTo(s(iterator.key()));
      }
    }
    return out;
  }

  @Test
  void prefixFindsExactlyTheKeysStartingWithIt() {
    StateStore store = open().load(0);
    for (String k : List.of("user1", "user1/a", "user1/b", "user10", "user2", "user")) {
      store.put(b(k), b(k));
    }
    store.put(bytes(0xFF, 0xFF, 0x01), bytes(0xFF, 0xFF, 0x01));
    store.put(bytes(0xFF, 0xFE), bytes(0xFF, 0xFE));
    assertThat(keysAsStrings(store.prefix(b("user1/")))).containsExactly("user1/a", "user1/b");
    assertThat(keysAsStrings(store.prefix(b("user1")))).containsExactly("user1", "user1/a", "user1/b", "user10");
    assertThat(keys(store.prefix(bytes(0xFF, 0xFF)))).containsExactly("[-1, -1, 1]");
  }

  @Test
  void deleteRangeRemovesExactlyTheKeysInTheRange() {
    var provider = open();
    StateStore first = provider.load(0);
    for (int i = 0; i < 10_000; i += 2) {
      first.put(b(String.format("%05d", i)), b("c"));
    }
    first.commit();
    StateStore store = provider.load(1);
    for (int i = 1; i < 10_000; i += 2) {
      store.put(b(String.format("%05d", i)), b("b"));
    }
    store.deleteRange(b("00100"), b("09000"));
    assertThat(store.metrics().keys()).isEqualTo(100 + 1000);
    assertThat(store.get(b("00099"))).isNotNull();
    assertThat(store.get(b("00100"))).isNull();
    assertThat(store.get(b("08999"))).isNull();
    assertThat(store.get(b("09000"))).isNotNull();
    store.commit();
    Map<String, String> after = contents(provider.load(2));
    assertThat(after).hasSize(1100).containsKeys("00000", "00099", "09000", "09999").doesNotContainKeys("00100",
        "05000");
  }

  @Test
  void putsAndDeletesWhosePresenceTheCallerKnowsKeepTheDataAndTheKeyCount() {
    var provider = open();
    StateStore first = provider.load(0);
    first.put(b("a"), b("1"), false);
    first.put(b("b"), b("1"), false);
    first.put(b("a"), b("2"), true); // a put of this batch's own key
    assertThat(first.metrics().keys()).isEqualTo(2);
    first.commit();
    StateStore store = provider.load(1);
    store.put(b("b"), b("3"), true);
    store.put(b("c"), b("1"), false);
    store.deletePresent(b("a"));
    assertThat(store.metrics().keys()).isEqualTo(2);
    assertThat(store.get(b("a"))).isNull();
    assertThat(new String(store.get(b("b")), StandardCharsets.UTF_8)).isEqualTo("3");
    store.commit();
    assertThat(contents(provider.load(2))).isEqualTo(Map.of("b", "3", "c", "1"));
    assertThat(provider.load(2).metrics().keys()).isEqualTo(2);
  }

  @Test
  void abortDropsTheBatchsWrites() {
    var provider = open();
    StateStore first = provider.load(0);
    first.put(b("a"), b("1"));
    first.commit();
    StateStore store = provider.load(1);
    store.put(b("a"), b("2"));
    store.put(b("b"), b("2"));
    store.abort();
    store.abort();
    assertThat(store.isFinished()).isTrue();
    StateStore again = provider.load(1);
    assertThat(contents(again)).containsExactly(Map.entry("a", "1"));
    assertThat(again.metrics().keys()).isEqualTo(1);
    assertThat(provider.committedVersions()).containsExactly(0L, 1L);
  }

  @Test
  void aFinishedStoreRefusesUse() {
    var provider = open();
    StateStore store = provider.load(0);
    store.put(b("a"), b("1"));
    store.commit();
    assertThat(store.isFinished()).isTrue();
    assertThatThrownBy(() -> store.get(b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.put(b("a"), b("2"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(store::commit).isInstanceOf(IllegalStateException.class);
    store.abort(); // a no-op after commit
    assertThat(s(provider.load(1).get(b("a")))).isEqualTo("1");
  }

  @Test
  void loadingAnotherStoreAbortsTheOpenOne() {
    var provider = open();
    StateStore abandoned = provider.load(0);
    abandoned.put(b("a"), b("1"));
    StateStore store = provider.load(0);
    assertThat(abandoned.isFinished()).isTrue();
    assertThatThrownBy(() -> abandoned.get(b("a"))).isInstanceOf(IllegalStateException.class);
    assertThat(store.get(b("a"))).isNull();
  }

  @Test
  void writesWaitUntilOpenIteratorsAreClosed() {
    StateStore store = open().load(0);
    store.put(b("a"), b("1"));
    store.put(b("b"), b("2"));
    StateIterator it = store.prefix(new byte[0]);
    assertThat(it.next()).isTrue();
    assertThatThrownBy(() -> store.put(b("c"), b("3"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("open iterator");
    assertThatThrownBy(() -> store.delete(b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.deleteRange(b("a"), b("z"))).isInstanceOf(IllegalStateException.class);
    it.close();
    store.put(b("c"), b("3"));
    StateIterator exhausted = store.prefix(new byte[0]);
    while (exhausted.next()) {
      // drain: an exhausted iterator no longer blocks writes
    }
    store.delete(b("a"));
    assertThat(contents(store)).containsOnlyKeys("b", "c");
  }

  @Test
  void iteratorsBecomeInvalidWhenTheirStoreFinishes() {
    StateStore store = open().load(0);
    store.put(b("a"), b("1"));
    store.put(b("b"), b("1"));
    StateIterator it = store.prefix(new byte[0]);
    assertThat(it.next()).isTrue();
    store.commit();
    assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
    assertThat(it.next()).isFalse();
    it.close();
  }

  @Test
  void eachCommittedVersionLoadsExactlyItsState() {
    var provider = open(3, 100);
    commitVersions(provider, 7);
    for (int v = 0; v <= 7; v++) {
      assertThat(contents(provider.load(v))).as("version %d", v).isEqualTo(expectedAt(v));
    }
    var reopened = reopen(provider, 3, 100);
    for (int v = 7; v >= 0; v--) {
      assertThat(contents(reopened.load(v))).as("version %d after reopening", v).isEqualTo(expectedAt(v));
    }
  }

  dev.millrace.runtime.state.StateStoreProvider reopen(dev.millrace.runtime.state.StateStoreProvider old,
      int snapshotInterval, int retain) {
    old.close();
    return open(snapshotInterval, retain);
  }

  @Test
  void restoresFromTheNearestSnapshotPlusChangelogs() throws IOException {
    var provider = open(4, 100);
    commitVersions(provider, 6);
    assertThat(files("snapshots")).containsExactly("4");
    provider.close();
    // Without the changelogs up to the snapshot, version 6 can only come from snapshot 4 + changelogs 5 and 6.
    for (int v = 1; v <= 4; v++) {
      Files.delete(dir.resolve("changelog").resolve(Integer.toString(v)));
    }
    var reopened = open(4, 100);
    assertThat(contents(reopened.load(6))).isEqualTo(expectedAt(6));
    assertThat(reopened.load(6).metrics().keys()).isEqualTo(7);
    assertThat(contents(reopened.load(4))).isEqualTo(expectedAt(4));
  }

  @Test
  void restoresFromChangelogsAloneWhenNoSnapshotIsDue() throws IOException {
    var provider = open(100, 100);
    commitVersions(provider, 6);
    assertThat(files("snapshots")).isEmpty();
    assertThat(files("changelog")).containsExactly("1", "2", "3", "4", "5", "6");
    var reopened = reopen(provider, 100, 100);
    StateStore store = reopened.load(6);
    assertThat(contents(store)).isEqualTo(expectedAt(6));
    assertThat(store.metrics().keys()).isEqualTo(7);
  }

  @Test
  void pruningKeepsExactlyRetainBatchesVersions() throws IOException {
    var provider = open(3, 4);
    commitVersions(provider, 10);
    assertThat(provider.committedVersions()).containsExactly(7L, 8L, 9L, 10L);
    // Version 7 restores from snapshot 6 plus changelog 7; older files are gone.
    assertThat(files("snapshots")).containsExactly("6", "9");
    assertThat(files("changelog")).containsExactly("7", "8", "9", "10");
    var reopened = reopen(provider, 3, 4);
    for (int v = 7; v <= 10; v++) {
      assertThat(contents(reopened.load(v))).isEqualTo(expectedAt(v));
    }
    assertThatThrownBy(() -> reopened.load(6)).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("older than retain-batches allows").hasMessageContaining(dir.toString());
  }

  @Test
  void pruningWithoutASnapshotKeepsTheChangelogsFromTheEmptyState() throws IOException {
    var provider = open(100, 3);
    commitVersions(provider, 5);
    assertThat(provider.committedVersions()).containsExactly(3L, 4L, 5L);
    assertThat(files("changelog")).containsExactly("1", "2", "3", "4", "5");
    assertThatThrownBy(() -> provider.load(2)).hasMessageContaining("older than retain-batches allows");
    assertThat(contents(provider.load(3))).isEqualTo(expectedAt(3));
  }

  @Test
  void aMissingChangelogFailsNamingTheFileAndTheFix() throws IOException {
    var provider = open(100, 100);
    commitVersions(provider, 5);
    provider.close();
    Files.delete(dir.resolve("changelog").resolve("3"));
    var reopened = open(100, 100);
    assertThat(contents(reopened.load(2))).isEqualTo(expectedAt(2));
    assertThatThrownBy(() -> reopened.load(5)).isInstanceOf(StateStoreException.class)
        .hasMessageContaining(dir.resolve("changelog").resolve("3").toString())
        .hasMessageContaining("older than retain-batches allows")
        .hasMessageContaining("full refresh");
  }

  @Test
  void aVersionNeverCommittedCannotBeLoaded() {
    var provider = open();
    commitVersions(provider, 2);
    assertThatThrownBy(() -> provider.load(3)).isInstanceOf(StateStoreException.class)
        .hasMessageContaining("never committed");
  }

  @Test
  void aTornChangelogIsDetectedAtEveryCutPoint() throws IOException {
    var provider = open(100, 100);
    commitVersions(provider, 3);
    provider.close();
    Path last = dir.resolve("changelog").resolve("3");
    byte[] whole = Files.readAllBytes(last);
    for (int length = 0; length < whole.length; length++) {
      Files.write(last, Arrays.copyOf(whole, length));
      var reopened = open(100, 100);
      int cut = length;
      assertThatThrownBy(() -> reopened.load(3)).as("cut at %d of %d bytes", cut, whole.length)
          .isInstanceOf(StateStoreException.class).hasMessageContaining(last.toString())
          .hasMessageContaining("damaged or incomplete");
      reopened.close();
    }
    Files.write(last, whole);
    assertThat(contents(open(100, 100).load(3))).isEqualTo(expectedAt(3));
  }

  @Test
  void aChangedByteInAChangelogIsDetected() throws IOException {
    var provider = open(100, 100);
    commitVersions(provider, 2);
    provider.close();
    Path file = dir.resolve("changelog").resolve("2");
    try (var raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(raw.length() - 12); // inside the key count of the trailer
      int b = raw.read();
      raw.seek(raw.length() - 12);
      raw.write(b ^ 0x01);
    }
    var reopened = open(100, 100);
    assertThatThrownBy(() -> reopened.load(2)).hasMessageContaining("checksum");
    assertThat(contents(reopened.load(1))).isEqualTo(expectedAt(1));
  }

  @Test
  void recommittingAVersionReplacesItAndDropsLaterOnes() throws IOException {
    var provider = open(2, 100);
    commitVersions(provider, 4);
    // Crash between the state commit of batch 1 and its commits/1: the batch re-runs from version 1.
    StateStore rerun = provider.load(1);
    rerun.put(b("rerun"), b("yes"));
    assertThat(rerun.commit()).isEqualTo(2);
    assertThat(provider.committedVersions()).containsExactly(0L, 1L, 2L);
    assertThat(files("changelog")).containsExactly("1", "2");
    assertThat(files("snapshots")).containsExactly("2");
    var reopened = reopen(provider, 2, 100);
    var expected = new TreeMap<>(expectedAt(1));
    expected.put("rerun", "yes");
    assertThat(contents(reopened.load(2))).isEqualTo(expected);
  }

  @Test
  void leftoversOfAnInterruptedCommitAreIgnoredAndDeleted() throws IOException {
    var provider = open();
    commitVersions(provider, 1);
    provider.close();
    Path leftover = dir.resolve("changelog").resolve(".tmp-2-12345");
    Files.write(leftover, b("half a changelog"));
    var reopened = open();
    assertThat(Files.exists(leftover)).isFalse();
    assertThat(reopened.committedVersions()).containsExactly(0L, 1L);
  }

  @Test
  void metricsCountKeysExactlyAndMeasureCommits() {
    var provider = open(2, 10);
    StateStore store = provider.load(0);
    assertThat(store.metrics().lastCommitDuration()).isZero();
    store.put(b("a"), b("1"));
    store.put(b("a"), b("2"));
    store.put(b("b"), b("1"));
    store.delete(b("missing"));
    assertThat(store.metrics().keys()).isEqualTo(2);
    assertThat(store.metrics().bytesInMemory()).isPositive();
    store.commit();
    StateStore next = provider.load(1);
    next.delete(b("a"));
    next.put(b("c"), b("1"));
    next.put(b("d"), b("1"));
    assertThat(next.metrics().keys()).isEqualTo(3);
    next.commit();
    StateMetrics metrics = provider.load(2).metrics();
    assertThat(metrics.keys()).isEqualTo(3);
    assertThat(metrics.lastCommitDuration()).isPositive();
    assertThat(metrics.bytesOnDisk()).isPositive();
    var reopened = reopen(provider, 2, 10);
    assertThat(reopened.load(2).metrics().keys()).as("from snapshot 2").isEqualTo(3);
    assertThat(reopened.load(1).metrics().keys()).as("from changelog 1").isEqualTo(2);
  }

  @Test
  void aLeadingTimeColumnAllowsEvictionByRangeWithoutAFullScan() {
    var codec = new RowKeyCodec(List.of(DataType.TIMESTAMP, DataType.STRING));
    StateStore store = open().load(0);
    long[] times = {-5_000_000L, 0L, 999_999L, 1_000_000L, 2_500_000L};
    for (long t : times) {
      for (String user : List.of("b", "a")) {
        store.put(codec.encode(new Object[] {t, user}), b(t + user));
      }
    }
    store.put(codec.encode(new Object[] {null, "z"}), b("null-time"));
    long watermark = 1_000_000L;
    var evicted = new ArrayList<String>();
    try (StateIterator it = store.range(codec.encodePrefix(Long.MIN_VALUE), codec.encodePrefix(watermark))) {
      while (it.next()) {
        Object[] key = codec.decode(it.key());
        evicted.add(key[0] + "/" + key[1]);
      }
    }
    assertThat(evicted).containsExactly("-5000000/a", "-5000000/b", "0/a", "0/b", "999999/a", "999999/b");
    store.deleteRange(codec.encodePrefix(Long.MIN_VALUE), codec.encodePrefix(watermark));
    assertThat(store.metrics().keys()).isEqualTo(5);
  }

  @Test
  void randomBatchesAgreeWithASortedMapModel() {
    var random = new Random(42);
    var provider = open(3, 5);
    var committed = new ArrayList<TreeMap<String, String>>();
    committed.add(new TreeMap<>());
    long version = 0;
    for (int batch = 0; batch < 40; batch++) {
      // Now and then go back to an older retained version (a re-run) or reopen the provider (a restart).
      if (random.nextInt(6) == 0) {
        provider = reopen(provider, 3, 5);
      }
      if (random.nextInt(5) == 0 && version > 0) {
        long oldest = provider.committedVersions().get(0);
        version = oldest + random.nextInt((int) (version - oldest + 1));
      }
      StateStore store = provider.load(version);
      var model = new TreeMap<>(committed.get((int) version));
      assertThat(contents(store)).isEqualTo(model);
      for (int op = 0; op < 60; op++) {
        String key = "k" + random.nextInt(80);
        switch (random.nextInt(5)) {
          case 0, 1 -> {
            String value = "v" + random.nextInt(1000);
            store.put(b(key), b(value));
            model.put(key, value);
          }
          case 2 -> {
            store.delete(b(key));
            model.remove(key);
          }
          case 3 -> {
            String to = "k" + random.nextInt(80);
            store.deleteRange(b(key), b(to));
            if (key.compareTo(to) < 0) {
              model.subMap(key, to).clear();
            }
          }
          default -> assertThat(s(store.get(b(key)))).isEqualTo(model.get(key));
        }
      }
      assertThat(contents(store)).isEqualTo(model);
      assertThat(store.metrics().keys()).isEqualTo(model.size());
      if (random.nextInt(4) == 0) {
        store.abort();
        continue;
      }
      version = store.commit();
      while (committed.size() > version) {
        committed.remove(committed.size() - 1);
      }
      committed.add(model);
    }
    var last = reopen(provider, 3, 5);
    assertThat(contents(last.load(version))).isEqualTo(committed.get((int) version));
  }

  @Test
  void scansBetweenManyWritesSeeEveryWriteOfTheBatch() {
    // Thousands of writes of one batch with scans between them, over keys both committed and new, as a stream-stream
    // join scans a key's prefix between the puts of each row.
    var random = new Random(7);
    var provider = open(3, 5);
    var model = new TreeMap<String, String>();
    long version = 0;
    for (int batch = 0; batch < 3; batch++) {
      StateStore store = provider.load(version);
      for (int op = 0; op < 6000; op++) {
        String key = String.format("k%05d", random.nextInt(20_000));
        int kind = random.nextInt(10);
        if (kind < 6) {
          String value = "v" + op;
          store.put(b(key), b(value));
          model.put(key, value);
        } else if (kind < 8) {
          store.delete(b(key));
          model.remove(key);
        } else {
          String to = String.format("k%05d", random.nextInt(20_000));
          var seen = new TreeMap<String, String>();
          try (StateIterator it = store.range(b(key), b(to))) {
            while (it.next()) {
              seen.put(s(it.key()), s(it.value()));
            }
          }
          assertThat(seen).as("range %s..%s in batch %d at op %d", key, to, batch, op)
              .isEqualTo(key.compareTo(to) < 0 ? model.subMap(key, to) : Map.of());
        }
      }
      assertThat(contents(store)).isEqualTo(model);
      assertThat(store.metrics().keys()).isEqualTo(model.size());
      version = store.commit();
    }
    assertThat(contents(reopen(provider, 3, 5).load(version))).isEqualTo(model);
  }
}
