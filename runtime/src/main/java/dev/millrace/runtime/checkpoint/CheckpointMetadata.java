package dev.millrace.runtime.checkpoint;

/**
 * The checkpoint's {@code metadata} file, written when a table first runs: ties the checkpoint to the table and to
 * the shape of its query, so that an incompatible change (other inputs, other stateful operators) is detected
 * instead of misreading old offsets or state.
 *
 * @param queryId a random id of the query, stable across restarts (Spark's {@code id})
 * @param fingerprint a description of the query's inputs and stateful operators
 */
public record CheckpointMetadata(int version, String table, String queryId, String fingerprint) {

  public static final int CURRENT_VERSION = 1;
}
