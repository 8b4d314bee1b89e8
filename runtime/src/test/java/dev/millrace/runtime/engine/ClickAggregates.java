package dev.millrace.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.types.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The aggregation tables of {@link AggregationCrashPipeline} worked out in plain Java from the landing zone's files,
 * independently of the engine: what every run, interrupted or not, must end with.
 */
final class ClickAggregates {

  private static final Pattern LINE = Pattern.compile("\\{\"event_id\":\"([^\"]+)\",\"user_id\":\"([^\"]+)\","
      + "\"event_time\":\"([^\"]+)\",\"page\":\"([^\"]+)\",\"amount\":(-?[0-9.]+)}");

  private record Click(String user, Instant time, String page, long cents) {}

  private ClickAggregates() {}

  /** The well-formed clicks with a positive amount of every file in {@code landing}. */
  private static List<Click> clicks(Path landing) {
    var out = new ArrayList<Click>();
    try (Stream<Path> files = Files.list(landing)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          Matcher m = LINE.matcher(line);
          if (!m.matches()) {
            continue; // the malformed lines ClickFiles writes
          }
          double amount = Double.parseDouble(m.group(5));
          if (amount > 0) {
            out.add(new Click(m.group(2), Instant.parse(m.group(3)), m.group(4), Math.round(amount * 100)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Rows of {@code user_totals}: user_id, clicks, cents, last_click, pages, page_set (sorted), by user. */
  static List<Row> userTotals(Path landing) {
    var byUser = new TreeMap<String, List<Click>>();
    clicks(landing).forEach(c -> byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c));
    var rows = new ArrayList<Row>();
    byUser.forEach((user, cs) -> {
      var pages = new TreeSet<String>();
      cs.forEach(c -> pages.add(c.page()));
      rows.add(Row.of(user, (long) cs.size(), cs.stream().mapToLong(Click::cents).sum(),
          cs.stream().map(Click::time).max(Instant::compareTo).orElseThrow(), (long) pages.size(),
          List.copyOf(pages)));
    });
    return rows;
  }

  /** Rows of {@code page_summary}: page, clicks, cents, first_click, by page. */
  static List<Row> pageSummary(Path landing) {
    var byPage = new TreeMap<String, List<Click>>();
    clicks(landing).forEach(c -> byPage.computeIfAbsent(c.page(), p -> new ArrayList<>()).add(c));
    var rows = new ArrayList<Row>();
    byPage.forEach((page, cs) -> rows.add(Row.of(page, (long) cs.size(), cs.stream().mapToLong(Click::cents).sum(),
        cs.stream().map(Click::time).min(Instant::compareTo).orElseThrow())));
    return rows;
  }

  /** {@code user_totals} with its page sets sorted (a set's order is not part of its value). */
  static List<Row> sortedSets(List<Row> userTotals) {
    return userTotals.stream().map(r -> {
      var values = new Object[r.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(i);
      }
      values[5] = r.isNullAt(5) ? null : List.copyOf(new TreeSet<Object>(r.getList(5)));
      return Row.of(values);
    }).toList();
  }

  /** Asserts that both aggregation tables of {@code state} hold what the files in {@code landing} add up to. */
  static void assertTablesAddUp(WarehouseState state, Path landing) {
    List<Row> users = userTotals(landing);
    assertThat(users).as("users in the test data").hasSizeGreaterThan(50);
    assertThat(sortedSets(state.tables().get(AggregationCrashPipeline.UPDATES)))
        .as("rows of %s, against the files", AggregationCrashPipeline.UPDATES)
        .containsExactlyInAnyOrderElementsOf(users);
    assertThat(state.tables().get(AggregationCrashPipeline.COMPLETE))
        .as("rows of %s, against the files", AggregationCrashPipeline.COMPLETE)
        .containsExactlyInAnyOrderElementsOf(pageSummary(landing));
  }
}
