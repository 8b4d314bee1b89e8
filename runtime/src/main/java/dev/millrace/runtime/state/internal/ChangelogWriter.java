package dev.millrace.runtime.state.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes a state file in the {@link ChangelogFormat}: a changelog (one batch's puts and deletes) or a sorted dump
 * (the memory provider's snapshot). {@link #finish} writes the trailer, flushes and fsyncs; until then the file is
 * not valid. Write to a temporary name and move it into place after {@link #finish} (see {@link StateFiles}).
 * Not thread-safe.
 */
public final class ChangelogWriter implements AutoCloseable {

  private final Path file;
  private final FileOutputStream fileOut;
  private final CRC32C crc = new CRC32C();
  private final DataOutputStream out;
  private long records;
  private boolean finished;

  private ChangelogWriter(Path file, FileOutputStream fileOut) {
    this.file = file;
    this.fileOut = fileOut;
    this.out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(fileOut, 1 << 16), crc));
  }

  /** Creates {@code file} (which must not exist) and writes the header. */
  public static ChangelogWriter create(Path file, ChangelogFormat.Kind kind, long version) throws IOException {
    var fileOut = new FileOutputStream(Files.createFile(file).toFile());
    var writer = new ChangelogWriter(file, fileOut);
    try {
      writer.out.writeInt(ChangelogFormat.MAGIC);
      writer.out.writeByte(ChangelogFormat.FORMAT_VERSION);
      writer.out.writeByte(kind.code);
      writer.out.writeLong(version);
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
    return writer;
  }

  public void put(byte[] key, byte[] value) throws IOException {
    out.writeByte(ChangelogFormat.OP_PUT);
    writeBytes(key);
    writeBytes(value);
    records++;
  }

  public void delete(byte[] key) throws IOException {
    out.writeByte(ChangelogFormat.OP_DELETE);
    writeBytes(key);
    records++;
  }

  private void writeBytes(byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
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
    out.writeByte(ChangelogFormat.OP_END);
    out.writeLong(records);
    out.writeLong(keysAfter);
    out.flush();
    int checksum = (int) crc.getValue();
    out.writeInt(checksum); // through the checked stream too, harmless: the reader takes the value before reading it
    out.flush();
    fileOut.getChannel().force(true);
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
