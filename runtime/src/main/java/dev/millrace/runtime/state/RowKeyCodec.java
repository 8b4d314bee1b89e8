package dev.millrace.runtime.state;

import dev.millrace.runtime.state.internal.ByteSink;
import dev.millrace.runtime.state.internal.ByteSource;
import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.Field;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An order-preserving binary encoding of key rows (internal values, see
 * {@code dev.millrace.runtime.operator.InternalValues}): the unsigned byte order of two encodings equals the order
 * of the rows, column by column, with nulls first and each column ordered as Spark orders it (NaN above every other
 * double, {@code -0.0 = 0.0}, strings by code point, binary as unsigned bytes, decimals by value). Each column's
 * encoding is self-delimiting, so the encoding of a row's first columns ({@link #encodePrefix}) is a byte prefix of
 * the whole row's encoding: a prefix scan finds every key with those leading columns, and a range scan over a
 * leading time column finds the keys in a time range (watermark eviction without a full scan).
 *
 * <p>Per column: a null byte {@code 0x00} or a present byte {@code 0x01}, then BOOLEAN one byte; INT and DATE four
 * bytes, LONG and TIMESTAMP eight, big-endian with the sign bit flipped; DOUBLE eight bytes of its IEEE bits (sign
 * flipped, negative values all bits flipped; -0.0 and NaN normalised); STRING (UTF-8) and BINARY with {@code 0x00}
 * escaped as {@code 0x00 0xFF} and terminated by {@code 0x00 0x01}; DECIMAL the unscaled value at the type's scale as
 * a length-prefixed two's-complement integer; STRUCT its fields in order; ARRAY each element after a {@code 0x01},
 * then {@code 0x00}. MAP has no order and is rejected. Immutable and thread-safe.
 */
public final class RowKeyCodec {

  private final List<DataType> types;

  /** A codec for key rows whose columns have {@code types}, in order. */
  public RowKeyCodec(List<? extends DataType> types) {
    this.types = List.copyOf(types);
    for (DataType type : this.types) {
      checkOrderable(type);
    }
  }

  /** A codec for rows of {@code schema}. */
  public static RowKeyCodec of(Schema schema) {
    return new RowKeyCodec(schema.fields().stream().map(Field::type).toList());
  }

  /** The column types, in order. */
  public List<DataType> types() {
    return types;
  }

  private static void checkOrderable(DataType type) {
    if (type instanceof MapType) {
      throw new IllegalArgumentException("A MAP column (" + type.sql() + ") has no order and cannot be part of a "
          + "state key");
    }
    if (type instanceof ArrayType a) {
      checkOrderable(a.elementType());
    } else if (type instanceof Schema s) {
      s.fields().forEach(f -> checkOrderable(f.type()));
    }
  }

  /** The encoding of a whole key row ({@code row.length} must equal the number of columns). */
  public byte[] encode(Object[] row) {
    if (row.length != types.size()) {
      throw new IllegalArgumentException("A key row of " + types.size() + " columns was given " + row.length
          + " values");
    }
    return encodePrefix(row);
  }

  /**
   * The encoding of the first {@code leading.length} columns of a key: a byte prefix of the encoding of every key
   * row starting with these values. {@code range(encodePrefix(a), encodePrefix(b))} holds exactly the keys whose
   * leading columns are {@code >= a} and {@code < b}.
   */
  public byte[] encodePrefix(Object... leading) {
    if (leading.length > types.size()) {
      throw new IllegalArgumentException("A key prefix of " + leading.length + " values is longer than the key ("
          + types.size() + " columns)");
    }
    var out = ByteSink.scratch();
    for (int i = 0; i < leading.length; i++) {
      writeNullable(out, types.get(i), leading[i]);
    }
    return out.toByteArray();
  }

  /** The key row of an encoding. */
  public Object[] decode(byte[] bytes) {
    var in = new ByteSource(bytes);
    var row = new Object[types.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = readNullable(in, types.get(i));
    }
    if (in.hasMore()) {
      throw new IllegalArgumentException("Trailing bytes after a key row at offset " + in.position());
    }
    return row;
  }

  private static void writeNullable(ByteSink out, DataType type, Object value) {
    if (value == null) {
      out.write(0);
      return;
    }
    out.write(1);
    write(out, type, value);
  }

