package dev.millrace.runtime.table;

import dev.millrace.types.Schema;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link DuckDbTableStoreTest}: holds the warehouse given as argument open for writing,
 * prints {@link #READY}, and releases it when its standard input is closed.
 */
public final class WarehouseLockHolder {

  static final String READY = "ready";

  private WarehouseLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (var store = DuckDbTableStore.open(Path.of(args[0]))) {
      store.ensureTable("held", Schema.parse("a INT"));
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our standard input
      }
    }
  }
}
