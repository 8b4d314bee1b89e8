package dev.millrace.runtime.engine;

import dev.millrace.runtime.boot.MillraceApplication;
import dev.millrace.runtime.boot.MillraceAutoConfiguration;
import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The crash tests' pipeline ({@link CrashTestPipeline}) as a Spring Boot application of its own, started the way a
 * user's is ({@link MillraceApplication#run}), for {@code SigtermTest} to stop with SIGTERM. A listener bean prints
 * {@code PROGRESS table batch} after each batch, so the test knows how far the run got.
 */
@SpringBootConfiguration
@ImportAutoConfiguration(MillraceAutoConfiguration.class)
public class SigtermPipelineApp {

  @Bean
  CrashTestPipeline crashTestPipeline() {
    return new CrashTestPipeline();
  }

  @Bean
  PipelineListener progressLines() {
    return new PipelineListener() {
      @Override
      public void onProgress(BatchProgress p) {
        System.out.println("PROGRESS " + p.table() + " " + p.batchId());
        System.out.flush();
      }
    };
  }

  public static void main(String[] args) {
    MillraceApplication.run(SigtermPipelineApp.class, args);
  }
}
