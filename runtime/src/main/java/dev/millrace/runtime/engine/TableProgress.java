package dev.millrace.runtime.engine;

import dev.millrace.graph.TableKind;

/**
 * What a table did during one run: batches, rows, malformed records, watermark and the outcome, for the run summary
 * and for tests. Written by the table's thread, read after the run.
 */
public final class TableProgress {

  /** How a table's part of a run ended. */
  public enum Status {
    /** Ran (possibly zero batches, if there was nothing new). */
    OK,
    /** A batch failed; the error says which. */
    FAILED,
    /** Not run because a table it reads failed, was skipped or is not supported. */
    SKIPPED,
    /** Valid, but uses an operation this version of the engine does not run yet; the reason says which. */
    NOT_SUPPORTED
  }

  private final String table;
  private final TableKind kind;
  private volatile Status status = Status.OK;
  private volatile String error;
  private long batches;
  private long lastBatch = -1;
  private long rowsIn;
  private long rowsWritten;
  private long malformedKept;
  private long malformedDropped;
  private long lateRows;
  private long duplicates;
  private long watermark = Long.MIN_VALUE;
  private long nanos;
  private long stateKeys = -1;
  private long peakStateKeys = -1;
  private long stateBytes;

  public TableProgress(String table, TableKind kind) {
    this.table = table;
    this.kind = kind;
  }

  synchronized void batchDone(long batchId, BatchCounters counters, long written, long watermark, long nanos) {
    batches++;
    lastBatch = batchId;
    rowsIn += counters.rowsIn;
    rowsWritten += written;
    malformedKept += counters.malformedKept;
    malformedDropped += counters.malformedDropped;
    lateRows += counters.lateRows;
    duplicates += counters.duplicates;
    this.watermark = watermark;
    this.nanos += nanos;
  }

  synchronized void state(long keys, long bytesOnDisk) {
    this.stateKeys = keys;
    this.peakStateKeys = Math.max(peakStateKeys, keys);
    this.stateBytes = bytesOnDisk;
  }

  /** Keys in the table's state stores after its last batch, or -1 for a table without state. */
  public synchronized long stateKeys() {
    return stateKeys;
  }

  /** The most keys the table's state held after any batch of the run, or -1 for a table without state. */
  public synchronized long peakStateKeys() {
    return peakStateKeys;
  }

  /** Bytes of the table's state on disk after its last batch (0 without state). */
  public synchronized long stateBytes() {
    return stateBytes;
  }

  /** The watermark a table starts the run with, shown if it runs no batch. */
  synchronized void watermarkAtStart(long watermark) {
    if (batches == 0) {
      this.watermark = watermark;
    }
  }

  void failed(String message) {
    status = Status.FAILED;
    error = message;
  }

  void notSupported(String reason) {
    status = Status.NOT_SUPPORTED;
    error = reason;
  }

  void skipped(String reason) {
    status = Status.SKIPPED;
    error = reason;
  }

  public String table() {
    return table;
  }

  public TableKind kind() {
    return kind;
  }

  public Status status() {
    return status;
  }

  /** Why the table failed or was skipped; null when it ran. */
  public String error() {
    return error;
  }

  public synchronized long batches() {
    return batches;
  }

  /** The id of the last batch this run committed, or -1. */
  public synchronized long lastBatch() {
    return lastBatch;
  }

  public synchronized long rowsIn() {
    return rowsIn;
  }

  public synchronized long rowsWritten() {
    return rowsWritten;
  }

  /** Malformed records kept with their raw text (PERMISSIVE) plus those dropped (DROPMALFORMED). */
  public synchronized long rowsRejected() {
    return malformedKept + malformedDropped;
  }

  public synchronized long malformedKept() {
    return malformedKept;
  }

  public synchronized long malformedDropped() {
    return malformedDropped;
  }

  /** Rows dropped by stateful operators as late for the watermark (or without an event time). */
  public synchronized long lateRowsDropped() {
    return lateRows;
  }

  /** Rows dropped as duplicates. */
  public synchronized long duplicatesDropped() {
    return duplicates;
  }

  /** The event-time watermark after the last batch, in microseconds, or {@link Long#MIN_VALUE}. */
  public synchronized long watermark() {
    return watermark;
  }

  public synchronized long durationNanos() {
    return nanos;
  }
}
