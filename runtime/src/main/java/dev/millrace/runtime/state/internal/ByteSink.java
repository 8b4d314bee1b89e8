package dev.millrace.runtime.state.internal;

import java.util.Arrays;

/** A growable byte array for the codecs; not thread-safe. */
public final class ByteSink {

  /** Each thread's reusable sink ({@link #scratch()}). */
  private static final ThreadLocal<ByteSink> SCRATCH = ThreadLocal.withInitial(() -> new ByteSink(256));
  /** A scratch buffer grown past this is not kept for the thread's next encoding. */
  private static final int MAX_SCRATCH = 64 * 1024;

  private byte[] buf;
  private int size;

  public ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /**
   * This thread's reusable sink, empty, for an encoding that is copied out with {@link #toByteArray()} before the
   * thread takes the scratch sink again: the codecs' per-row encodings then allocate only their result. Not for
   * an encoding that encodes something else on the way.
   */
  public static ByteSink scratch() {
    ByteSink sink = SCRATCH.get();
    if (sink.buf.length > MAX_SCRATCH) {
      sink.buf = new byte[256];
    }
    sink.size = 0;
    return sink;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
  }

  public void writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  public void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  /** An unsigned LEB128 varint. */
  public void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
