package dev.millrace.runtime.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.state.internal.OverlayStateStore;
import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** The hand-built serialized batch is byte for byte what RocksDB's own {@link WriteBatch} builds from the calls. */
class WriteBatchEncoderTest {

  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] TOMBSTONE = new byte[0];

  @Test
  void encodesPutsAndDeletesAsRocksDbDoes() throws RocksDBException {
    TreeMap<byte[], byte[]> changes = OverlayStateStore.newSortedMap(); // the overlay's order, RocksDB's below
    byte[] longValue = new byte[300]; // a two-byte varint length
    Arrays.fill(longValue, (byte) 7);
    byte[] hugeKey = new byte[70_000]; // a three-byte varint length
    Arrays.fill(hugeKey, (byte) 0xFE);
    changes.put(new byte[] {1, 2, 3}, new byte[] {9});
    changes.put(new byte[] {1, 2, 4}, TOMBSTONE);
    changes.put(new byte[] {0}, new byte[0]); // an empty value is a put, not a delete
    changes.put(new byte[] {5}, longValue);
    changes.put(hugeKey, TOMBSTONE);

    byte[] encoded = WriteBatchEncoder.encode(changes.keySet().toArray(new byte[0][]),
        changes.values().toArray(new byte[0][]), TOMBSTONE);

    try (var expected = new WriteBatch()) {
      expected.put(new byte[] {0}, new byte[0]);
      expected.put(new byte[] {1, 2, 3}, new byte[] {9});
      expected.delete(new byte[] {1, 2, 4});
      expected.put(new byte[] {5}, longValue);
      expected.delete(hugeKey);
      assertThat(encoded).isEqualTo(expected.data());
      try (var decoded = new WriteBatch(encoded)) {
        assertThat(decoded.count()).isEqualTo(5);
      }
    }
  }

  @Test
  void encodesAnEmptyBatchAsItsHeader() throws RocksDBException {
    try (var empty = new WriteBatch()) {
      assertThat(WriteBatchEncoder.encode(new byte[0][], new byte[0][], TOMBSTONE)).isEqualTo(empty.data());
    }
  }
}
