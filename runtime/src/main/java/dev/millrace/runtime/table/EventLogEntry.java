package dev.millrace.runtime.table;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the warehouse's event log ({@link TableStore#EVENT_LOG_TABLE}), like a row of DLT's event log.
 *
 * @param timestamp when it happened
 * @param pipeline the pipeline's name
 * @param runId the run's id
 * @param eventType what happened: {@code run_started}, {@code full_refresh}, {@code table_started},
 *     {@code progress}, {@code table_completed}, {@code table_failed}, {@code table_skipped},
 *     {@code table_not_supported}, {@code run_finished}
 * @param level {@code INFO}, {@code WARN} or {@code ERROR}
 * @param table the table concerned; null for events of the whole run
 * @param batchId the batch of a {@code progress} event; null otherwise
 * @param message a sentence for people
 * @param details the event as JSON (for {@code progress}, the whole progress record)
 */
public record EventLogEntry(Instant timestamp, String pipeline, String runId, String eventType, String level,
    String table, Long batchId, String message, String details) {

  public EventLogEntry {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(details, "details");
  }
}
