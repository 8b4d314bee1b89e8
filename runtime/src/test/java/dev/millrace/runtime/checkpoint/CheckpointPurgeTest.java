package dev.millrace.runtime.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old {@code offsets/} and {@code commits/} entries are deleted, and what they read is kept in {@code sources/}. */
class CheckpointPurgeTest {

  private static final String FILES = "json files in /landing";
  private static final String TABLE = "table raw";

  @TempDir
  Path dir;

  /** Batch {@code id}: reads file {@code f<id>.json} and upstream batch {@code id} of a table. */
  private static void commit(Checkpoint checkpoint, long id) {
    checkpoint.offsets().add(id, new OffsetEntry(id, 0, Long.MIN_VALUE,
        List.of(SourceOffset.files(FILES, List.of("f" + id + ".json")), SourceOffset.batches(TABLE, id - 1, id))));
    checkpoint.commits().add(id, new CommitEntry(id, Long.MIN_VALUE, List.of(), 1, 1, null));
  }

  private static List<String> files(long from, long toInclusive) {
    return LongStream.rangeClosed(from, toInclusive).mapToObj(i -> "f" + i + ".json").toList();
  }

  @Test
  void keepsTheLastRetainedBatchesAndFoldsWhatTheOthersReadIntoSources() {
    var checkpoint = new Checkpoint(dir);
    for (long id = 0; id <= 9; id++) {
      commit(checkpoint, id);
      assertThat(checkpoint.purge(id, 3)).as("purge after batch %d", id).isZero(); // not a multiple of 10, or 0
    }
    commit(checkpoint, 10);

    assertThat(checkpoint.purge(10, 3)).isEqualTo(8); // batches 0 to 7; 8, 9 and 10 are kept

    assertThat(checkpoint.offsets().ids()).containsExactly(8L, 9L, 10L);
    assertThat(checkpoint.commits().ids()).containsExactly(8L, 9L, 10L);
    assertThat(checkpoint.sources().ids()).containsExactly(7L);
    CompactedSources folded = checkpoint.sources().get(7).orElseThrow();
    assertThat(folded.throughBatch()).isEqualTo(7);
    assertThat(folded.sources()).containsExactly(SourceOffset.files(FILES, files(0, 7)),
        SourceOffset.batches(TABLE, 6, 7));
    assertThat(checkpoint.sourceHistories(2)).containsExactly(
        List.of(SourceOffset.files(FILES, files(0, 7)), SourceOffset.files(FILES, files(8, 8)),
            SourceOffset.files(FILES, files(9, 9)), SourceOffset.files(FILES, files(10, 10))),
        List.of(SourceOffset.batches(TABLE, 6, 7), SourceOffset.batches(TABLE, 7, 8), SourceOffset.batches(TABLE, 8, 9),
            SourceOffset.batches(TABLE, 9, 10)));

    for (long id = 11; id <= 20; id++) {
      commit(checkpoint, id);
      checkpoint.purge(id, 3);
    }
    assertThat(checkpoint.offsets().ids()).containsExactly(18L, 19L, 20L);
    assertThat(checkpoint.commits().ids()).containsExactly(18L, 19L, 20L);
    assertThat(checkpoint.sources().ids()).containsExactly(17L);
    assertThat(checkpoint.sources().get(17).orElseThrow().sources().get(0).files()).isEqualTo(files(0, 17));
    assertThat(checkpoint.lastCommit().orElseThrow().batchId()).isEqualTo(20);
  }

  @Test
  void entriesLeftByACrashBetweenFoldingAndDeletingAreReadOnce() {
    var checkpoint = new Checkpoint(dir);
    for (long id = 0; id <= 10; id++) {
      commit(checkpoint, id);
    }
    checkpoint.purge(10, 3);
    // As if the process had died after writing sources/7 and before deleting offsets/0 to offsets/7.
    for (long id = 0; id <= 7; id++) {
      commit(checkpoint, id);
    }

    List<List<SourceOffset>> histories = checkpoint.sourceHistories(2);

    var allFiles = new ArrayList<String>();
    histories.get(0).forEach(o -> allFiles.addAll(o.files()));
    assertThat(allFiles).isEqualTo(files(0, 10)); // each file once
    assertThat(histories.get(1).get(histories.get(1).size() - 1)).isEqualTo(SourceOffset.batches(TABLE, 9, 10));

    for (long id = 11; id <= 20; id++) {
      commit(checkpoint, id);
    }
    assertThat(checkpoint.purge(20, 3)).isEqualTo(18); // the leftover 0 to 7 as well as 8 to 17
    assertThat(checkpoint.offsets().ids()).containsExactly(18L, 19L, 20L);
    assertThat(checkpoint.sources().ids()).containsExactly(17L);
    assertThat(checkpoint.sources().get(17).orElseThrow().sources().get(0).files()).isEqualTo(files(0, 17));
  }

  @Test
  void aCheckpointWithFewerBatchesThanRetainedKeepsThemAll() {
    var checkpoint = new Checkpoint(dir);
    for (long id = 0; id <= 10; id++) {
      commit(checkpoint, id);
    }
    assertThat(checkpoint.purge(10, 20)).isZero();
    assertThat(checkpoint.offsets().ids()).hasSize(11);
    assertThat(checkpoint.sources().ids()).isEmpty();
  }
}
