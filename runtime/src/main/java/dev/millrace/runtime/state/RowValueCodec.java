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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compact binary encoding of value rows (internal values, see {@code dev.millrace.runtime.operator.InternalValues})
 * of every type, nested ARRAY, MAP and STRUCT included. Not order-preserving: use {@link RowKeyCodec} for keys.
 *
 * <p>A row (and a STRUCT) is a null bitmap followed by its non-null values; INT, LONG, DATE and TIMESTAMP are
 * zig-zag varints, DOUBLE eight bytes, BOOLEAN one byte, STRING (UTF-8) and BINARY a varint length and the bytes,
 * DECIMAL its unscaled value at the type's scale (a zig-zag varint up to precision 18, else length and two's
 * complement bytes), ARRAY a varint count, a null bitmap and the non-null elements, MAP a varint count, the keys
 * (never null), a null bitmap of the values and the non-null values. Maps decode as insertion-ordered maps.
 * Immutable and thread-safe.
 */
public final class RowValueCodec {

  private final List<DataType> types;

  /** A codec for value rows whose columns have {@code types}, in order. */
  public RowValueCodec(List<? extends DataType> types) {
    this.types = List.copyOf(types);
  }

  /** A codec for rows of {@code schema}. */
  public static RowValueCodec of(Schema schema) {
    return new RowValueCodec(schema.fields().stream().map(Field::type).toList());
  }

  /** The column types, in order. */
  public List<DataType> types() {
    return types;
  }

  /** The encoding of {@code row} ({@code row.length} must equal the number of columns). */
  public byte[] encode(Object[] row) {
    if (row.length != types.size()) {
      throw new IllegalArgumentException("A value row of " + types.size() + " columns was given " + row.length
          + " values");
    }
    var out = ByteSink.scratch();
    writeFields(out, types, row);
    return out.toByteArray();
  }

  /** The row of an encoding. */
  public Object[] decode(byte[] bytes) {
    var in = new ByteSource(bytes);
    Object[] row = readFields(in, types);
    if (in.hasMore()) {
      throw new IllegalArgumentException("Trailing bytes after a value row at offset " + in.position());
    }
    return row;
  }

