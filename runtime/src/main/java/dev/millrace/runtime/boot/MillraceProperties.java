package dev.millrace.runtime.boot;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spring Boot properties under {@code millrace.}.
 *
 * @param config the pipeline YAML file ({@code millrace.config}); the command line's {@code --config FILE} wins.
 *     Relative paths are resolved against the working directory. Unset: the built-in defaults, with no table
 *     settings.
 * @param conf entries that override the YAML's {@code pipeline.configuration} map ({@code millrace.conf.landing=...});
 *     the command line's {@code --conf key=value} wins over these
 * @param runner whether the application runs a Millrace command from its arguments on startup (default true)
 */
@ConfigurationProperties("millrace")
public record MillraceProperties(String config, Map<String, String> conf, Runner runner) {

  public MillraceProperties {
    conf = conf == null ? Map.of() : Map.copyOf(conf);
    runner = runner == null ? new Runner(true, null) : runner;
  }

  /**
   * @param enabled whether the command-line runner is active
   * @param shutdownTimeout how long a graceful stop (SIGTERM, Ctrl-C, the context closing) waits for the batches
   *     in flight to commit ({@code millrace.runner.shutdown-timeout}, default 30 s); a batch still running then
   *     is not committed and runs again on the next start
   */
  public record Runner(boolean enabled, java.time.Duration shutdownTimeout) {

    public Runner {
      shutdownTimeout = shutdownTimeout == null ? java.time.Duration.ofSeconds(30) : shutdownTimeout;
    }
  }
}
