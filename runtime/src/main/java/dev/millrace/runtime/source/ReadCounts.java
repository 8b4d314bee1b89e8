package dev.millrace.runtime.source;

/**
 * What reading one file produced: the source's metrics and the engine's progress report add these up.
 *
 * @param records records found in the file: non-blank lines of JSON, data records of CSV (not the header)
 * @param rows rows emitted, malformed rows kept in PERMISSIVE mode included
 * @param malformedKept malformed records emitted with their raw text in the corrupt-record column (PERMISSIVE)
 * @param malformedDropped malformed records dropped (DROPMALFORMED)
 */
public record ReadCounts(long records, long rows, long malformedKept, long malformedDropped) {

  public static final ReadCounts ZERO = new ReadCounts(0, 0, 0, 0);

  /** The sum of two counts, e.g. over the files of a batch. */
  public ReadCounts plus(ReadCounts other) {
    return new ReadCounts(records + other.records, rows + other.rows, malformedKept + other.malformedKept,
        malformedDropped + other.malformedDropped);
  }
}
