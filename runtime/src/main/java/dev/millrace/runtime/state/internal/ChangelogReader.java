package dev.millrace.runtime.state.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads a state file written by {@link ChangelogWriter}, one record at a time:
 * {@code while (reader.next()) { apply(reader.op(), reader.key(), reader.value()); } reader.keysAfter()}.
 * {@link #next()} returning {@code false} means the trailer was read and verified; a truncated or damaged file throws
 * {@link CorruptStateFileException} instead, possibly after some records were returned, so callers must discard what
 * they applied on failure. Not thread-safe.
 */
public final class ChangelogReader implements AutoCloseable {

  private final Path file;
  private final long fileSize;
  private final CRC32C crc = new CRC32C();
  private final DataInputStream in;
  private long records;
  private int op;
  private byte[] key;
  private byte[] value;
  private long keysAfter = -1;

  private ChangelogReader(Path file, long fileSize, InputStream raw) {
    this.file = file;
    this.fileSize = fileSize;
    this.in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc));
  }

  /** Opens {@code file} and checks its header against the expected kind and version. */
  public static ChangelogReader open(Path file, ChangelogFormat.Kind kind, long version) throws IOException {
    var reader = new ChangelogReader(file, Files.size(file), Files.newInputStream(file));
    try {
      reader.readHeader(kind, version);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void readHeader(ChangelogFormat.Kind kind, long version) throws IOException {
    try {
      if (in.readInt() != ChangelogFormat.MAGIC) {
        throw new CorruptStateFileException(file, "not a Millrace state file");
      }
      int format = in.readUnsignedByte();
      if (format != ChangelogFormat.FORMAT_VERSION) {
        throw new CorruptStateFileException(file, "unknown format version " + format);
      }
      int kindCode = in.readUnsignedByte();
      if (kindCode != kind.code) {
        throw new CorruptStateFileException(file, "kind " + kindCode + ", expected " + kind.code);
      }
      long fileVersion = in.readLong();
      if (fileVersion != version) {
        throw new CorruptStateFileException(file, "holds version " + fileVersion + ", expected " + version);
      }
    } catch (EOFException e) {
      throw new CorruptStateFileException(file, "truncated header");
    }
  }

  /** Reads the next record; {@code false} after the verified trailer. */
  public boolean next() throws IOException {
    if (keysAfter >= 0) {
      return false;
    }
    try {
      op = in.readUnsignedByte();
      switch (op) {
        case ChangelogFormat.OP_PUT -> {
          key = readBytes();
          value = readBytes();
        }
        case ChangelogFormat.OP_DELETE -> {
          key = readBytes();
          value = null;
        }
        case ChangelogFormat.OP_END -> {
          readTrailer();
          return false;
        }
        default -> throw new CorruptStateFileException(file, "unknown operation " + op + " after " + records
            + " records");
      }
      records++;
      return true;
    } catch (EOFException e) {
      throw new CorruptStateFileException(file, "truncated after " + records + " records, no end marker");
    }
  }

  private void readTrailer() throws IOException {
    long count = in.readLong();
    long keys = in.readLong();
    int expected = (int) crc.getValue();
    int checksum = in.readInt();
    if (checksum != expected) {
      throw new CorruptStateFileException(file, "checksum mismatch");
    }
    if (count != records) {
      throw new CorruptStateFileException(file, "trailer counts " + count + " records, read " + records);
    }
    if (in.read() != -1) {
      throw new CorruptStateFileException(file, "bytes after the trailer");
    }
    if (keys < 0) {
      throw new CorruptStateFileException(file, "negative key count");
    }
    keysAfter = keys;
  }

  private byte[] readBytes() throws IOException {
    int length = in.readInt();
    if (length < 0 || length > fileSize) { // a damaged length must not allocate gigabytes
      throw new CorruptStateFileException(file, "bad length " + length + " in record " + records);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  /** {@link ChangelogFormat#OP_PUT} or {@link ChangelogFormat#OP_DELETE}. */
  public int op() {
    return op;
  }

  public byte[] key() {
    return key;
  }

  /** The value of a put; {@code null} for a delete. */
  public byte[] value() {
    return value;
  }

  /** The number of keys in the state after applying the whole file; only after {@link #next()} returned false. */
  public long keysAfter() {
    if (keysAfter < 0) {
      throw new IllegalStateException("The trailer of " + file + " has not been read yet");
    }
    return keysAfter;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
