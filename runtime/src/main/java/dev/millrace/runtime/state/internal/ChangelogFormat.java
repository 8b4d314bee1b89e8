package dev.millrace.runtime.state.internal;

/**
 * The binary format of state files (changelogs and memory snapshots), all integers big-endian:
 * <pre>
 * header:  int magic 'MLSC' | byte format version (1) | byte kind (1 changelog, 2 sorted dump) | long state version
 * records: byte op (1 put, 2 delete) | int key length | key | [put only: int value length | value]
 * trailer: byte op 0 (end) | long record count | long keys after applying the file | int CRC32C of all bytes before
 * </pre>
 * A file cut short anywhere, or with any byte changed, fails the end marker, count or checksum test, so a torn
 * write is never read as valid (files are also written under a temporary name and renamed when complete).
 */
public final class ChangelogFormat {

  static final int MAGIC = 0x4D4C5343; // "MLSC"
  static final int FORMAT_VERSION = 1;
  static final int OP_END = 0;
  public static final int OP_PUT = 1;
  public static final int OP_DELETE = 2;

  private ChangelogFormat() {}

  /** What a state file holds. */
  public enum Kind {
    /** The puts and deletes of one batch. */
    CHANGELOG(1),
    /** Every entry of a version, sorted by key (puts only). */
    DUMP(2);

    final int code;

    Kind(int code) {
      this.code = code;
    }
  }
}
