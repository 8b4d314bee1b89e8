package dev.millrace.runtime.state;

import java.time.Duration;
import java.util.Objects;

/**
 * Size and timing of one operator partition's state.
 *
 * @param keys the number of keys (exact, for both providers; includes this batch's uncommitted writes)
 * @param bytesOnDisk bytes of the partition's files on disk: checkpoint changelogs and snapshots plus, for RocksDB,
 *     the working instance (hard-linked files counted once)
 * @param bytesInMemory estimated heap or native memory held by this partition alone: the map (memory provider) or
 *     memtables, table readers and the uncommitted batch (RocksDB; the shared block cache is not included)
 * @param lastCommitDuration how long the last {@link StateStore#commit()} of this provider took, {@link Duration#ZERO}
 *     before the first
 */
public record StateMetrics(long keys, long bytesOnDisk, long bytesInMemory, Duration lastCommitDuration) {

  public StateMetrics {
    Objects.requireNonNull(lastCommitDuration, "lastCommitDuration");
  }
}
