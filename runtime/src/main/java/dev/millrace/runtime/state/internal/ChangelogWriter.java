package dev.millrace.runtime.state.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes a state file in the {@link ChangelogFormat}: a changelog (one batch's puts and deletes) or a sorted dump
 * (the memory provider's snapshot). {@link #finish} writes the trailer, flushes and fsyncs; until then the file is
 * not valid. Write to a temporary name and move it into place after {@link #finish} (see {@link StateFiles}).
 * Not thread-safe.
 */
public final class ChangelogWriter implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  private final Path file;
  private final FileOutputStream out;
  private final CRC32C crc = new CRC32C();
  // Records are encoded into this buffer, and the checksum is updated a buffer at a time when it is written out.
  private byte[] buffer = new byte[BUFFER];
  private int position;
  private long records;
  private boolean finished;

  private ChangelogWriter(Path file, FileOutputStream out) {
    this.file = file;
    this.out = out;
  }

  /** Creates {@code file} (which must not exist) and writes the header. */
  public static ChangelogWriter create(Path file, ChangelogFormat.Kind kind, long version) throws IOException {
    var fileOut = new FileOutputStream(Files.createFile(file).toFile());
    var writer = new ChangelogWriter(file, fileOut);
    writer.writeInt(ChangelogFormat.MAGIC);
    writer.writeByte(ChangelogFormat.FORMAT_VERSION);
    writer.writeByte(kind.code);
    writer.writeLong(version);
    return writer;
  }

  public void put(byte[] key, byte[] value) throws IOException {
    ensure(1 + 4 + key.length + 4 + value.length);
    writeByte(ChangelogFormat.OP_PUT);
    writeBytes(key);
    writeBytes(value);
    records++;
  }

  public void delete(byte[] key) throws IOException {
    ensure(1 + 4 + key.length);
    writeByte(ChangelogFormat.OP_DELETE);
    writeBytes(key);
    records++;
  }

  /** Makes room for {@code n} more bytes: writes the buffer out when they do not fit, grows it for a large record. */
  private void ensure(int n) throws IOException {
    if (position + n > buffer.length) {
      drain();
      if (n > buffer.length) {
        buffer = new byte[n];
      }
    }
  }

  private void drain() throws IOException {
    crc.update(buffer, 0, position);
    out.write(buffer, 0, position);
    position = 0;
  }

  private void writeByte(int b) {
    buffer[position++] = (byte) b;
  }

  private void writeInt(int v) {
    buffer[position++] = (byte) (v >>> 24);
    buffer[position++] = (byte) (v >>> 16);
    buffer[position++] = (byte) (v >>> 8);
    buffer[position++] = (byte) v;
  }

  private void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  private void writeBytes(byte[] bytes) {
    writeInt(bytes.length); // big-endian, as DataOutputStream writes it and ChangelogReader reads it
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** The number of puts and deletes written so far. */
  public long records() {
    return records;
  }

  /**
   * Writes the trailer (end marker, record count, the number of keys in the state after applying this file, and a
   * CRC32C of everything before the checksum), then flushes, fsyncs and closes the file.
   */
  public void finish(long keysAfter) throws IOException {
    ensure(1 + 8 + 8);
    writeByte(ChangelogFormat.OP_END);
    writeLong(records);
    writeLong(keysAfter);
    drain();
    writeInt((int) crc.getValue());
    out.write(buffer, 0, position);
    position = 0;
    out.getChannel().force(true);
    finished = true;
    out.close();
  }

  /** Closes the file; when {@link #finish} was not called, deletes it (a torn file is never left behind). */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      try {
        out.close();
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }
}
