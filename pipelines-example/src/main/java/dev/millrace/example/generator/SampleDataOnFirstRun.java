package dev.millrace.example.generator;

import dev.millrace.config.PipelineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes {@code ./millrace run} work on a fresh clone for every example pipeline: before the pipeline runs, finds
 * the {@link SampleData} of the configuration's {@code pipeline.name} and, if every landing directory it reads
 * ({@code <landing>/...} of the configuration) is missing or empty, writes its sample data there. Does nothing for
 * other commands, for pipelines without sample data, or when data is there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SampleDataOnFirstRun implements ApplicationRunner {

  private final List<SampleData> samples;
  private final String configProperty;

  public SampleDataOnFirstRun(List<SampleData> samples, @Value("${millrace.config:}") String configProperty) {
    this.samples = List.copyOf(samples);
    this.configProperty = configProperty;
  }

  @Override
  public void run(ApplicationArguments args) {
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
    if (landing == null) {
      return;
    }
    for (SampleData sample : samples) {
      if (sample.pipeline().equals(pipeline.pipeline().name()) && sample.landingDirectories().stream()
          .allMatch(dir -> SampleData.isEmpty(Path.of(landing, dir)))) {
        System.out.println(sample.write(Path.of(landing)));
      }
    }
  }

  private static void put(Map<String, String> conf, String keyValue) {
    int eq = keyValue.indexOf('=');
    if (eq > 0) {
      conf.put(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }
  }
}
