package dev.millrace.runtime.state.internal;

/** Reads what {@link ByteSink} wrote; throws {@link IllegalArgumentException} on truncated input. Not thread-safe. */
public final class ByteSource {

  private final byte[] buf;
  private int pos;

  public ByteSource(byte[] buf) {
    this.buf = buf;
  }

  private void need(int n) {
    if (pos + n > buf.length) {
      throw new IllegalArgumentException("Truncated encoding: need " + n + " bytes at offset " + pos
          + " of " + buf.length);
    }
  }

  public boolean hasMore() {
    return pos < buf.length;
  }

  public int position() {
    return pos;
  }

  public int read() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public byte[] read(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public int readInt() {
    need(4);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
        | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = read();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("Malformed varint at offset " + pos);
  }

  /** An element count: each element takes at least a bit of a null bitmap, which bounds a damaged count. */
  public int readCount() {
    long n = readVarLong();
    if (n < 0 || n > 8L * (buf.length - pos)) {
      throw new IllegalArgumentException("Malformed count " + n + " at offset " + pos);
    }
    return (int) n;
  }

  /** A byte length, at most what remains. */
  public int readLength() {
    long n = readVarLong();
    if (n < 0 || n > buf.length - pos) {
      throw new IllegalArgumentException("Malformed length " + n + " at offset " + pos);
    }
    return (int) n;
  }
}
