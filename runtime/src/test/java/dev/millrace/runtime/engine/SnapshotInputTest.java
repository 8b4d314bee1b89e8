package dev.millrace.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.runtime.table.DuckDbTableStore;
import dev.millrace.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static side of a stream-static join is read from the warehouse only when its table changed. */
class SnapshotInputTest {

  private static final Schema USERS = Schema.parse("user_id STRING, country STRING");

  @Test
  void theSnapshotIsCachedUntilTheTableCommitsANewBatch(@TempDir Path dir) {
    try (var store = DuckDbTableStore.open(dir.resolve("w.duckdb"))) {
      var input = new SnapshotInput("users", USERS, store);
      assertThat(read(input)).isEmpty(); // no table yet
      store.ensureTable("users", USERS);
      store.appendBatch("users", 0, USERS, java.util.Collections.singletonList(new Object[] {"u1", "de"}));

      assertThat(read(input)).containsExactly("u1/de");
      assertThat(read(input)).containsExactly("u1/de");
      assertThat(input.reads()).isEqualTo(1);

      store.appendBatch("users", 1, USERS, java.util.Collections.singletonList(new Object[] {"u2", "fr"}));
      assertThat(read(input)).containsExactlyInAnyOrder("u1/de", "u2/fr");
      assertThat(input.reads()).isEqualTo(2);
    }
  }

  @Test
  void rowsHandedOutAreCopiesSoAnOperatorCannotChangeTheCache(@TempDir Path dir) {
    try (var store = DuckDbTableStore.open(dir.resolve("w.duckdb"))) {
      store.ensureTable("users", USERS);
      store.appendBatch("users", 0, USERS, java.util.Collections.singletonList(new Object[] {"u1", "de"}));
      var input = new SnapshotInput("users", USERS, store);
      input.read(null, row -> row[1] = "changed", new BatchCounters());

      assertThat(read(input)).containsExactly("u1/de");
    }
  }

  private static List<String> read(SnapshotInput input) {
    var out = new ArrayList<String>();
    input.read(null, row -> out.add(row[0] + "/" + row[1]), new BatchCounters());
    return out;
  }
}
