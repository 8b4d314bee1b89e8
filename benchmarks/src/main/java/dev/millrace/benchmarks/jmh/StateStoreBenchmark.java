package dev.millrace.benchmarks.jmh;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.config.StateStoreProvider;
import dev.millrace.config.TableSettings;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreProviders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The state-store layer against raw rocksdbjni (issue 7): puts, gets and range deletes per second of Millrace's
 * RocksDB provider, through the public {@link StateStore} interface as the operators use it, and of a bare
 * {@link RocksDB} opened with the same options (mirrored from {@code RocksDbStateStoreProvider} and
 * {@code RocksDbSharedResources}: shared LRU block cache with a write-buffer manager charged to it, Bloom filter
 * 10 bits, partitioned index and filters, 16 KB blocks, LZ4, WAL off). Both start from the same {@value #KEYS}
 * keys; settings are the built-in defaults ({@link TableSettings#BUILT_IN}: 64 MB cache, 16 MB write buffer,
 * snapshot every 10 versions).
 *
 * <ul>
 *   <li>{@code put_*}: one micro-batch of {@value #BATCH} puts (overwrites of existing keys in random order) and its
 *       commit. Millrace's commit writes and fsyncs the batch's changelog, applies the batch to RocksDB and writes a
 *       snapshot every 10th version; {@code put_raw} writes a {@link WriteBatch} with the WAL off (not durable);
 *       {@code put_rawSyncWal} writes it with the WAL on and {@code sync}, the durable raw equivalent.</li>
 *   <li>{@code get_*}: one point lookup of an existing key in random order (the Millrace store has no writes of
 *       its own in the batch, as when an operator looks up state before writing).</li>
 *   <li>{@code deleteRange_*}: removing the {@value #RANGE} keys of one event-time prefix (watermark eviction) and
 *       committing; the keys were put in the previous, unmeasured, step. Millrace's {@code deleteRange} scans and
 *       deletes each key (its changelog and key count need them); {@code deleteRange_rawScan} does the same with a
 *       raw iterator and a {@link WriteBatch}; {@code deleteRange_rawTombstone} writes one RocksDB range tombstone
 *       (the cheapest raw way, which keeps no key count).</li>
 * </ul>
 * Scores are operations (puts, gets, deleted keys) per second. {@code benchmarks/jmh.sh} prints the layer's overhead,
 * {@code raw / millrace - 1}, per operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class StateStoreBenchmark {

  /** Keys in the store before the benchmark. */
  static final int KEYS = 500_000;
  /** Puts per micro-batch (one commit). */
  static final int BATCH = 10_000;
  /** Keys removed by one range delete. */
  static final int RANGE = 10_000;
  static final int VALUE_BYTES = 16;

  private static final byte BASE = 1;
  private static final byte TIMED = 2;

  /** The keys and values both sides use, and the random order they are visited in. */
  static final class Keys {
    final byte[][] keys = new byte[KEYS][];
    final byte[] value = new byte[VALUE_BYTES];
    private final int[] order = new int[KEYS];
    private int cursor;

    Keys() {
      var random = new SplittableRandom(7);
      for (int i = 0; i < KEYS; i++) {
        // A 9-byte key, about the size of an encoded event id, spread over the key space.
        keys[i] = ByteBuffer.allocate(9).put(BASE).putLong(random.nextLong()).array();
        order[i] = i;
      }
      for (int i = KEYS - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      random.nextBytes(value);
    }

    byte[] next() {
      byte[] key = keys[order[cursor]];
      cursor = cursor + 1 == KEYS ? 0 : cursor + 1;
      return key;
    }

    /** Key {@code i} of event-time prefix {@code time}: ordered by time first, as eviction keys are. */
    static byte[] timed(long time, int i) {
      return ByteBuffer.allocate(13).put(TIMED).putLong(time).putInt(i).array();
    }

    static byte[] timePrefix(long time) {
      return ByteBuffer.allocate(9).put(TIMED).putLong(time).array();
    }
  }

  /** Millrace's RocksDB provider, loaded with {@link #KEYS} keys. */
  @State(Scope.Thread)
  public static class Millrace {
    final Keys keys = new Keys();
    Path dir;
    StateResources resources;
    dev.millrace.runtime.state.StateStoreProvider provider;
    long version;
    private StateStore reader;
    long time;

    @Setup(Level.Trial)
    public void open() throws IOException {
      dir = Files.createTempDirectory("millrace-jmh-state");
      resources = new StateResources();
      ResolvedTableSettings.StateStore settings = TableSettings.BUILT_IN.resolve().stateStore();
      if (settings.provider() != StateStoreProvider.ROCKSDB) {
        throw new IllegalStateException("The built-in state store is no longer RocksDB: " + settings.provider());
      }
      provider = StateStoreProviders.create(settings, dir.resolve("p0"), resources);
      // Ten commits, so that the built-in snapshot interval (10) has flushed the memtables, as the raw side does.
      int perCommit = KEYS / 10;
      for (int c = 0; c < 10; c++) {
        StateStore s = provider.load(version);
        for (int i = c * perCommit; i < (c + 1) * perCommit; i++) {
          s.put(keys.keys[i], keys.value);
        }
        version = s.commit();
      }
    }

    /** A store at the latest version, kept open for lookups. */
    StateStore reader() {
      if (reader == null || reader.isFinished()) {
        reader = provider.load(version);
      }
      return reader;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      provider.close();
      resources.close();
      BenchFiles.deleteRecursively(dir);
    }
  }

  /** The Millrace store with one prefix of {@link #RANGE} keys put (and committed) before each invocation. */
  @State(Scope.Thread)
  public static class MillraceRange extends Millrace {
    @Setup(Level.Invocation)
    public void putRange() {
      time++;
      StateStore s = provider.load(version);
      for (int i = 0; i < RANGE; i++) {
        s.put(Keys.timed(time, i), keys.value);
      }
      version = s.commit();
    }
  }

  /** A bare RocksDB with the provider's options, loaded with {@link #KEYS} keys. */
  @State(Scope.Thread)
  public static class Raw {
    final Keys keys = new Keys();
    final List<AutoCloseable> natives = new ArrayList<>();
    Path dir;
    RocksDB db;
    ReadOptions readOptions;
    WriteOptions writeOptions;
    WriteOptions syncWalOptions;
    long time;

    private <T extends AutoCloseable> T own(T object) {
      natives.add(object);
      return object;
    }

    @Setup(Level.Trial)
    public void open() throws IOException, RocksDBException {
      RocksDB.loadLibrary();
      dir = Files.createTempDirectory("millrace-jmh-raw");
      ResolvedTableSettings.RocksDb settings = TableSettings.BUILT_IN.resolve().stateStore().rocksdb();
      // Mirrors RocksDbSharedResources and RocksDbStateStoreProvider.
      LRUCache cache = own(new LRUCache(settings.blockCacheBytes(), -1, false, 0.1));
      WriteBufferManager writeBufferManager = own(new WriteBufferManager(settings.writeBufferBytes(), cache));
      BloomFilter bloomFilter = own(new BloomFilter(10, false));
      var table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setFilterPolicy(bloomFilter)
          .setCacheIndexAndFilterBlocks(false)
          .setIndexType(IndexType.kBinarySearch)
          .setPartitionFilters(false)
          .setBlockSize(16 * 1024)
          .setFormatVersion(5);
      Options options = own(new Options())
          .setCreateIfMissing(true)
          .setTableFormatConfig(table)
          .setWriteBufferManager(writeBufferManager)
          .setWriteBufferSize(Math.max(1L << 20, Math.min(64L << 20, settings.writeBufferBytes() / 4)))
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setMemtablePrefixBloomSizeRatio(0.1)
          .setMemtableWholeKeyFiltering(true)
          .setLevelCompactionDynamicLevelBytes(true)
          .setMaxBackgroundJobs(2)
          .setAvoidFlushDuringShutdown(true)
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setKeepLogFileNum(2)
          .setMaxLogFileSize(1L << 20);
      readOptions = own(new ReadOptions());
      writeOptions = own(new WriteOptions().setDisableWAL(true));
      syncWalOptions = own(new WriteOptions().setSync(true));
      db = RocksDB.open(options, dir.toString());
      int perBatch = KEYS / 10;
      for (int c = 0; c < 10; c++) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = c * perBatch; i < (c + 1) * perBatch; i++) {
            batch.put(keys.keys[i], keys.value);
          }
          db.write(writeOptions, batch);
        }
      }
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        db.flush(flush);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      db.close();
      for (int i = natives.size() - 1; i >= 0; i--) {
        try {
          natives.get(i).close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      BenchFiles.deleteRecursively(dir);
    }
  }

  /** The raw store with one prefix of {@link #RANGE} keys put before each invocation. */
  @State(Scope.Thread)
  public static class RawRange extends Raw {
    @Setup(Level.Invocation)
    public void putRange() throws RocksDBException {
      time++;
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < RANGE; i++) {
          batch.put(Keys.timed(time, i), keys.value);
        }
        db.write(writeOptions, batch);
      }
    }
  }

  // ---- puts ----

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long put_millrace(Millrace m) {
    StateStore s = m.provider.load(m.version);
    for (int i = 0; i < BATCH; i++) {
      s.put(m.keys.next(), m.keys.value);
    }
    m.version = s.commit();
    return m.version;
  }

  /**
   * As {@code put_millrace}, with the caller saying the key is present ({@code put(key, value, true)}), as the
   * stateful operators do after their own lookup: no read before the write.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long put_millraceKnown(Millrace m) {
    StateStore s = m.provider.load(m.version);
    for (int i = 0; i < BATCH; i++) {
      s.put(m.keys.next(), m.keys.value, true);
    }
    m.version = s.commit();
    return m.version;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int put_raw(Raw r) throws RocksDBException {
    return putBatch(r, r.writeOptions);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int put_rawSyncWal(Raw r) throws RocksDBException {
    return putBatch(r, r.syncWalOptions);
  }

  private static int putBatch(Raw r, WriteOptions options) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < BATCH; i++) {
        batch.put(r.keys.next(), r.keys.value);
      }
      r.db.write(options, batch);
      return batch.count();
    }
  }

  // ---- gets ----

  @Benchmark
  public byte[] get_millrace(Millrace m) {
    return m.reader().get(m.keys.next());
  }

  @Benchmark
  public byte[] get_raw(Raw r) throws RocksDBException {
    return r.db.get(r.readOptions, r.keys.next());
  }

  // ---- range deletes ----

  @Benchmark
  @OperationsPerInvocation(RANGE)
  public long deleteRange_millrace(MillraceRange m) {
    StateStore s = m.provider.load(m.version);
    s.deleteRange(Keys.timePrefix(m.time), Keys.timePrefix(m.time + 1));
    m.version = s.commit();
    return m.version;
  }

  @Benchmark
  @OperationsPerInvocation(RANGE)
  public int deleteRange_rawScan(RawRange r) throws RocksDBException {
    byte[] to = Keys.timePrefix(r.time + 1);
    try (WriteBatch batch = new WriteBatch(); RocksIterator it = r.db.newIterator(r.readOptions)) {
      for (it.seek(Keys.timePrefix(r.time)); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (java.util.Arrays.compareUnsigned(key, to) >= 0) {
          break;
        }
        batch.delete(key);
      }
      it.status();
      r.db.write(r.writeOptions, batch);
      return batch.count();
    }
  }

  @Benchmark
  @OperationsPerInvocation(RANGE)
  public int deleteRange_rawTombstone(RawRange r) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(Keys.timePrefix(r.time), Keys.timePrefix(r.time + 1));
      r.db.write(r.writeOptions, batch);
      return batch.count();
    }
  }
}
