package dev.millrace.example.generator;

import dev.millrace.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes {@code ./millrace run} work on a fresh clone: before the pipeline runs, if the landing directory
 * ({@code <landing>/events} of the pipeline's configuration) has no files yet, writes sample click events there
 * (property {@code example.sample-events}, default 20,000, in 4 files). Does nothing for other commands or when
 * data is there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SampleDataOnFirstRun implements ApplicationRunner {

  private final long events;
  private final String configProperty;

  public SampleDataOnFirstRun(
      @org.springframework.beans.factory.annotation.Value("${example.sample-events:20000}") long events,
      @org.springframework.beans.factory.annotation.Value("${millrace.config:}") String configProperty) {
    this.events = events;
    this.configProperty = configProperty;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    String[] raw = args.getSourceArgs();
    if (raw.length == 0 || !raw[0].equals("run")) {
      return;
    }
    String config = configProperty;
    var conf = new LinkedHashMap<String, String>();
    for (int i = 0; i < raw.length; i++) {
      if (raw[i].equals("--config") && i + 1 < raw.length) {
        config = raw[i + 1];
      } else if (raw[i].startsWith("--config=")) {
        config = raw[i].substring("--config=".length());
      } else if (raw[i].equals("--conf") && i + 1 < raw.length) {
        put(conf, raw[i + 1]);
      } else if (raw[i].startsWith("--conf=")) {
        put(conf, raw[i].substring("--conf=".length()));
      }
    }
    if (config == null || config.isBlank()) {
      return;
    }
    PipelineConfig pipeline;
    try {
      pipeline = PipelineConfig.load(Path.of(config), conf);
    } catch (RuntimeException e) {
      return; // the Millrace command reports a bad configuration
    }
    String landing = pipeline.pipeline().configuration().get("landing");
    if (landing == null || !pipeline.pipeline().name().equals("clickstream")) {
      return;
    }
    Path events = Path.of(landing, "events");
    if (Files.isDirectory(events)) {
      try (Stream<Path> files = Files.list(events)) {
        if (files.findAny().isPresent()) {
          return;
        }
      }
    }
    ClickGenerator.Summary summary = new ClickGenerator().events(this.events).files(4).writeTo(events);
    System.out.println("No data in " + events + " yet: wrote sample click events (" + summary + ")");
  }

  private static void put(Map<String, String> conf, String keyValue) {
    int eq = keyValue.indexOf('=');
    if (eq > 0) {
      conf.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }
  }
}
