package dev.millrace.runtime.state.rocksdb;

/**
 * Serializes puts and deletes into RocksDB's write-batch format, which {@code new WriteBatch(byte[])} takes in one
 * JNI call instead of one call per entry. The format (RocksDB's {@code db/write_batch.cc}): a 12-byte header, the
 * sequence number (fixed64, little-endian, 0: the DB assigns it) and the entry count (fixed32), then per entry a
 * type byte ({@code kTypeValue} 0x1: varint32 key length, key, varint32 value length, value; {@code kTypeDeletion}
 * 0x0: varint32 key length, key).
 */
final class WriteBatchEncoder {

  static final int HEADER = 12;
  static final byte TYPE_DELETION = 0x0;
  static final byte TYPE_VALUE = 0x1;

  private WriteBatchEncoder() {}

  /** The batch that sets each {@code keys[i]} to {@code values[i]}, or deletes it when that is {@code tombstone}. */
  static byte[] encode(byte[][] keys, byte[][] values, byte[] tombstone) {
    long size = HEADER;
    for (int i = 0; i < keys.length; i++) {
      size += 1 + sliceSize(keys[i]) + (values[i] == tombstone ? 0 : sliceSize(values[i]));
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("A state batch of " + size + " bytes is too large for one RocksDB write batch");
    }
    byte[] out = new byte[(int) size];
    int count = keys.length;
    out[8] = (byte) count;
    out[9] = (byte) (count >>> 8);
    out[10] = (byte) (count >>> 16);
    out[11] = (byte) (count >>> 24);
    int pos = HEADER;
    for (int i = 0; i < keys.length; i++) {
      byte[] key = keys[i];
      byte[] value = values[i];
      boolean delete = value == tombstone;
      out[pos++] = delete ? TYPE_DELETION : TYPE_VALUE;
      pos = slice(out, pos, key);
      if (!delete) {
        pos = slice(out, pos, value);
      }
    }
    if (pos != out.length) {
      throw new IllegalStateException("Write batch encoding wrote " + pos + " of " + out.length + " bytes");
    }
    return out;
  }

  private static int sliceSize(byte[] bytes) {
    int n = bytes.length;
    int varint = 1;
    while ((n & ~0x7F) != 0) {
      varint++;
      n >>>= 7;
    }
    return varint + bytes.length;
  }

  private static int slice(byte[] out, int pos, byte[] bytes) {
    int n = bytes.length;
    while ((n & ~0x7F) != 0) {
      out[pos++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out[pos++] = (byte) n;
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }
}
