package dev.millrace.runtime.engine.progress;

import dev.millrace.runtime.table.EventLogEntry;
import dev.millrace.runtime.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a run's events to the warehouse's event log ({@link TableStore#EVENT_LOG_TABLE}), like DLT's event log:
 * the run's start (and its full refreshes), each table's start, a {@code progress} row per batch with the whole
 * progress record as JSON, each table's end (completed, failed with its error, skipped, not supported) and the run's
 * end.
 *
 * <p>Events are written by a thread of the run's own ({@code millrace-event-log}), in the order they happened, as
 * many as are waiting in one transaction, so the tables' threads never wait for the event log. A batch's event is
 * written after the batch committed: a crash in between leaves the batch without its {@code progress} row, never
 * the other way round. {@link #onRunFinished} writes what is left before it returns. A failing write is logged and
 * the events are dropped; the pipeline goes on.
 *
 * <p>Thread-safe. One instance per run.
 */
public final class EventLogWriter implements PipelineListener {

  private static final Logger log = LoggerFactory.getLogger(EventLogWriter.class);
  private static final EventLogEntry END = new EventLogEntry(java.time.Instant.EPOCH, "-", "-", "-", "-", null, null,
      "-", "-");

  private final TableStore store;
  private final BlockingQueue<EventLogEntry> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  public EventLogWriter(TableStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.writer = new Thread(this::write, "millrace-event-log");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  private void write() {
    var events = new ArrayList<EventLogEntry>();
    while (true) {
      try {
        events.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(events);
      boolean end = events.removeIf(e -> e == END);
      if (!events.isEmpty()) {
        try {
          store.appendEvents(events);
        } catch (RuntimeException e) {
          log.warn("Cannot write {} event(s) to the event log; they are dropped, the pipeline goes on: {}",
              events.size(), e.getMessage());
        }
        events.clear();
      }
      if (end) {
        return;
      }
    }
  }

  private void append(List<EventLogEntry> events) {
    queue.addAll(events);
  }

  @Override
  public void onRunStarted(PipelineEvent.RunStarted e) {
    var rows = new ArrayList<EventLogEntry>();
    rows.add(new EventLogEntry(e.timestamp(), e.pipeline(), e.runId(), "run_started", "INFO", null, null,
        "Run started with trigger " + e.trigger() + (e.fullRefresh().isEmpty() ? ""
            : "; full refresh of " + String.join(", ", e.fullRefresh())), ProgressJson.compact(e)));
    for (String table : e.fullRefresh()) {
      rows.add(new EventLogEntry(e.timestamp(), e.pipeline(), e.runId(), "full_refresh", "INFO", table, null,
          "Full refresh: the table's data and checkpoint were cleared; it is recomputed from its inputs",
          ProgressJson.compact(java.util.Map.of("table", table))));
    }
    append(rows);
  }

  @Override
  public void onStarted(PipelineEvent.TableStarted e) {
    append(List.of(new EventLogEntry(e.timestamp(), e.pipeline(), e.runId(), "table_started", "INFO",
        e.table(), null, "Started " + e.kind() + " '" + e.table() + "' at batch " + e.nextBatchId()
        + (e.watermark() == null ? "" : " with watermark " + e.watermark()), ProgressJson.compact(e))));
  }

  @Override
  public void onProgress(BatchProgress p) {
    append(List.of(new EventLogEntry(p.timestamp(), p.pipeline(), p.runId(), "progress", "INFO",
        p.table(), p.batchId(), p.toString(), p.json())));
  }

  @Override
  public void onTerminated(PipelineEvent.TableTerminated e) {
    String type = "table_" + e.outcome().name().toLowerCase(Locale.ROOT);
    String level = switch (e.outcome()) {
      case COMPLETED -> "INFO";
      case FAILED -> "ERROR";
      case SKIPPED, NOT_SUPPORTED -> "WARN";
    };
    String message = switch (e.outcome()) {
      case COMPLETED -> "Table '" + e.table() + "' completed its part of the run: " + e.batches()
          + (e.batches() == 1 ? " batch" : " batches");
      case FAILED -> e.error();
      case SKIPPED, NOT_SUPPORTED -> e.error() == null ? "Table '" + e.table() + "' was not run" : e.error();
    };
    append(List.of(new EventLogEntry(e.timestamp(), e.pipeline(), e.runId(), type, level, e.table(),
        null, message, ProgressJson.compact(e))));
  }

  @Override
  public void onRunFinished(PipelineEvent.RunFinished e) {
    String how = e.stopped() ? "stopped" : e.succeeded() ? "finished" : "failed";
    append(List.of(new EventLogEntry(e.timestamp(), e.pipeline(), e.runId(), "run_finished",
        e.succeeded() ? "INFO" : "ERROR", null, null,
        String.format(Locale.ROOT, "Run %s after %.1f s", how, e.durationMs() / 1000.0), ProgressJson.compact(e))));
    queue.add(END);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
