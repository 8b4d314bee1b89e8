package dev.millrace.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines keep the application serving, and the web application type each gets. */
class MillraceApplicationTest {

  @Test
  void onlyRunWithServeIsAServeCommand() {
    assertThat(MillraceCommandLineRunner.isServeCommand("run", "--serve")).isTrue();
    assertThat(MillraceCommandLineRunner.isServeCommand("--server.port=9000", "run", "--config", "x.yaml", "--serve"))
        .isTrue();
    assertThat(MillraceCommandLineRunner.isServeCommand("run")).isFalse();
    assertThat(MillraceCommandLineRunner.isServeCommand("validate", "--serve")).isFalse();
    assertThat(MillraceCommandLineRunner.isServeCommand()).isFalse();
  }

  @Test
  void otherCommandsRunWithoutAWebServerAndServeWithOne() {
    assertThat(MillraceApplication.arguments("validate", "--config", "x.yaml"))
        .containsExactly("validate", "--config", "x.yaml", "--spring.main.web-application-type=none");
    assertThat(MillraceApplication.arguments("run", "--serve"))
        .containsExactly("run", "--serve", "--spring.main.web-application-type=servlet");
    assertThat(MillraceApplication.arguments("run", "--spring.main.web-application-type=reactive", "--serve"))
        .containsExactly("run", "--spring.main.web-application-type=reactive", "--serve");
  }
}
