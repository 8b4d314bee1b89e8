package dev.millrace.runtime.engine;

import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.source.FileSourceReader;
import dev.millrace.runtime.source.ReadCounts;
import dev.millrace.runtime.source.SourceFile;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A streaming file source: each batch takes new files of the directory, in name order and within the rate limits;
 * the files of every batch are recorded in its {@code offsets} entry, which is also how the files already read are
 * remembered.
 */
final class FileInput implements Input {

  private final FileSourceReader reader;
  private final String description;
  private final Set<String> seen = new HashSet<>();
  /** Unread files beyond the last proposed batch, from the listing that proposed it; -1: not known. */
  private long backlogAfterNext = -1;
  private List<String> proposed = List.of();

  FileInput(FileSourceReader reader, String description) {
    this.reader = reader;
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void recover(List<SourceOffset> history) {
    for (SourceOffset o : history) {
      seen.addAll(o.files());
    }
  }

  @Override
  public SourceOffset next(SourceOffset previous) {
    FileSourceReader.NewFiles files = reader.nextFiles(seen);
    proposed = files.batch().stream().map(SourceFile::name).toList();
    backlogAfterNext = files.unread() - proposed.size();
    return SourceOffset.files(description, proposed);
  }

  @Override
  public void planned(SourceOffset range) {
    seen.addAll(range.files());
    if (!range.files().equals(proposed)) {
      backlogAfterNext = -1;
    }
    proposed = List.of();
  }

  @Override
  public long backlog() {
    // The planning listing already counted them, unless the batch is a replay of recorded files.
    return backlogAfterNext >= 0 ? backlogAfterNext : reader.countNewFiles(seen);
  }

  @Override
  public String backlogUnit() {
    return "files";
  }

  @Override
  public void read(SourceOffset range, Consumer<Object[]> out, BatchCounters counters) {
    for (String name : range.files()) {
      ReadCounts c = reader.read(new SourceFile(name, 0), row -> { // the size only matters when listing
        counters.rowsIn++;
        out.accept(row);
      });
      counters.filesRead++;
      counters.malformedKept += c.malformedKept();
      counters.malformedDropped += c.malformedDropped();
    }
  }
}
