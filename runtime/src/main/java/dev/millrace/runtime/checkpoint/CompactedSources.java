package dev.millrace.runtime.checkpoint;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code sources/N}: what the purged {@code offsets/0} to {@code offsets/N} said of each input, folded into one
 * entry per input, so recovery needs only this and the {@code offsets/} entries after it (as Spark's compacted
 * {@code FileStreamSourceLog}): for a file source, every file those batches read; for a table input, the last range.
 *
 * @param throughBatch the last batch folded in
 * @param sources one entry per input of the query, in plan order
 */
public record CompactedSources(long throughBatch, List<SourceOffset> sources) {

  public CompactedSources {
    sources = List.copyOf(sources);
  }

  /** {@code older} followed by {@code newer}, input by input: the files of both, in order, and the newer range. */
  static List<SourceOffset> fold(List<SourceOffset> older, List<SourceOffset> newer) {
    if (older.size() != newer.size()) {
      throw new IllegalStateException("Checkpoint entries with " + older.size() + " and " + newer.size()
          + " inputs cannot be folded together");
    }
    var out = new ArrayList<SourceOffset>(newer.size());
    for (int i = 0; i < newer.size(); i++) {
      SourceOffset a = older.get(i);
      SourceOffset b = newer.get(i);
      var files = new LinkedHashSet<>(a.files());
      files.addAll(b.files());
      out.add(new SourceOffset(b.description(), List.copyOf(files), b.fromBatch(), b.toBatch()));
    }
    return out;
  }
}
