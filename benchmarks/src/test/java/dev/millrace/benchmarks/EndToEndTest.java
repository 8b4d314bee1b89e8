package dev.millrace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's correctness columns on a small input, against the independent count of {@code expected.py}: the
 * same check {@code benchmarks/run.sh} makes on 2,000,000 events. 12,000 events span 12 s of event time, so the
 * final watermark (about 2 s after the start) closes the windows of the minute before the start, which the events
 * shifted back by the generator's lateness fall in: gold is not empty.
 */
class EndToEndTest {

  @TempDir
  Path dir;

  @Test
  void correctnessColumnsMatchTheIndependentCount() throws Exception {
    Path landing = dir.resolve("landing");
    String generated = python("gen_events.py", "--events", "12000", "--files", "4", "--out", landing.toString());
    Path summary = Files.writeString(dir.resolve("generator.txt"), generated);
    Map<String, String> expected = fields(python("expected.py", landing.toString(), "--generator-summary",
        summary.toString()), "expected");

    EndToEnd.Result result = EndToEnd.run(landing, dir.resolve("work"), EndToEnd.DEFAULT_PARTITIONS);

    assertThat(result.run().succeeded()).as(result.run().firstError().orElse("")).isTrue();
    Map<String, String> line = fields(result.line(), "millrace");
    for (String column : List.of("events", "silver_rows", "gold_rows", "gold_events_sum")) {
      assertThat(line.get(column)).as(column + " in " + result.line() + " vs " + expected).isEqualTo(
          expected.get(column));
    }
    assertThat(Long.parseLong(expected.get("gold_rows"))).as("gold rows to check").isPositive();
    assertThat(Long.parseLong(expected.get("duplicates"))).as("duplicates to drop").isPositive();
    assertThat(result.bronzeRows()).isEqualTo(12_000);
    assertThat(result.stateMb()).isPositive();
    assertThat(result.peakHeapMb()).isPositive();
    assertThat(line.keySet()).containsExactly("events", "seconds", "events_per_s", "gold_rows", "gold_events_sum",
        "silver_rows", "peak_heap_mb", "state_mb");
  }

  private static Map<String, String> fields(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.startsWith(prefix + " ")) {
        var fields = new LinkedHashMap<String, String>();
        for (String kv : l.substring(prefix.length() + 1).trim().split(" ")) {
          String[] parts = kv.split("=", 2);
          fields.put(parts[0], parts[1]);
        }
        return fields;
      }
    }
    throw new AssertionError("No '" + prefix + "' line in: " + text);
  }

  /** Runs one of the module's Python scripts (the module directory is the working directory of the tests). */
  private static String python(String script, String... args) throws IOException, InterruptedException {
    Path path = Path.of(script);
    if (!Files.exists(path)) {
      path = Path.of("benchmarks", script);
    }
    List<String> command = new ArrayList<>(List.of("python3", path.toString()));
    command.addAll(Arrays.asList(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("The benchmark's correctness check needs python3 on the PATH: " + e.getMessage(), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s exited with: %s", command, out).isZero();
    return out;
  }
}
