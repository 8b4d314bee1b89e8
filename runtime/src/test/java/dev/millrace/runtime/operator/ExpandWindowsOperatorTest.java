package dev.millrace.runtime.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Window assignment as Spark's {@code TimeWindowing} does it: windows are {@code [start, end)}, aligned to the epoch
 * plus the start offset, and a row belongs to every window that contains its event time.
 */
class ExpandWindowsOperatorTest {

  private final List<Object[]> out = new ArrayList<>();

  private ExpandWindowsOperator operator(String size, String slide, String offset) {
    var op = new ExpandWindowsOperator(row -> row[0], micros(Duration.parse(size)), micros(Duration.parse(slide)),
        micros(Duration.parse(offset)));
    op.setOutput(out::add);
    return op;
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }

  private static long at(String isoInstant) {
    return InternalValues.micros(Instant.parse(isoInstant));
  }

  /** The windows of the rows emitted so far, as [start, end] strings in UTC. */
  private List<String> windows() {
    return out.stream().map(r -> (Object[]) r[r.length - 1])
        .map(w -> InternalValues.instant((Long) w[0]) + "/" + InternalValues.instant((Long) w[1])).toList();
  }

  @Test
  void tumblingWindowContainsTheEvent() {
    var op = operator("PT10M", "PT10M", "PT0S");
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z"), "x"});

    assertThat(windows()).containsExactly("2026-01-01T12:00:00Z/2026-01-01T12:10:00Z");
  }

  @Test
  void windowStartIsInclusiveAndEndExclusive() {
    var op = operator("PT10M", "PT10M", "PT0S");
    op.push(0, new Object[] {at("2026-01-01T12:10:00Z")});

    assertThat(windows()).containsExactly("2026-01-01T12:10:00Z/2026-01-01T12:20:00Z");
  }

  @Test
  void slidingWindowsEmitTheRowOncePerOverlappingWindow() {
    var op = operator("PT10M", "PT5M", "PT0S");
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z"), "x"});

    assertThat(windows()).containsExactlyInAnyOrder("2026-01-01T12:00:00Z/2026-01-01T12:10:00Z",
        "2026-01-01T12:05:00Z/2026-01-01T12:15:00Z");
    assertThat(out).allSatisfy(r -> {
      assertThat(r).hasSize(3);
      assertThat(r[1]).isEqualTo("x");
    });
  }

  @Test
  void slidingEventOnABoundaryIsInTheWindowsStartingThereAndStartingOneSlideEarlier() {
    var op = operator("PT10M", "PT5M", "PT0S");
    op.push(0, new Object[] {at("2026-01-01T12:10:00Z")});

    assertThat(windows()).containsExactlyInAnyOrder("2026-01-01T12:10:00Z/2026-01-01T12:20:00Z",
        "2026-01-01T12:05:00Z/2026-01-01T12:15:00Z");
  }

  @Test
  void sizeNotAMultipleOfSlideGivesOneOrTwoWindows() {
    var op = operator("PT15M", "PT10M", "PT0S");
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z")});
    op.push(0, new Object[] {at("2026-01-01T12:13:00Z")});

    assertThat(windows()).containsExactlyInAnyOrder("2026-01-01T12:00:00Z/2026-01-01T12:15:00Z",
        "2026-01-01T12:00:00Z/2026-01-01T12:15:00Z", "2026-01-01T12:10:00Z/2026-01-01T12:25:00Z");
  }

  @Test
  void eventsBeforeNineteenSeventyFallInTheWindowBelowThem() {
    var op = operator("PT10M", "PT10M", "PT0S");
    op.push(0, new Object[] {at("1969-12-31T23:55:00Z")});
    op.push(0, new Object[] {-1L});
    op.push(0, new Object[] {at("1969-12-31T23:35:00Z")});

    assertThat(windows()).containsExactly("1969-12-31T23:50:00Z/1970-01-01T00:00:00Z",
        "1969-12-31T23:50:00Z/1970-01-01T00:00:00Z", "1969-12-31T23:30:00Z/1969-12-31T23:40:00Z");
  }

  @Test
  void slidingWindowsBeforeNineteenSeventy() {
    var op = operator("PT10M", "PT5M", "PT0S");
    op.push(0, new Object[] {at("1969-12-31T23:52:00Z")});

    assertThat(windows()).containsExactlyInAnyOrder("1969-12-31T23:50:00Z/1970-01-01T00:00:00Z",
        "1969-12-31T23:45:00Z/1969-12-31T23:55:00Z");
  }

  @Test
  void startOffsetShiftsTheWindows() {
    var op = operator("PT10M", "PT5M", "PT2M");
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z")});

    assertThat(windows()).containsExactlyInAnyOrder("2026-01-01T12:07:00Z/2026-01-01T12:17:00Z",
        "2026-01-01T12:02:00Z/2026-01-01T12:12:00Z");
  }

  @Test
  void negativeStartOffsetShiftsTheWindowsBack() {
    var op = operator("PT10M", "PT10M", "PT-2M");
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z")});

    assertThat(windows()).containsExactly("2026-01-01T11:58:00Z/2026-01-01T12:08:00Z");
  }

  @Test
  void rowsWithANullEventTimeAreDroppedAndCounted() {
    var op = operator("PT10M", "PT5M", "PT0S");
    op.push(0, new Object[] {null, "x"});
    op.push(0, new Object[] {at("2026-01-01T12:07:00Z"), "y"});
    op.push(0, new Object[] {null, "z"});

    assertThat(op.nullEventTimes()).isEqualTo(2);
    assertThat(out).hasSize(2).allSatisfy(r -> assertThat(r[1]).isEqualTo("y"));
    assertThat(op.rowsIn()).isEqualTo(3);
    assertThat(op.rowsOut()).isEqualTo(2);
  }

  @Test
  void doesNotChangeTheInputRow() {
    var op = operator("PT10M", "PT10M", "PT0S");
    var row = new Object[] {at("2026-01-01T12:07:00Z"), "x"};
    op.push(0, row);

    assertThat(row).hasSize(2);
    assertThat(out.get(0)).isNotSameAs(row);
  }
}
