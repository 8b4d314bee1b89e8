package dev.millrace.runtime.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A state larger than the heap" (issue 4): {@link StateScaleMain} in a child JVM with a 256 MB heap aggregates
 * distinct keys with the RocksDB state store and checks its table. The 5,000,000-key run is tagged {@code scale}
 * and runs only with {@code ./mvnw -pl runtime test -Pscale} (a few minutes); a 200,000-key run is part of the normal
 * suite (about 10 s).
 */
@Tag("child-jvm")
class StateScaleTest {

  private static final Pattern RESULT = Pattern.compile("^state-scale keys=.*$", Pattern.MULTILINE);

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aggregates200000KeysInA256MbHeap(@TempDir Path dir) throws Exception {
    String line = run(200_000, dir, 2);
    assertThat(field(line, "warehouse_rows")).isEqualTo("200000");
  }

  @Test
  @Tag("scale")
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void aggregates5000000KeysInA256MbHeap(@TempDir Path dir) throws Exception {
    String line = run(5_000_000, dir, 28);
    assertThat(field(line, "warehouse_rows")).isEqualTo("5000000");
  }

  /** Runs the main class for {@code keys} keys and returns its result line, after checking that it succeeded. */
  private static String run(long keys, Path dir, int minutes) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("state-scale.log");
    List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        StateScaleMain.class.getName(), Long.toString(keys), dir.resolve("work").toString(), "continuous");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(minutes, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(ended).as("the run ended within %d minutes; its output:\n%s", minutes, output).isTrue();
    assertThat(child.exitValue()).as("exit code; the output:\n%s", output).isZero();
    Matcher m = RESULT.matcher(output);
    assertThat(m.find()).as("a result line in:\n%s", output).isTrue();
    String line = m.group();
    System.out.println("[StateScaleTest] " + line);
    assertThat(field(line, "keys")).isEqualTo(Long.toString(keys));
    return line;
  }

  private static String field(String line, String name) {
    Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(line);
    assertThat(m.find()).as("%s in %s", name, line).isTrue();
    return m.group(1);
  }
}