  private static void writeFields(ByteSink out, List<DataType> types, Object[] values) {
    writeBitmap(out, values.length, i -> values[i] == null);
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        write(out, types.get(i), values[i]);
      }
    }
  }

  private static Object[] readFields(ByteSource in, List<DataType> types) {
    boolean[] nulls = readBitmap(in, types.size());
    var values = new Object[types.size()];
    for (int i = 0; i < values.length; i++) {
      if (!nulls[i]) {
        values[i] = read(in, types.get(i));
      }
    }
    return values;
  }

  private interface IsNull {
    boolean at(int index);
  }

  private static void writeBitmap(ByteSink out, int count, IsNull isNull) {
    for (int start = 0; start < count; start += 8) {
      int bits = 0;
      for (int i = start; i < Math.min(count, start + 8); i++) {
        if (isNull.at(i)) {
          bits |= 1 << (i - start);
        }
      }
      out.write(bits);
    }
  }

  private static boolean[] readBitmap(ByteSource in, int count) {
    var nulls = new boolean[count];
    for (int start = 0; start < count; start += 8) {
      int bits = in.read();
      for (int i = start; i < Math.min(count, start + 8); i++) {
        nulls[i] = (bits & (1 << (i - start))) != 0;
      }
    }
    return nulls;
  }

  private static void write(ByteSink out, DataType type, Object value) {
    if (type == DataType.BOOLEAN) {
      out.write((Boolean) value ? 1 : 0);
    } else if (type == DataType.INT || type == DataType.DATE) {
      out.writeVarLong(zigZag((Integer) value));
    } else if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      out.writeVarLong(zigZag((Long) value));
    } else if (type == DataType.DOUBLE) {
      out.writeLong(Double.doubleToRawLongBits((Double) value));
    } else if (type == DataType.STRING) {
      writeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (type == DataType.BINARY) {
      writeBytes(out, (byte[]) value);
    } else if (type instanceof DecimalType d) {
      BigInteger unscaled = unscaled((BigDecimal) value, d);
      if (d.precision() <= 18) {
        out.writeVarLong(zigZag(unscaled.longValueExact()));
      } else {
        writeBytes(out, unscaled.toByteArray());
      }
    } else if (type instanceof Schema s) {
      writeFields(out, s.fields().stream().map(Field::type).toList(), (Object[]) value);
    } else if (type instanceof ArrayType a) {
      List<?> list = (List<?>) value;
      out.writeVarLong(list.size());
      writeBitmap(out, list.size(), i -> list.get(i) == null);
      for (Object element : list) {
        if (element != null) {
          write(out, a.elementType(), element);
        }
      }
    } else if (type instanceof MapType m) {
      Map<?, ?> map = (Map<?, ?>) value;
      out.writeVarLong(map.size());
      var mapValues = new ArrayList<Object>(map.size());
      for (var e : map.entrySet()) {
        write(out, m.keyType(), Objects.requireNonNull(e.getKey(), "a map key is null"));
        mapValues.add(e.getValue());
      }
      writeBitmap(out, mapValues.size(), i -> mapValues.get(i) == null);
      for (Object v : mapValues) {
        if (v != null) {
          write(out, m.valueType(), v);
        }
      }
    } else {
      throw new IllegalArgumentException("Cannot encode a value of type " + type.sql());
    }
  }

  private static Object read(ByteSource in, DataType type) {
    if (type == DataType.BOOLEAN) {
      return in.read() != 0;
    } else if (type == DataType.INT || type == DataType.DATE) {
      return (int) unZigZag(in.readVarLong());
    } else if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      return unZigZag(in.readVarLong());
    } else if (type == DataType.DOUBLE) {
      return Double.longBitsToDouble(in.readLong());
    } else if (type == DataType.STRING) {
      return new String(in.read(in.readLength()), StandardCharsets.UTF_8);
    } else if (type == DataType.BINARY) {
      return in.read(in.readLength());
    } else if (type instanceof DecimalType d) {
      BigInteger unscaled = d.precision() <= 18 ? BigInteger.valueOf(unZigZag(in.readVarLong()))
          : new BigInteger(in.read(in.readLength()));
      return new BigDecimal(unscaled, d.scale());
    } else if (type instanceof Schema s) {
      return readFields(in, s.fields().stream().map(Field::type).toList());
    } else if (type instanceof ArrayType a) {
      int n = in.readCount();
      boolean[] nulls = readBitmap(in, n);
      var list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(nulls[i] ? null : read(in, a.elementType()));
      }
      return list;
    } else if (type instanceof MapType m) {
      int n = in.readCount();
      var keys = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        keys.add(read(in, m.keyType()));
      }
      boolean[] nulls = readBitmap(in, n);
      var map = new LinkedHashMap<Object, Object>();
      for (int i = 0; i < n; i++) {
        map.put(keys.get(i), nulls[i] ? null : read(in, m.valueType()));
      }
      return map;
    }
    throw new IllegalArgumentException("Cannot decode a value of type " + type.sql());
  }

  private static void writeBytes(ByteSink out, byte[] bytes) {
    out.writeVarLong(bytes.length);
    out.write(bytes);
  }

  private static BigInteger unscaled(BigDecimal value, DecimalType type) {
    try {
      return value.setScale(type.scale(), RoundingMode.UNNECESSARY).unscaledValue();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("Decimal " + value + " does not fit " + type.sql(), e);
    }
  }

  private static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unZigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowValueCodec c && c.types.equals(types);
  }

  @Override
  public int hashCode() {
    return Objects.hash(types);
  }

  @Override
  public String toString() {
    return "RowValueCodec" + types;
  }
}
