package dev.millrace.example;

import dev.millrace.runtime.boot.PipelineExecution;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application started as {@code run --serve} does it (a web server on a free port, the pipeline in the
 * background), for the tests that look at it over HTTP. Closing it stops the pipeline gracefully.
 */
final class ServedApplication implements AutoCloseable {

  final ConfigurableApplicationContext context;
  final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServedApplication(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** {@code run --serve --no-progress} plus {@code args}, on a free port. */
  static ServedApplication start(String... args) {
    var all = new ArrayList<>(List.of("run", "--serve", "--no-progress"));
    all.addAll(Arrays.asList(args));
    all.add("--server.port=0");
    all.add("--spring.main.web-application-type=servlet"); // what MillraceApplication.run adds for --serve
    var application = new SpringApplication(ExampleApplication.class);
    application.setRegisterShutdownHook(false);
    return new ServedApplication(application.run(all.toArray(String[]::new)));
  }

  PipelineStatus status() {
    return context.getBean(PipelineExecution.class).status().orElseThrow();
  }

  /** Waits until the background run ended. */
  void awaitRunEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    PipelineExecution execution = context.getBean(PipelineExecution.class);
    while (execution.status().isEmpty() || execution.isPipelineRunning()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The pipeline still runs after " + timeout);
      }
      Thread.sleep(20);
    }
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    context.close();
  }
}