  private static void write(ByteSink out, DataType type, Object value) {
    if (type == DataType.BOOLEAN) {
      out.write((Boolean) value ? 1 : 0);
    } else if (type == DataType.INT || type == DataType.DATE) {
      out.writeInt((Integer) value ^ Integer.MIN_VALUE);
    } else if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      out.writeLong((Long) value ^ Long.MIN_VALUE);
    } else if (type == DataType.DOUBLE) {
      out.writeLong(orderedBits((Double) value));
    } else if (type == DataType.STRING) {
      writeEscaped(out, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (type == DataType.BINARY) {
      writeEscaped(out, (byte[]) value);
    } else if (type instanceof DecimalType d) {
      writeUnscaled(out, unscaled((BigDecimal) value, d));
    } else if (type instanceof Schema s) {
      Object[] struct = (Object[]) value;
      for (int i = 0; i < s.size(); i++) {
        writeNullable(out, s.field(i).type(), struct[i]);
      }
    } else if (type instanceof ArrayType a) {
      for (Object element : (List<?>) value) {
        out.write(1);
        writeNullable(out, a.elementType(), element);
      }
      out.write(0);
    } else {
      throw new IllegalArgumentException("Cannot encode a key value of type " + type.sql());
    }
  }

  private static Object readNullable(ByteSource in, DataType type) {
    int tag = in.read();
    if (tag == 0) {
      return null;
    }
    if (tag != 1) {
      throw new IllegalArgumentException("Malformed key: null marker " + tag);
    }
    return read(in, type);
  }

  private static Object read(ByteSource in, DataType type) {
    if (type == DataType.BOOLEAN) {
      return in.read() != 0;
    } else if (type == DataType.INT || type == DataType.DATE) {
      return in.readInt() ^ Integer.MIN_VALUE;
    } else if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      return in.readLong() ^ Long.MIN_VALUE;
    } else if (type == DataType.DOUBLE) {
      return fromOrderedBits(in.readLong());
    } else if (type == DataType.STRING) {
      return new String(readEscaped(in), StandardCharsets.UTF_8);
    } else if (type == DataType.BINARY) {
      return readEscaped(in);
    } else if (type instanceof DecimalType d) {
      return new BigDecimal(readUnscaled(in), d.scale());
    } else if (type instanceof Schema s) {
      var struct = new Object[s.size()];
      for (int i = 0; i < struct.length; i++) {
        struct[i] = readNullable(in, s.field(i).type());
      }
      return struct;
    } else if (type instanceof ArrayType a) {
      var list = new ArrayList<>();
      while (in.read() == 1) {
        list.add(readNullable(in, a.elementType()));
      }
      return list;
    }
    throw new IllegalArgumentException("Cannot decode a key value of type " + type.sql());
  }

  /** Double bits whose unsigned order is {@link Double#compare} order with -0.0 = 0.0 and one NaN, last. */
  static long orderedBits(double v) {
    long bits = v == 0.0 ? 0L : Double.doubleToLongBits(v); // folds -0.0; doubleToLongBits folds every NaN
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  static double fromOrderedBits(long ordered) {
    long bits = ordered < 0 ? ordered ^ Long.MIN_VALUE : ~ordered;
    return Double.longBitsToDouble(bits);
  }

  private static void writeEscaped(ByteSink out, byte[] bytes) {
    for (byte b : bytes) {
      out.write(b);
      if (b == 0) {
        out.write(0xFF);
      }
    }
    out.write(0);
    out.write(1);
  }

  private static byte[] readEscaped(ByteSource in) {
    var out = new ByteSink(32);
    while (true) {
      int b = in.read();
      if (b != 0) {
        out.write(b);
        continue;
      }
      int next = in.read();
      if (next == 1) {
        return out.toByteArray();
      }
      if (next != 0xFF) {
        throw new IllegalArgumentException("Malformed escaped bytes in a key at offset " + in.position());
      }
      out.write(0);
    }
  }

  private static BigInteger unscaled(BigDecimal value, DecimalType type) {
    try {
      return value.setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Decimal " + value + " does not fit " + type.sql(), e);
    }
  }

  // Length byte: 0x80 + n for non-negative values (longer = larger), 0x7F - n for negative ones (longer = smaller);
  // then the minimal two's complement bytes, which order correctly among values of one sign and length.
  private static void writeUnscaled(ByteSink out, BigInteger unscaled) {
    byte[] bytes = unscaled.toByteArray();
    out.write(unscaled.signum() >= 0 ? 0x80 + bytes.length : 0x7F - bytes.length);
    out.write(bytes);
  }

  private static BigInteger readUnscaled(ByteSource in) {
    int header = in.read();
    int length = header >= 0x80 ? header - 0x80 : 0x7F - header;
    return new BigInteger(in.read(length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowKeyCodec c && c.types.equals(types);
  }

  @Override
  public int hashCode() {
    return Objects.hash(types);
  }

  @Override
  public String toString() {
    return "RowKeyCodec" + types;
  }
}
