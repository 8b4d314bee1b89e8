package dev.millrace.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's chromedriver
 * (.ci/run installs both; without them the test is skipped). The example runs {@code run --serve} with a
 * processing-time trigger over the 20,000 sample events; the page must draw the five tables left to right
 * (bronze, silver, gold) with their edges and counts, and, without being reloaded, show the counts of files that
 * land while it is open. Screenshots: {@code target/millrace-live-page.png} and
 * {@code target/millrace-live-page-updated.png}.
 */
class LivePageBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 900;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
  void drawsTheExampleGraphAndShowsLiveCounts() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
    Path landing = dir.resolve("landing");
    Path config = Files.writeString(dir.resolve("live.yaml"), """
        pipeline:
          name: clickstream
          storage: %s
          warehouse: %s/warehouse.duckdb
          trigger: { mode: processing-time, interval: 500 ms }
          configuration: { landing: %s }
          defaults:
            partitions: 2
            state-store: { provider: memory }
        tables:
          events_clean:
            watermark: { column: event_time, delay: 15 seconds }
            dedupe: { keys: [event_id] }
          user_activity_1m:
            watermark: { column: event_time, delay: 15 seconds }
        """.formatted(dir.resolve("storage"), dir.resolve("storage"), landing));

    try (var app = ServedApplication.start("--config", config.toString())) {
      WebDriver browser = chromium();
      try {
        browser.get(app.url("/millrace"));

        // The sample data: 20,000 events in 4 files, two files per bronze batch, one batch per table per update.
        awaitField(browser, "raw_events", "rowsIn", "20,000");
        awaitField(browser, "events_clean", "rowsOut", "19,008");
        awaitField(browser, "user_activity_1m", "rowsIn", "19,008");
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("running");
        assertThat(browser.findElement(By.id("pipeline")).getText()).isEqualTo("Pipeline clickstream");
        assertThat(field(browser, "events_clean", "dropped")).isEqualTo("0 late, 992 dup");
        assertThat(field(browser, "events_clean", "stateKeys")).isEqualTo("38,016");

        // Left to right: bronze, then what reads it, then what reads that.
        Map<String, Integer> x = Map.of(
            "raw_events", box(browser, "raw_events").getLocation().getX(),
            "events_clean", box(browser, "events_clean").getLocation().getX(),
            "landing_stats", box(browser, "landing_stats").getLocation().getX(),
            "page_views", box(browser, "page_views").getLocation().getX(),
            "user_activity_1m", box(browser, "user_activity_1m").getLocation().getX());
        assertThat(x.get("raw_events")).isLessThan(x.get("events_clean"));
        assertThat(x.get("events_clean")).isEqualTo(x.get("landing_stats")).isLessThan(x.get("user_activity_1m"));
        assertThat(x.get("page_views")).isEqualTo(x.get("user_activity_1m"));
        assertThat(browser.findElements(By.cssSelector("[data-table]"))).hasSize(5);
        // Read in one script, so a redraw between two reads cannot get in the way.
        @SuppressWarnings("unchecked")
        List<String> edges = (List<String>) ((JavascriptExecutor) browser).executeScript(
            "return [...document.querySelectorAll('#edges path[data-edge]')]"
                + ".map(p => p.dataset.edge + (p.getAttribute('stroke-dasharray') ? ' dashed' : ' solid'));");
        assertThat(edges).containsExactlyInAnyOrder("raw_events->events_clean solid",
            "raw_events->landing_stats dashed", "events_clean->page_views dashed",
            "events_clean->user_activity_1m solid");
        assertThat(box(browser, "raw_events").getText()).contains("bronze");
        assertThat(box(browser, "user_activity_1m").getText()).contains("gold");

        Path first = screenshot(browser, "millrace-live-page.png");
        checkScreenshot(first, browser);

        // New files land while the page is open: it shows them without a reload.
        ((JavascriptExecutor) browser).executeScript("window.millraceMarker = 'same page';");
        long updatesBefore = updates(browser);
        landNewEvents(landing.resolve("events"), 10_000);
        awaitField(browser, "raw_events", "rowsIn", "30,000");
        awaitField(browser, "events_clean", "rowsOut", "29,008");
        awaitField(browser, "landing_stats", "rowsIn", "30,000");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.millraceMarker;"))
            .as("the page refreshed itself, it was not reloaded").isEqualTo("same page");
        assertThat(updates(browser)).isGreaterThan(updatesBefore);
        assertThat(field(browser, "raw_events", "lastBatchId")).isIn("2", "3"); // the two files, together or not

        Path updated = screenshot(browser, "millrace-live-page-updated.png");
        checkScreenshot(updated, browser);
      } finally {
        browser.quit();
      }
    }
  }

  /**
   * Lands {@code events} new, distinct click events (ids {@code n0, n1, ...}, ten minutes after the sample data) in
   * two files, each written to a temporary name first, as a landing zone expects.
   */
  private static void landNewEvents(Path events, int count) throws IOException {
    Instant start = Instant.parse("2026-01-01T00:10:00Z");
    for (int file = 0; file < 2; file++) {
      var lines = new StringBuilder();
      for (int i = file * count / 2; i < (file + 1) * count / 2; i++) {
        lines.append(String.format(java.util.Locale.ROOT, "{\"event_id\":\"n%d\",\"user_id\":\"u%d\","
            + "\"event_time\":\"%s\",\"page\":\"/home\",\"amount\":1.5}%n", i, i % 100, start.plusMillis(i)));
      }
      Path tmp = events.resolve("new-" + file + ".json.tmp");
      Files.writeString(tmp, lines);
      Files.move(tmp, events.resolve("new-" + file + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private WebDriver chromium() {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The flags this sandbox needs (see the machine notes): no sandbox as root, and no background network traffic.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=" + WIDTH + "," + HEIGHT,
        "--user-data-dir=" + dir.resolve("chromium-profile"));
    return new ChromeDriver(service, options);
  }

  private static WebElement box(WebDriver browser, String table) {
    return browser.findElement(By.cssSelector("[data-table='" + table + "']"));
  }

  private static String field(WebDriver browser, String table, String field) {
    return box(browser, table).findElement(By.cssSelector("[data-field='" + field + "']")).getText();
  }

  private static long updates(WebDriver browser) {
    return Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-updates"));
  }

  private static void awaitField(WebDriver browser, String table, String field, String expected)
      throws InterruptedException {
    await(() -> {
      try {
        return expected.equals(field(browser, table, field));
      } catch (org.openqa.selenium.WebDriverException notYetDrawn) {
        return false;
      }
    }, () -> table + "." + field + " to show " + expected + "; the page shows:\n"
        + browser.findElement(By.tagName("body")).getText());
  }

  private static void await(Supplier<Boolean> condition, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited 90 s for " + what.get());
      }
      Thread.sleep(100);
    }
  }

  private static Path screenshot(WebDriver browser, String name) throws IOException {
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Files.createDirectories(Path.of("target")).resolve(name);
    Files.copy(png.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** The screenshot is the page as drawn: the window's size, the dark header, white table boxes, many colours. */
  private static void checkScreenshot(Path png, WebDriver browser) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG image").isNotNull();
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isBetween(HEIGHT - 200, HEIGHT);
    assertThat(image.getRGB(5, 5) & 0xFFFFFF).as("the header's colour").isEqualTo(0x1D2330);
    WebElement raw = box(browser, "raw_events");
    int insideX = raw.getLocation().getX() + raw.getSize().getWidth() - 20;
    int insideY = raw.getLocation().getY() + raw.getSize().getHeight() - 8;
    assertThat(image.getRGB(insideX, insideY) & 0xFFFFFF).as("inside the raw_events box").isEqualTo(0xFFFFFF);
    var colours = new HashSet<Integer>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours.size()).as("colours in the screenshot: text, badges, edges").isGreaterThan(50);
  }
}
