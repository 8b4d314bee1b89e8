package dev.millrace.runtime.operator;

import dev.millrace.types.ArrayType;
import dev.millrace.types.DataType;
import dev.millrace.types.DecimalType;
import dev.millrace.types.MapType;
import dev.millrace.types.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sketch behind {@code approxCountDistinct}: HyperLogLog++ (Heule, Nunkesser and Hall, 2013) as Spark sets it
 * up: {@code p = ceil(2 log2(1.106 / rsd))} index bits ({@code 2^p} registers, 512 for the default rsd 0.05),
 * values hashed with XXH64 and seed 42 the way Spark hashes each type, linear counting below the paper's thresholds.
 * Unlike Spark it applies no empirical bias correction between the linear-counting threshold and {@code 5m}, so
 * in that range its estimate can differ from Spark's slightly (both are within the relative standard deviation).
 * The registers (one byte each) are the aggregate's state.
 */
final class HyperLogLogPlusPlus {

  /** Linear counting is used below these estimates, for p = 4..18 (from the paper). */
  private static final double[] THRESHOLDS = {10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000,
      120000, 350000};
  private static final long SEED = 42L;

  private final int p;
  private final int m;
  private final byte[] registers;
  private final DataType type;

  HyperLogLogPlusPlus(double rsd, DataType type) {
    this.p = precision(rsd);
    this.m = 1 << p;
    this.registers = new byte[m];
    this.type = type;
  }

  /** Spark's precision for a relative standard deviation. */
  static int precision(double rsd) {
    int p = (int) Math.ceil(2.0 * Math.log(1.106 / rsd) / Math.log(2.0));
    if (p < 4) {
      throw new IllegalArgumentException("approxCountDistinct: the relative standard deviation " + rsd + " is too "
          + "large; it must be at most 0.39");
    }
    return Math.min(p, 18);
  }

  void add(Object value) {
    if (value == null) {
      return;
    }
    long x = hash(type, value);
    int idx = (int) (x >>> (64 - p));
    long w = (x << p) | (1L << (p - 1));
    int rank = Long.numberOfLeadingZeros(w) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  long estimate() {
    double zInverse = 0;
    int zeros = 0;
    for (byte r : registers) {
      zInverse += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = switch (p) {
      case 4 -> 0.673;
      case 5 -> 0.697;
      case 6 -> 0.709;
      default -> 0.7213 / (1.0 + 1.079 / m);
    };
    double e = alpha * m * (double) m / zInverse;
    if (zeros > 0) {
      double h = m * Math.log((double) m / zeros);
      if (h <= THRESHOLDS[p - 4]) {
        return Math.round(h);
      }
    }
    return Math.round(e);
  }

  /** Adds what {@code other} (same precision) has seen: the register-wise maximum. */
  void merge(HyperLogLogPlusPlus other) {
    for (int i = 0; i < m; i++) {
      if (other.registers[i] > registers[i]) {
        registers[i] = other.registers[i];
      }
    }
  }

  byte[] registers() {
    return registers.clone();
  }

  void restore(byte[] saved) {
    System.arraycopy(saved, 0, registers, 0, Math.min(saved.length, registers.length));
  }

  /** Spark's {@code XxHash64Function} of one internal value. */
  static long hash(DataType type, Object v) {
    if (type == DataType.INT || type == DataType.DATE) {
      return XxHash64.hashInt((Integer) v, SEED);
    }
    if (type == DataType.LONG || type == DataType.TIMESTAMP) {
      return XxHash64.hashLong((Long) v, SEED);
    }
    if (type == DataType.BOOLEAN) {
      return XxHash64.hashInt((Boolean) v ? 1 : 0, SEED);
    }
    if (type == DataType.DOUBLE) {
      double d = (Double) v;
      return XxHash64.hashLong(d == 0.0 ? 0L : Double.doubleToLongBits(d), SEED); // -0.0 hashes as 0.0
    }
    if (type == DataType.STRING) {
      return XxHash64.hashBytes(((String) v).getBytes(StandardCharsets.UTF_8), SEED);
    }
    if (type == DataType.BINARY) {
      return XxHash64.hashBytes((byte[]) v, SEED);
    }
    if (type instanceof DecimalType d) {
      BigDecimal b = (BigDecimal) v;
      if (d.precision() <= 18) {
        return XxHash64.hashLong(b.unscaledValue().longValueExact(), SEED);
      }
      return XxHash64.hashBytes(b.unscaledValue().toByteArray(), SEED);
    }
    if (type instanceof ArrayType || type instanceof MapType || type instanceof Schema) {
      // Nested values: hash their text form, stable and consistent with equality.
      return XxHash64.hashBytes(Values.toText(type, v).getBytes(StandardCharsets.UTF_8), SEED);
    }
    throw new IllegalArgumentException("approxCountDistinct cannot hash " + type.sql());
  }

  static List<DataType> bufferTypes() {
    return List.of(DataType.BINARY);
  }
}
