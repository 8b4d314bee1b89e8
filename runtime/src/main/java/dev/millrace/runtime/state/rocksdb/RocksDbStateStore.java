package dev.millrace.runtime.state.rocksdb;

import dev.millrace.runtime.state.StateIterator;
import dev.millrace.runtime.state.internal.BatchStateStore;
import dev.millrace.runtime.state.internal.ChangelogWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.rocksdb.DirectSlice;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WBWIRocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/** A batch over the RocksDB instance: writes go to a {@link WriteBatchWithIndex}; reads merge it with the DB. */
final class RocksDbStateStore extends BatchStateStore {

  private final RocksDbStateStoreProvider provider;
  private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true); // one entry per key: the latest write
  private long batchBytes;

  RocksDbStateStore(RocksDbStateStoreProvider provider, long version, long keys) {
    super(provider, version, keys);
    this.provider = provider;
  }

  @Override
  protected byte[] read(byte[] key) {
    try {
      return batch.getFromBatchAndDB(provider.db(), provider.readOptions(), key);
    } catch (RocksDBException e) {
      throw provider.failure("read a key", e);
    }
  }

  @Override
  protected boolean write(byte[] key, byte[] value) {
    boolean absent = read(key) == null;
    try {
      batch.put(key, value);
    } catch (RocksDBException e) {
      throw provider.failure("buffer a put", e);
    }
    batchBytes += key.length + value.length;
    return absent;
  }

  @Override
  protected void writeBlind(byte[] key, byte[] value) {
    try {
      batch.put(key, value);
    } catch (RocksDBException e) {
      throw provider.failure("buffer a put", e);
    }
    batchBytes += key.length + value.length;
  }

  @Override
  protected void removePresent(byte[] key) {
    try {
      batch.delete(key);
    } catch (RocksDBException e) {
      throw provider.failure("buffer a delete", e);
    }
    batchBytes += key.length;
  }

  @Override
  protected boolean remove(byte[] key) {
    if (read(key) == null) {
      return false;
    }
    try {
      batch.delete(key);
    } catch (RocksDBException e) {
      throw provider.failure("buffer a delete", e);
    }
    batchBytes += key.length;
    return true;
  }

  @Override
  protected StateIterator scan(byte[] from, byte[] to) {
    RocksIterator base = provider.db().newIterator(provider.readOptions());
    RocksIterator merged;
    try {
      merged = batch.newIteratorWithBase(base); // takes ownership of base
    } catch (RuntimeException e) {
      base.close();
      throw e;
    }
    merged.seek(from);
    return new Cursor(merged, to);
  }

  @Override
  protected void writeChanges(ChangelogWriter changelog) throws IOException {
    try (WBWIRocksIterator it = batch.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        WBWIRocksIterator.WriteEntry entry = it.entry();
        switch (entry.getType()) {
          case PUT -> changelog.put(bytes(entry.getKey()), bytes(entry.getValue()));
          case DELETE, SINGLE_DELETE -> changelog.delete(bytes(entry.getKey()));
          default -> throw new IllegalStateException("Unexpected write type in a state batch: " + entry.getType());
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw provider.failure("read the batch's writes", e);
    }
  }

  private static byte[] bytes(DirectSlice slice) {
    ByteBuffer data = slice.data();
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  @Override
  protected void applyChanges() {
    try {
      provider.db().write(provider.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw provider.failure("write a batch", e);
    }
  }

  @Override
  protected void discard() {
    batch.close();
    batchBytes = 0;
  }

  @Override
  protected long batchBytes() {
    return batchBytes;
  }

  /** A cursor over the merged batch and DB iterator, bounded above by {@code to}. */
  private static final class Cursor implements StateIterator {

    private final RocksIterator it;
    private final byte[] to;
    private boolean started;
    private byte[] key;

    Cursor(RocksIterator it, byte[] to) {
      this.it = it;
      this.to = to;
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
      it.close();
    }
  }
}
