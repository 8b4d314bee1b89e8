package dev.millrace.runtime.engine.progress;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A long run's progress on the console, one line per table (state, batches, rows, rows per second, backlog):
 * <ul>
 *   <li>on a terminal, a block of lines redrawn in place (ANSI cursor movement) every {@code refresh}, erased when
 *       the run ends, so the run's summary follows;</li>
 *   <li>otherwise (output to a file or a pipe), plain lines, {@code [progress] table: ...}, for the tables that
 *       made progress, at most once per {@code interval}; a run shorter than that prints nothing.</li>
 * </ul>
 * The rate is the table's rows read since it started in this run over the time from its start to its last batch.
 *
 * <p>Thread-safe: tables report from their threads, the terminal is redrawn from a daemon thread.
 */
public final class ConsoleProgress implements PipelineListener, AutoCloseable {

  private static final String ESC = "\u001b[";

  private final PrintWriter out;
  private final boolean terminal;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Line> lines = new LinkedHashMap<>();
  private ScheduledExecutorService redraw;
  private int drawn;
  private Instant lastPrint;
  private boolean dirty;

  /**
   * @param terminal whether {@code out} is a terminal (redraw in place) or not (plain lines)
   * @param interval on a terminal, how often to redraw; otherwise, how often at most to print
   */
  public ConsoleProgress(PrintWriter out, boolean terminal, Duration interval, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.terminal = terminal;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Progress on {@code out}: redrawn twice a second on a terminal, plain lines every 10 seconds otherwise. */
  public static ConsoleProgress forConsole(PrintWriter out, boolean terminal) {
    return new ConsoleProgress(out, terminal, terminal ? Duration.ofMillis(500) : Duration.ofSeconds(10),
        Clock.systemUTC());
  }

  /** Whether this process writes to a terminal that understands cursor movement. */
  public static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public synchronized void onRunStarted(PipelineEvent.RunStarted event) {
    lines.clear();
    for (String table : event.tables()) {
      lines.put(table, new Line(table));
    }
    lastPrint = clock.instant();
    drawn = 0;
    if (terminal && redraw == null) {
      redraw = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "millrace-console");
        t.setDaemon(true);
        return t;
      });
      long millis = Math.max(50, interval.toMillis());
      redraw.scheduleAtFixedRate(this::redrawIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void onStarted(PipelineEvent.TableStarted event) {
    Line line = line(event.table());
    line.state = "running";
    line.startedAt = clock.instant();
    dirty = true;
  }

  @Override
  public synchronized void onProgress(BatchProgress p) {
    Line line = line(p.table());
    line.batches++;
    line.lastBatch = p.batchId();
    line.rows += p.numInputRows();
    line.lastBatchAt = clock.instant();
    line.changed = true;
    long files = -1;
    long batches = -1;
    for (BatchProgress.SourceProgress s : p.sources()) {
      if (s.backlog() != null && "files".equals(s.backlogUnit())) {
        files = Math.max(0, files) + s.backlog();
      } else if (s.backlog() != null) {
        batches = Math.max(0, batches) + s.backlog();
      }
    }
    line.backlog = files >= 0 ? files + (files == 1 ? " file" : " files")
        : batches >= 0 ? batches + (batches == 1 ? " batch" : " batches") : null;
    dirty = true;
    if (!terminal) {
      printPlainIfDue();
    }
  }

  @Override
  public synchronized void onTerminated(PipelineEvent.TableTerminated event) {
    Line line = line(event.table());
    line.state = switch (event.outcome()) {
      case COMPLETED -> "done";
      case FAILED -> "failed";
      case SKIPPED -> "skipped";
      case NOT_SUPPORTED -> "not supported";
    };
    dirty = true;
  }

  @Override
  public void onRunFinished(PipelineEvent.RunFinished event) {
    close();
  }

  /** Stops redrawing and erases the block (terminal). Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService r;
    synchronized (this) {
      r = redraw;
      redraw = null;
    }
    if (r != null) {
      r.shutdownNow();
      try {
        r.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (terminal && drawn > 0) {
        var sb = new StringBuilder();
        sb.append(ESC).append(drawn).append('A');
        for (int i = 0; i < drawn; i++) {
          sb.append(ESC).append("2K\n");
        }
        sb.append(ESC).append(drawn).append('A');
        out.print(sb);
        out.flush();
        drawn = 0;
      }
    }
  }

  /** Redraws the block if something changed since the last drawing (terminal). */
  public synchronized void redrawIfChanged() {
    if (!dirty || lines.isEmpty()) {
      return;
    }
    dirty = false;
    var sb = new StringBuilder();
    if (drawn > 0) {
      sb.append(ESC).append(drawn).append('A'); // back to the block's first line
    }
    List<String> texts = render();
    for (String text : texts) {
      sb.append('\r').append(ESC).append("2K").append(text).append('\n');
    }
    drawn = texts.size();
    out.print(sb);
    out.flush();
  }

  /** The lines of the block, aligned: one per table. */
  synchronized List<String> render() {
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    var texts = new ArrayList<String>();
    for (Line l : lines.values()) {
      texts.add(String.format(Locale.ROOT, "%-" + width + "s  %-8s %s", l.table, l.state, l.figures())
          .stripTrailing());
    }
    return texts;
  }

  private void printPlainIfDue() {
    Instant now = clock.instant();
    if (Duration.between(lastPrint, now).compareTo(interval) < 0) {
      return;
    }
    lastPrint = now;
    for (Line l : lines.values()) {
      if (l.changed) {
        out.println("[progress] " + l.table + ": " + l.figures());
        l.changed = false;
      }
    }
    out.flush();
  }

  private Line line(String table) {
    return lines.computeIfAbsent(table, Line::new);
  }

  /** One table's figures in this run. */
  private static final class Line {
    final String table;
    String state = "waiting";
    Instant startedAt;
    Instant lastBatchAt;
    long batches;
    long lastBatch = -1;
    long rows;
    String backlog;
    boolean changed;

    Line(String table) {
      this.table = table;
    }

    String figures() {
      if (batches == 0) {
        return "";
      }
      // Up to the last batch: a table waiting for more input is not getting slower.
      double seconds = startedAt == null || lastBatchAt == null ? 0
          : Duration.between(startedAt, lastBatchAt).toMillis() / 1000.0;
      long rate = seconds <= 0 ? 0 : Math.round(rows / seconds);
      return String.format(Locale.ROOT, "%d %s (last %d), %,d rows, %,d rows/s%s", batches,
          batches == 1 ? "batch" : "batches", lastBatch, rows, rate, backlog == null ? "" : ", backlog " + backlog);
    }
  }
}
