package dev.millrace.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The example application: the pipelines under {@code dev.millrace.example}, run with the Millrace command line.
 * {@code java -jar millrace-pipelines-example.jar validate --config config/clickstream.yaml}. The process exits
 * with the command's exit code.
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(ExampleApplication.class, args)));
  }
}
