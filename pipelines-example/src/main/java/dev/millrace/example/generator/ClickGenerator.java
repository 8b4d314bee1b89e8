package dev.millrace.example.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes JSON-lines click events into a landing directory, in the shape of the shared benchmark workload
 * ({@code shared/bench/gen_events.py}): event time advances 1 ms per event and each event is shifted back by up to
 * {@code maxLateMs}, so the stream is out of order; a {@code dupRate} share of the lines re-send one of the last
 * 10,000 events; users are uniform over {@code users}; pages are one of 20. Deterministic for a seed. Files appear
 * atomically (written to {@code .tmp}, then renamed), as a landing zone expects; the file source ignores
 * {@code .tmp} files.
 *
 * <p>Run it on its own: {@code java -cp <example jar> -Dloader.main=dev.millrace.example.generator.ClickGenerator
 * org.springframework.boot.loader.launch.PropertiesLauncher --events 100000 --files 10 --out DIR}.
 */
public final class ClickGenerator {

  /** What was written. */
  public record Summary(long events, long unique, long duplicates, int files, Path out) {
    @Override
    public String toString() {
      return "events=" + events + " unique=" + unique + " duplicates=" + duplicates + " files=" + files + " out="
          + out;
    }
  }

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private long events = 10_000;
  private int files = 4;
  private int users = 1_000;
  private double dupRate = 0.05;
  private int maxLateMs = 5_000;
  private long seed = 42;
  private Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private int firstFile;

  public ClickGenerator events(long events) {
    this.events = events;
    return this;
  }

  public ClickGenerator files(int files) {
    this.files = files;
    return this;
  }

  public ClickGenerator users(int users) {
    this.users = users;
    return this;
  }

  public ClickGenerator dupRate(double dupRate) {
    this.dupRate = dupRate;
    return this;
  }

  public ClickGenerator maxLateMs(int maxLateMs) {
    this.maxLateMs = maxLateMs;
    return this;
  }

  public ClickGenerator seed(long seed) {
    this.seed = seed;
    return this;
  }

  public ClickGenerator start(Instant start) {
    this.start = start;
    return this;
  }

  /** Numbers the files from {@code part-<firstFile>}, so a second batch of data lands after the first. */
  public ClickGenerator firstFile(int firstFile) {
    this.firstFile = firstFile;
    return this;
  }

  /** Writes the events into {@code out} (created if missing). */
  public Summary writeTo(Path out) {
    var pages = new String[20];
    for (int i = 0; i < 16; i++) {
      pages[i] = "/product/" + i;
    }
    pages[16] = "/home";
    pages[17] = "/search";
    pages[18] = "/cart";
    pages[19] = "/checkout";
    var rnd = new SplittableRandom(seed);
    var recent = new String[10_000];
    int recentSize = 0;
    int ring = 0;
    long nextId = 0;
    long dups = 0;
    long written = 0;
    long perFile = (events + files - 1) / files;
    long startMs = start.toEpochMilli();
    try {
      Files.createDirectories(out);
      for (int f = 0; f < files; f++) {
        long n = Math.min(perFile, events - written);
        if (n <= 0) {
          break;
        }
        Path path = out.resolve(String.format(Locale.ROOT, "part-%05d.json", firstFile + f));
        Path tmp = out.resolve(path.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (long i = 0; i < n; i++) {
            String line;
            if (recentSize > 0 && rnd.nextDouble() < dupRate) {
              line = recent[rnd.nextInt(recentSize)];
              dups++;
            } else {
              long t = startMs + nextId - rnd.nextInt(maxLateMs + 1);
              line = String.format(Locale.ROOT,
                  "{\"event_id\":\"e%d\",\"user_id\":\"u%d\",\"event_time\":\"%s\",\"page\":\"%s\",\"amount\":%.2f}%n",
                  nextId, rnd.nextInt(users), ISO_MILLIS.format(Instant.ofEpochMilli(t)), pages[rnd.nextInt(20)],
                  0.01 + rnd.nextDouble() * (500 - 0.01));
              nextId++;
              if (recentSize < recent.length) {
                recent[recentSize++] = line;
              } else {
                recent[ring] = line;
                ring = (ring + 1) % recent.length;
              }
            }
            w.write(line);
            written++;
          }
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write sample events to " + out + ": " + e.getMessage(), e);
    }
    return new Summary(written, nextId, dups, files, out);
  }

  /** {@code --events N --files N --users N --dup-rate R --max-late-ms N --seed N --out DIR}. */
  public static void main(String[] args) {
    var g = new ClickGenerator();
    GeneratorCli.run(args, Map.ofEntries(
        Map.entry("--events", v -> g.events(Long.parseLong(v))),
        Map.entry("--files", v -> g.files(Integer.parseInt(v))),
        Map.entry("--users", v -> g.users(Integer.parseInt(v))),
        Map.entry("--dup-rate", v -> g.dupRate(Double.parseDouble(v))),
        Map.entry("--max-late-ms", v -> g.maxLateMs(Integer.parseInt(v))),
        Map.entry("--seed", v -> g.seed(Long.parseLong(v)))),
        g::writeTo);
  }

}
