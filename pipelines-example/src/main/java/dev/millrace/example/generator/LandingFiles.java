package dev.millrace.example.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** What the example generators share: lines in arrival order, and files that appear in a landing zone atomically. */
public final class LandingFiles {

  private LandingFiles() {}

  /**
   * The JSON lines of {@code items} in the order they arrive: each arrives up to {@code maxDisorderMs} after its
   * event time (drawn from {@code rnd}), ties by line; then, before each line with probability {@code dupRate}, one
   * of the last 50 lines is sent again. No line arrives more than {@code maxDisorderMs} after any line sent after
   * it, so a watermark delay above that drops nothing.
   */
  public static <T> List<String> inArrivalOrder(List<T> items, ToLongFunction<T> eventTimeMs,
      Function<T, String> json, long maxDisorderMs, double dupRate, SplittableRandom rnd) {
    var arrivals = new ArrayList<Object[]>(items.size());
    for (T item : items) {
      arrivals.add(new Object[] {eventTimeMs.applyAsLong(item) + rnd.nextLong(maxDisorderMs + 1), json.apply(item)});
    }
    arrivals.sort(Comparator.comparingLong((Object[] a) -> (Long) a[0]).thenComparing(a -> (String) a[1]));
    var lines = new ArrayList<String>();
    for (Object[] a : arrivals) {
      if (!lines.isEmpty() && rnd.nextDouble() < dupRate) {
        lines.add(lines.get(Math.max(0, lines.size() - 1 - rnd.nextInt(50))));
      }
      lines.add((String) a[1]);
    }
    return lines;
  }

  /**
   * Writes {@code lines} into {@code files} files {@code part-00000.json}, ... of {@code dir} (created if missing),
   * in order and evenly; each file is written to {@code .tmp} and renamed, so a file source never sees half of it.
   */
  public static void write(Path dir, List<String> lines, int files) {
    int perFile = (lines.size() + files - 1) / files;
    try {
      Files.createDirectories(dir);
      for (int f = 0; f < files; f++) {
        List<String> part = lines.subList(Math.min(lines.size(), f * perFile),
            Math.min(lines.size(), (f + 1) * perFile));
        Path path = dir.resolve(String.format(Locale.ROOT, "part-%05d.json", f));
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (String line : part) {
            w.write(line);
            w.write('\n');
          }
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write sample data to " + dir + ": " + e.getMessage(), e);
    }
  }
}
