package dev.millrace.benchmarks.jmh;

import dev.millrace.benchmarks.BenchFiles;
import dev.millrace.benchmarks.ClickstreamBenchmarkPipeline;
import dev.millrace.plan.FileSource;
import dev.millrace.runtime.source.FileSourceReader;
import dev.millrace.runtime.source.ReadCounts;
import dev.millrace.runtime.source.SourceFile;
import dev.millrace.types.Schema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The JSON file source on the benchmark's event lines: rows per second that {@link FileSourceReader} turns a file
 * of {@value #LINES} lines (in the generator's format, page-cached) into, through the public reader the bronze table
 * uses: line splitting, JSON parsing straight into the row, timestamp parsing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class JsonSourceBenchmark {

  static final int LINES = 50_000;

  private Path dir;
  private FileSourceReader reader;
  private SourceFile file;

  @Setup(Level.Trial)
  public void writeFile() throws IOException {
    dir = Files.createTempDirectory("millrace-jmh-json");
    Path path = dir.resolve("part-00000.json");
    var random = new SplittableRandom(42);
    long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      for (int i = 0; i < LINES; i++) {
        long t = start + i - random.nextInt(5001);
        // The generator's line format (gen_events.py).
        out.write(String.format(Locale.ROOT, "{\"event_id\":\"e%d\",\"user_id\":\"u%d\",\"event_time\":\"%s\","
            + "\"page\":\"/product/%d\",\"amount\":%.2f}%n", i, random.nextInt(50_000),
            Instant.ofEpochMilli(t).toString(), random.nextInt(16), 0.01 + random.nextDouble() * 500));
      }
    }
    var source = new FileSource(0, "json", Optional.of(Schema.parse(ClickstreamBenchmarkPipeline.EVENT_SCHEMA)),
        Map.of(), dir.toString(), true);
    reader = new FileSourceReader(source);
    file = new SourceFile(path.getFileName().toString(), Files.size(path));
  }

  @TearDown(Level.Trial)
  public void delete() throws IOException {
    BenchFiles.deleteRecursively(dir);
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public ReadCounts readJsonFile(Blackhole bh) {
    ReadCounts counts = reader.read(file, bh::consume);
    if (counts.rows() != LINES) {
      throw new IllegalStateException("read " + counts + ", expected " + LINES + " rows");
    }
    return counts;
  }
}
