package dev.millrace.runtime.state;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Random;

/** Random internal values of a type, biased toward edge cases (extremes, zeros, NaN, empty, nulls). */
final class RandomValues {

  private final Random random;

  RandomValues(long seed) {
    random = new Random(seed);
  }

  Object nullable(DataType type) {
    return random.nextInt(8) == 0 ? null : value(type);
  }

  Object value(DataType type) {
    if (type == DataType.BOOLEAN) {
      return random.nextBoolean();
    }
    if (type == DataType.INT || type == DataType.DATE) {
      return switch (random.nextInt(6)) {
        case 0 -> pick(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1);
        case 1 -> random.nextInt(200) - 100;
        default -> random.nextInt();
      };
    }
    if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      return switch (random.nextInt(6)) {
        case 0 -> pick(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L);
        case 1 -> (long) (random.nextInt(200) - 100);
        default -> random.nextLong();
      };
    }
    if (type == DataType.DOUBLE) {
      return switch (random.nextInt(6)) {
        case 0 -> pick(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8000000000123L));
        case 1 -> (double) (random.nextInt(20) - 10);
        case 2 -> Double.longBitsToDouble(random.nextLong());
        default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
      };
    }
    if (type == DataType.STRING) {
      var sb = new StringBuilder();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        int cp = switch (random.nextInt(6)) {
          case 0 -> pick(0, 1, 0x7F, 0x80, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF, 0xE000);
          case 1 -> 'a' + random.nextInt(3);
          case 2 -> random.nextInt(0xD800);
          default -> 'a' + random.nextInt(26);
        };
        sb.appendCodePoint(cp);
      }
      return sb.toString();
    }
    if (type == DataType.BINARY) {
      byte[] bytes = new byte[random.nextInt(6)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextBoolean() ? pick(0, 1, 0xFF, 0x80, 0x7F) : random.nextInt(256));
      }
      return bytes;
    }
    if (type instanceof DecimalType d) {
      int digits = random.nextInt(d.precision()) + 1;
      var unscaled = new BigInteger(random.nextInt(4) == 0 ? "9".repeat(d.precision())
          : Long.toString(Math.abs(random.nextLong())).repeat(3).substring(0, digits));
      if (random.nextBoolean()) {
        unscaled = unscaled.negate();
      }
      return new BigDecimal(unscaled, d.scale());
    }
    if (type instanceof ArrayType a) {
      var list = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        list.add(nullable(a.elementType()));
      }
      return list;
    }
    if (type instanceof MapType m) {
      var map = new LinkedHashMap<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        map.put(value(m.keyType()), nullable(m.valueType()));
      }
      return map;
    }
    if (type instanceof Schema s) {
      var struct = new Object[s.size()];
      for (int i = 0; i < struct.length; i++) {
        struct[i] = nullable(s.field(i).type());
      }
      return struct;
    }
    throw new IllegalArgumentException(type.sql());
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
