package dev.millrace.example.generator;

import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sample click events for the clickstream pipeline: {@code example.sample-events} (default 20,000) events in 4
 * files in {@code <landing>/events}.
 */
@Component
public class ClickSampleData implements SampleData {

  private final long events;

  public ClickSampleData(@Value("${example.sample-events:20000}") long events) {
    this.events = events;
  }

  @Override
  public String pipeline() {
    return "clickstream";
  }

  @Override
  public List<String> landingDirectories() {
    return List.of("events");
  }

  @Override
  public String write(Path landing) {
    Path dir = landing.resolve("events");
    ClickGenerator.Summary summary = new ClickGenerator().events(events).files(4).writeTo(dir);
    return "No data in " + dir + " yet: wrote sample click events (" + summary + ")";
  }
}
