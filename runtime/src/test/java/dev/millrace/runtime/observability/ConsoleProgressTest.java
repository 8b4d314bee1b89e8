package dev.millrace.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.ConsoleProgress;
import dev.millrace.runtime.engine.progress.PipelineEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's progress lines: redrawn in place on a terminal, plain and rate-limited otherwise. */
class ConsoleProgressTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final StringWriter text = new StringWriter();
  private final MutableClock clock = new MutableClock();

  private static PipelineEvent.RunStarted runStarted() {
    return new PipelineEvent.RunStarted("p", "run", T0, "available-now", List.of("raw_events", "clean"), List.of());
  }

  private static PipelineEvent.TableStarted started(String table) {
    return new PipelineEvent.TableStarted("p", "run", T0, table, "streaming table", "id", 0, null);
  }

  private static BatchProgress progress(String table, long batchId, long rows, long backlog, String unit) {
    return new BatchProgress("p", table, "streaming table", "id", "run", batchId, T0, rows, 0, 0, rows, 0, 0, 0, 0,
        false, false, Map.of("triggerExecution", 1L), null, List.of(), List.of(new BatchProgress.SourceProgress(
            "src", null, null, List.of(), rows, 0, 0, backlog, unit)), new BatchProgress.SinkProgress("sink", rows));
  }

  @Test
  void withoutATerminalAShortRunPrintsNothing() {
    var console = new ConsoleProgress(new PrintWriter(text), false, Duration.ofSeconds(10), clock);
    console.onRunStarted(runStarted());
    console.onStarted(started("raw_events"));
    clock.now = T0.plusSeconds(3);
    console.onProgress(progress("raw_events", 0, 1000, 4, "files"));
    console.onRunFinished(new PipelineEvent.RunFinished("p", "run", clock.now, true, false, 3000));

    assertThat(text.toString()).isEmpty();
  }

  @Test
  void withoutATerminalALongRunPrintsPlainLinesAtMostOncePerInterval() {
    var console = new ConsoleProgress(new PrintWriter(text), false, Duration.ofSeconds(10), clock);
    console.onRunStarted(runStarted());
    console.onStarted(started("raw_events"));
    clock.now = T0.plusSeconds(4);
    console.onProgress(progress("raw_events", 0, 20_000, 4, "files"));
    clock.now = T0.plusSeconds(10);
    console.onProgress(progress("raw_events", 1, 20_000, 3, "files"));
    clock.now = T0.plusSeconds(12);
    console.onProgress(progress("raw_events", 2, 20_000, 2, "files")); // within 10 s of the last print
    console.onStarted(started("clean"));
    clock.now = T0.plusSeconds(20);
    console.onProgress(progress("clean", 0, 60_000, 1, "batches"));

    // Rates run to each table's last batch: raw_events 60,000 rows in 12 s, clean 60,000 in 8 s (from 12 s to 20 s).
    assertThat(text.toString()).isEqualTo("""
        [progress] raw_events: 2 batches (last 1), 40,000 rows, 4,000 rows/s, backlog 3 files
        [progress] raw_events: 3 batches (last 2), 60,000 rows, 5,000 rows/s, backlog 2 files
        [progress] clean: 1 batch (last 0), 60,000 rows, 7,500 rows/s, backlog 1 batch
        """);
  }

  @Test
  void onATerminalTheBlockIsRedrawnInPlaceAndErasedAtTheEnd() {
    var console = new ConsoleProgress(new PrintWriter(text), true, Duration.ofHours(1), clock); // no timer redraws
    console.onRunStarted(runStarted());
    console.onStarted(started("raw_events"));
    clock.now = T0.plusSeconds(2);
    console.onProgress(progress("raw_events", 0, 10_000, 1, "files"));
    console.redrawIfChanged();
    console.redrawIfChanged(); // nothing changed: nothing drawn
    clock.now = T0.plusSeconds(4);
    console.onProgress(progress("raw_events", 1, 10_000, 0, "files"));
    console.redrawIfChanged();
    console.onRunFinished(new PipelineEvent.RunFinished("p", "run", clock.now, true, false, 4000));

    String esc = "\u001b[";
    assertThat(text.toString()).isEqualTo(
        "\r" + esc + "2Kraw_events  running  1 batch (last 0), 10,000 rows, 5,000 rows/s, backlog 1 file\n"
        + "\r" + esc + "2Kclean       waiting\n"
        + esc + "2A"
        + "\r" + esc + "2Kraw_events  running  2 batches (last 1), 20,000 rows, 5,000 rows/s, backlog 0 files\n"
        + "\r" + esc + "2Kclean       waiting\n"
        + esc + "2A" + esc + "2K\n" + esc + "2K\n" + esc + "2A");
  }
}
