package dev.millrace.runtime.state.rocksdb;

import dev.millrace.config.ResolvedTableSettings;
import dev.millrace.config.RocksDbCompression;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStoreException;
import dev.millrace.runtime.state.internal.BatchStateStore;
import dev.millrace.runtime.state.internal.ChangelogFormat;
import dev.millrace.runtime.state.internal.ChangelogReader;
import dev.millrace.runtime.state.internal.StateFiles;
import dev.millrace.runtime.state.internal.VersionedStateStoreProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State in an embedded RocksDB instance, one per operator partition, in the working directory {@code <dir>/db}. The
 * instance holds the loaded version; it is rebuilt from the checkpoint files (a RocksDB checkpoint in
 * {@code snapshots/<v>/data}, its SST files hard-linked, plus changelogs) whenever another version is loaded, and
 * always when the provider opens, so a crash never leaves it authoritative. A batch's writes are buffered in a
 * sorted overlay on the heap (reads see them) and handed to RocksDB at commit as one write batch, written with the
 * WAL disabled: the changelog is the durability.
 *
 * <p>Memory: the block cache and the write-buffer manager are shared through {@link StateResources}; each instance
 * has a Bloom filter, index and filter blocks in the cache, and its own memtables within the shared write-buffer
 * limit. Every native object is closed by {@link #close()} (or when the batch or iterator that owns it finishes).
 * Not thread-safe.
 */
public final class RocksDbStateStoreProvider extends VersionedStateStoreProvider {

  private static final Logger log = LoggerFactory.getLogger(RocksDbStateStoreProvider.class);

  /** The name recorded in the state directory. */
  public static final String NAME = "rocksdb";

  static {
    RocksDB.loadLibrary();
  }

  private static final int REPLAY_BATCH_RECORDS = 10_000;
  private static final long MAX_MEMTABLE_BYTES = 64L << 20;

  private final RocksDbSharedResources shared;
  private final Path workDir;
  private final List<AutoCloseable> nativeObjects = new ArrayList<>();
  private final Options options;
  private final ReadOptions readOptions;
  private final WriteOptions writeOptions;
  private final FlushOptions flushOptions;
  private RocksDB db;

  public RocksDbStateStoreProvider(Path dir, ResolvedTableSettings.StateStore settings, StateResources resources) {
    super(dir, settings, NAME);
    this.workDir = files.directory().resolve("db");
    this.shared = RocksDbSharedResources.of(resources, settings.rocksdb());
    try {
      BloomFilter bloomFilter = own(new BloomFilter(10, false));
      // Index and Bloom filter blocks live in each file's table reader, outside the block cache: a lookup checks a
      // file's filter without a cache lookup (and its shard's lock), which was a third of the time of a lookup of a
      // missing key with partitioned filters in the cache. They cost about 1.25 bytes per key (10 bits of filter) on
      // top of the cache; `rocksdb.estimate-table-readers-mem` reports them.
      var table = new BlockBasedTableConfig()
          .setBlockCache(shared.cache())
          .setFilterPolicy(bloomFilter)
          .setCacheIndexAndFilterBlocks(false)
          .setIndexType(IndexType.kBinarySearch)
          .setPartitionFilters(false)
          .setBlockSize(16 * 1024)
          .setFormatVersion(5);
      long writeBuffer = settings.rocksdb().writeBufferBytes();
      options = own(new Options())
          .setCreateIfMissing(true)
          .setTableFormatConfig(table)
          .setWriteBufferManager(shared.writeBufferManager())
          .setWriteBufferSize(Math.max(1L << 20, Math.min(MAX_MEMTABLE_BYTES, writeBuffer / 4)))
          .setCompressionType(compression(settings.rocksdb().compression()))
          // A Bloom filter over the memtables' whole keys: most lookups are of keys that are not there (a new
          // de-duplication key, a new group), and without it such a lookup searches the memtables' skip lists.
          .setMemtablePrefixBloomSizeRatio(0.1)
          .setMemtableWholeKeyFiltering(true)
          .setLevelCompactionDynamicLevelBytes(true)
          .setMaxBackgroundJobs(2)
          .setAvoidFlushDuringShutdown(true) // the working instance is rebuilt from the checkpoint files anyway
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setKeepLogFileNum(2)
          .setMaxLogFileSize(1L << 20);
      readOptions = own(new ReadOptions());
      writeOptions = own(new WriteOptions().setDisableWAL(true));
      flushOptions = own(new FlushOptions().setWaitForFlush(true));
    } catch (RuntimeException e) {
      closeNativeObjects();
      throw e;
    }
  }

  private <T extends AutoCloseable> T own(T object) {
    nativeObjects.add(object);
    return object;
  }

  private static CompressionType compression(RocksDbCompression compression) {
    return switch (compression) {
      case NONE -> CompressionType.NO_COMPRESSION;
      case SNAPPY -> CompressionType.SNAPPY_COMPRESSION;
      case LZ4 -> CompressionType.LZ4_COMPRESSION;
      case ZSTD -> CompressionType.ZSTD_COMPRESSION;
    };
  }

  RocksDB db() {
    if (db == null) {
      throw new IllegalStateException("The RocksDB state store of " + directory() + " is not open");
    }
    return db;
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  RocksDbSharedResources shared() {
    return shared;
  }

  Path workDir() {
    return workDir;
  }

  StateStoreException failure(String action, Exception e) {
    return new StateStoreException(directory(), "RocksDB failed to " + action + " in the state store at "
        + directory() + ": " + e.getMessage(), e);
  }

  @Override
  protected void restoreEmpty() throws IOException {
    closeDb();
    StateFiles.deleteRecursively(workDir);
    openDb();
  }

  @Override
  protected void restoreSnapshot(Path data) throws IOException {
    closeDb();
    StateFiles.deleteRecursively(workDir);
    Files.createDirectories(workDir);
    try (DirectoryStream<Path> snapshotFiles = Files.newDirectoryStream(data)) {
      for (Path file : snapshotFiles) {
        Path target = workDir.resolve(file.getFileName().toString());
        if (file.getFileName().toString().endsWith(".sst")) {
          try {
            Files.createLink(target, file); // SST files are immutable; RocksDB only ever unlinks its name
            continue;
          } catch (IOException | UnsupportedOperationException e) {
            log.debug("[state {}] Cannot hard-link {}, copying it", directory(), file, e);
          }
        }
        Files.copy(file, target);
      }
    }
    openDb();
  }

  private void openDb() throws IOException {
    Files.createDirectories(workDir);
    try {
      db = RocksDB.open(options, workDir.toString());
    } catch (RocksDBException e) {
      throw failure("open the working instance " + workDir, e);
    }
  }

  private void closeDb() {
    if (db != null) {
      RocksDB open = db;
      db = null;
      try {
        open.closeE();
      } catch (RocksDBException e) {
        log.warn("[state {}] Closing the RocksDB instance reported an error", directory(), e);
      }
    }
  }

  @Override
  protected void replay(ChangelogReader changelog) throws IOException {
    try (WriteBatch batch = new WriteBatch()) {
      while (changelog.next()) {
        if (changelog.op() == ChangelogFormat.OP_PUT) {
          batch.put(changelog.key(), changelog.value());
        } else {
          batch.delete(changelog.key());
        }
        if (batch.count() >= REPLAY_BATCH_RECORDS) {
          db().write(writeOptions, batch);
          batch.clear();
        }
      }
      db().write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("replay a changelog", e);
    }
  }

  @Override
  protected void writeSnapshot(Path data) throws IOException {
    try (Checkpoint checkpoint = Checkpoint.create(db())) {
      db().flush(flushOptions); // the WAL is off, so the memtables must reach SST files first
      checkpoint.createCheckpoint(data.toString());
    } catch (RocksDBException e) {
      throw failure("write a checkpoint to " + data, e);
    }
  }

  @Override
  protected BatchStateStore newStore(long version, long keys) {
    return new RocksDbStateStore(this, version, keys);
  }

  @Override
  protected long workingStateBytesInMemory() {
    if (db == null) {
      return 0;
    }
    try {
      return db.getLongProperty("rocksdb.cur-size-all-mem-tables")
          + db.getLongProperty("rocksdb.estimate-table-readers-mem");
    } catch (RocksDBException e) {
      return 0;
    }
  }

  @Override
  protected void releaseResources() {
    closeDb();
    closeNativeObjects();
  }

  private void closeNativeObjects() {
    for (int i = nativeObjects.size() - 1; i >= 0; i--) {
      try {
        nativeObjects.get(i).close();
      } catch (Exception e) {
        log.warn("[state {}] Closing {} failed", directory(), nativeObjects.get(i), e);
      }
    }
    nativeObjects.clear();
  }
}
