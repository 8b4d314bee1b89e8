package dev.millrace.runtime.state.rocksdb;

import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.internal.OverlayStateStore;
import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * A batch over the RocksDB instance: writes are buffered on the heap ({@link OverlayStateStore}), so a put or delete
 * does not cross JNI; reads that miss the buffer go to the DB. The commit hands the whole batch to RocksDB in one
 * call, as a {@link WriteBatch} built from its serialized form ({@link WriteBatchEncoder}), written with the WAL off.
 */
final class RocksDbStateStore extends OverlayStateStore {

  private final RocksDbStateStoreProvider provider;

  RocksDbStateStore(RocksDbStateStoreProvider provider, long version, long keys) {
    super(provider, version, keys);
    this.provider = provider;
  }

  @Override
  protected byte[] baseRead(byte[] key) {
    try {
      return provider.db().get(provider.readOptions(), key);
    } catch (RocksDBException e) {
      throw provider.failure("read a key", e);
    }
  }

  @Override
  protected StateIterator baseScan(byte[] from, byte[] to) {
    // An upper bound lets RocksDB stop at `to` instead of stepping over the deleted keys after it (state evicted by
    // earlier batches leaves tombstones until compaction).
    Slice upper = to == null ? null : new Slice(to);
    ReadOptions options = upper == null ? null : new ReadOptions().setIterateUpperBound(upper);
    RocksIterator it;
    try {
      it = provider.db().newIterator(options == null ? provider.readOptions() : options);
    } catch (RuntimeException e) {
      closeQuietly(options, upper);
      throw e;
    }
    it.seek(from);
    return new Cursor(it, to, options, upper);
  }

  @Override
  protected void applyChanges() {
    Changes changes = changes();
    if (changes.size() == 0) {
      return;
    }
    try (WriteBatch batch = new WriteBatch(WriteBatchEncoder.encode(changes.keys(), changes.values(), TOMBSTONE))) {
      provider.db().write(provider.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw provider.failure("write a batch", e);
    }
  }

  /** A cursor over the DB, bounded above by {@code to}. */
  private static final class Cursor implements StateIterator {

    private final RocksIterator it;
    private final byte[] to;
    private final ReadOptions options;
    private final Slice upper;
    private boolean started;
    private byte[] key;
    private boolean closed;

    Cursor(RocksIterator it, byte[] to, ReadOptions options, Slice upper) {
      this.it = it;
      this.to = to;
      this.options = options;
      this.upper = upper;
    }

    @Override
    public boolean next() {
      if (started) {
        it.next();
      }
      started = true;
      if (!it.isValid()) {
        try {
          it.status();
        } catch (RocksDBException e) {
          throw new IllegalStateException("A RocksDB state iterator failed: " + e.getMessage(), e);
        }
        return false;
      }
      key = it.key();
      return to == null || Arrays.compareUnsigned(key, to) < 0;
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] value() {
      return it.value();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        it.close(); // before the options and the bound it reads
        closeQuietly(options, upper);
      }
    }
  }

  private static void closeQuietly(ReadOptions options, Slice upper) {
    if (options != null) {
      options.close();
    }
    if (upper != null) {
      upper.close();
    }
  }
}
