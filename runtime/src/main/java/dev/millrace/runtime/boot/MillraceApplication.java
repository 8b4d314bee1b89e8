package dev.millrace.runtime.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code main} of a Millrace application, in place of {@code SpringApplication.run}: runs the Millrace command of the
 * arguments and exits with its exit code, as a command-line tool does, except for {@code run --serve}, which keeps
 * the application running (with its web server, if it has one) until it is stopped:
 *
 * <pre>
 * public static void main(String[] args) {
 *   MillraceApplication.run(MyApplication.class, args);
 * }
 * </pre>
 *
 * <p>Only {@code run --serve} starts a web server: the other commands run with
 * {@code spring.main.web-application-type=none}, so {@code validate} or {@code query} never bind a port. A
 * {@code --spring.main.web-application-type=...} argument wins.
 */
public final class MillraceApplication {

  private MillraceApplication() {}

  /**
   * Starts the application with {@code args}; unless serving, closes it and exits the JVM with the command's exit
   * code. A {@code run --serve} that could not start (an invalid pipeline or configuration) exits too.
   *
   * @return the running context, when serving
   */
  public static ConfigurableApplicationContext run(Class<?> application, String... args) {
    ConfigurableApplicationContext context = new SpringApplication(application).run(arguments(args));
    if (!MillraceCommandLineRunner.isServeCommand(args) || failed(context)) {
      System.exit(SpringApplication.exit(context));
    }
    return context;
  }

  /** Whether the command reported a failure (a non-zero exit code). */
  static boolean failed(ConfigurableApplicationContext context) {
    return context.getBeansOfType(ExitCodeGenerator.class).values().stream()
        .anyMatch(g -> g.getExitCode() != 0);
  }

  /** {@code args} with the web application type the command needs, unless they set one. */
  static String[] arguments(String... args) {
    boolean chosen = Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.main.web-application-type="));
    if (chosen) {
      return args.clone();
    }
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--spring.main.web-application-type="
        + (MillraceCommandLineRunner.isServeCommand(args) ? "servlet" : "none"));
    return all.toArray(String[]::new);
  }
}
