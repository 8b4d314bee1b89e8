package dev.millrace.benchmarks;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** File helpers of the benchmarks: their working directories are theirs to delete, and sizes on disk. */
public final class BenchFiles {

  private BenchFiles() {}

  /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * Bytes of the files under {@code dirs}, each file once: RocksDB snapshots are hard links to the working
   * instance's SST files, which take the disk space once.
   */
  public static long diskBytes(Iterable<Path> dirs) throws IOException {
    Set<Object> seen = new HashSet<>();
    long[] total = {0};
    for (Path dir : dirs) {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (seen.add(attrs.fileKey() != null ? attrs.fileKey() : file)) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return total[0];
  }
}
