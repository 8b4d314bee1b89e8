package dev.millrace.example;

import dev.millrace.runtime.boot.MillraceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example application: the pipelines under {@code dev.millrace.example}, run with the Millrace command line.
 * {@code java -jar millrace-pipelines-example.jar validate --config config/clickstream.yaml}. The process exits
 * with the command's exit code, except {@code run --serve}, which keeps serving the live page
 * ({@code http://localhost:8080/millrace}) and Actuator until it is stopped.
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    MillraceApplication.run(ExampleApplication.class, args);
  }
}
