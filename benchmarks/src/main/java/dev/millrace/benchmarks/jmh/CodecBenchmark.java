package dev.millrace.benchmarks.jmh;

import dev.millrace.runtime.state.RowKeyCodec;
import dev.millrace.runtime.state.RowValueCodec;
import dev.millrace.types.DataType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The state encodings on the benchmark pipeline's shapes, per row: the de-duplication keys ({@code event_id}, and
 * expiry time + {@code event_id} for eviction by time) and the window aggregation's key (window start, end,
 * {@code user_id}) and buffer (count, sum).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class CodecBenchmark {

  private final RowKeyCodec idKey = new RowKeyCodec(List.of(DataType.STRING));
  private final RowKeyCodec expiryKey = new RowKeyCodec(List.of(DataType.TIMESTAMP, DataType.STRING));
  private final RowKeyCodec windowKey = new RowKeyCodec(List.of(DataType.TIMESTAMP, DataType.TIMESTAMP,
      DataType.STRING));
  private final RowValueCodec buffer = new RowValueCodec(List.of(DataType.LONG, DataType.DOUBLE));

  private final Object[] idRow = {"e1234567"};
  private final Object[] expiryRow = {1_767_225_610_017_000L, "e1234567"};
  private final Object[] windowRow = {1_767_225_600_000_000L, 1_767_225_660_000_000L, "u4211"};
  private final Object[] bufferRow = {12L, 1234.56};
  private final byte[] encodedWindowKey = windowKey.encode(windowRow);
  private final byte[] encodedBuffer = buffer.encode(bufferRow);

  @Benchmark
  public byte[] encodeDedupeKey() {
    return idKey.encode(idRow);
  }

  @Benchmark
  public byte[] encodeDedupeExpiryKey() {
    return expiryKey.encode(expiryRow);
  }

  @Benchmark
  public byte[] encodeWindowKey() {
    return windowKey.encode(windowRow);
  }

  @Benchmark
  public Object[] decodeWindowKey() {
    return windowKey.decode(encodedWindowKey);
  }

  @Benchmark
  public byte[] encodeAggregateBuffer() {
    return buffer.encode(bufferRow);
  }

  @Benchmark
  public Object[] decodeAggregateBuffer() {
    return buffer.decode(encodedBuffer);
  }
}
