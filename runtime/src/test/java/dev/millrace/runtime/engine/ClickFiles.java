package dev.millrace.runtime.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes JSON-lines click files for the crash tests, after the example's {@code ClickGenerator}: deterministic for
 * a seed, with some non-positive amounts (dropped by silver) and some malformed lines (kept by bronze in
 * {@code _corrupt_record}). Files appear atomically, as a landing zone expects.
 */
final class ClickFiles {

  private static final String[] PAGES = {"/home", "/search", "/cart", "/checkout", "/product/1", "/product/2"};

  private ClickFiles() {}

  /**
   * Writes {@code landing/name} with {@code lines} lines.
   *
   * @return the event ids of the well-formed lines, in file order
   */
  static List<String> write(Path landing, String name, int lines, long seed) {
    var rnd = new SplittableRandom(seed);
    var ids = new ArrayList<String>();
    var text = new StringBuilder();
    long baseMs = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + seed * 1000;
    for (int i = 0; i < lines; i++) {
      if (rnd.nextInt(50) == 0) {
        text.append("{\"event_id\": \"broken-").append(seed).append('-').append(i).append("\", oops\n");
        continue;
      }
      String id = "e" + seed + "-" + i;
      double amount = rnd.nextInt(10) == 0 ? -rnd.nextInt(100) : 0.01 + rnd.nextInt(50_000) / 100.0;
      text.append(String.format(Locale.ROOT,
          "{\"event_id\":\"%s\",\"user_id\":\"u%d\",\"event_time\":\"%s\",\"page\":\"%s\",\"amount\":%.2f}%n",
          id, rnd.nextInt(100), Instant.ofEpochMilli(baseMs + i * 7L - rnd.nextInt(3000)),
          PAGES[rnd.nextInt(PAGES.length)], amount));
      ids.add(id);
    }
    try {
      Files.createDirectories(landing);
      Path tmp = landing.resolve(name + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, landing.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  /** Writes {@code count} files {@code part-<first>.json} ... of {@code lines} lines, seeded by their number. */
  static void writeParts(Path landing, int first, int count, int lines) {
    for (int f = first; f < first + count; f++) {
      write(landing, String.format(Locale.ROOT, "part-%05d.json", f), lines, f);
    }
  }
}
