package dev.millrace.runtime.boot;

import dev.millrace.graph.PipelineGraph;
import dev.millrace.runtime.engine.PipelineRunner;
import dev.millrace.runtime.engine.RunResult;
import dev.millrace.runtime.engine.progress.PipelineListener;
import dev.millrace.runtime.engine.progress.PipelineStatus;
import dev.millrace.runtime.engine.progress.TableStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's pipeline, in the calling thread ({@code run}) or in the background ({@code run --serve}),
 * with the application's {@link PipelineListener} beans (the Micrometer meters among them), keeps the status of the
 * current or last run for the Actuator endpoint, the health indicator and the live page, and stops a run gracefully
 * when the application context closes (SIGTERM, Ctrl-C): the tables finish the batches in flight, no new batch
 * starts, and the time this took is logged. A run that does not finish within the shutdown timeout
 * ({@code millrace.runner.shutdown-timeout}, default 30 s) is left to end with the process: its batches in flight are
 * not committed and run again on the next start.
 *
 * <p>One run at a time. Thread-safe.
 */
public class PipelineExecution implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PipelineExecution.class);

  private final Supplier<List<PipelineListener>> listeners;
  private final Duration shutdownTimeout;
  private final Object lock = new Object();
  private volatile boolean lifecycleRunning;
  private volatile PipelineStatus status;
  private PipelineRunner current;
  private PipelineRunner stopping;
  private CountDownLatch finished = new CountDownLatch(0);
  /** Counted down once the stop of the current run is logged, so every stopper returns after that line. */
  private CountDownLatch stopLogged = new CountDownLatch(0);

  /**
   * @param listeners the listeners of each run (read when a run starts)
   * @param shutdownTimeout how long a graceful stop waits for the batches in flight
   */
  public PipelineExecution(Supplier<List<PipelineListener>> listeners, Duration shutdownTimeout) {
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
  }

  /** The status of the current or last run in this process, if a run started. */
  public Optional<PipelineStatus> status() {
    return Optional.ofNullable(status);
  }

  /** Whether a run is going on. */
  public boolean isPipelineRunning() {
    synchronized (lock) {
      return current != null;
    }
  }

  /**
   * Runs the pipeline with its configured trigger in the calling thread and returns its result.
   *
   * @param extra listeners of this run only (the console's progress lines)
   * @param onEnd gets the result before a graceful stop that waits for this run returns (so a summary printed
   *     there is printed before the process exits)
   * @throws IllegalStateException if a run is going on
   */
  public RunResult run(PipelineGraph graph, Set<String> fullRefresh, List<PipelineListener> extra,
      Consumer<RunResult> onEnd) {
    PipelineRunner runner = begin(graph, extra);
    try {
      RunResult result = runner.run(graph.config().pipeline().trigger(), fullRefresh);
      runner.close();
      onEnd.accept(result);
      return result;
    } finally {
      end(runner);
    }
  }

  /**
   * Starts the pipeline in a background thread ({@code millrace-pipeline}, not a daemon, so the process lives while
   * it runs) and returns; {@code onEnd} gets the result, or the exception that ended the run.
   */
  public void start(PipelineGraph graph, Set<String> fullRefresh, List<PipelineListener> extra,
      Consumer<RunResult> onEnd, Consumer<RuntimeException> onError) {
    PipelineRunner runner = begin(graph, extra);
    Thread thread = new Thread(() -> {
      try {
        RunResult result = runner.run(graph.config().pipeline().trigger(), fullRefresh);
        runner.close();
        onEnd.accept(result);
      } catch (RuntimeException e) {
        onError.accept(e);
      } finally {
        end(runner);
      }
    }, "millrace-pipeline");
    thread.start();
  }

  private PipelineRunner begin(PipelineGraph graph, List<PipelineListener> extra) {
    synchronized (lock) {
      if (current != null) {
        throw new IllegalStateException("Pipeline '" + graph.config().pipeline().name() + "' is already running in "
            + "this application");
      }
      var builder = PipelineRunner.builder(graph);
      var all = new ArrayList<PipelineListener>(listeners.get());
      all.addAll(extra);
      all.forEach(builder::listener);
      current = builder.build();
      status = current.status();
      finished = new CountDownLatch(1);
      stopLogged = new CountDownLatch(1);
      return current;
    }
  }

  private void end(PipelineRunner runner) {
    try {
      runner.close();
    } finally {
      synchronized (lock) {
        if (current == runner) {
          current = null;
        }
        finished.countDown();
      }
    }
  }

  /**
   * Stops the current run, if any, gracefully: its tables finish the batches they are running, no new batch starts,
   * the warehouse is closed; waits up to the shutdown timeout and logs how long it took.
   *
   * @return whether no run is going on any more
   */
  public boolean stopGracefully() {
    PipelineRunner runner;
    CountDownLatch done;
    CountDownLatch logged;
    boolean first;
    synchronized (lock) {
      runner = current;
      done = finished;
      logged = stopLogged;
      first = runner != null && stopping != runner;
      stopping = runner;
    }
    if (runner == null) {
      return true;
    }
    if (!first) {
      // Another thread (the JVM's or the context's shutdown hook) is stopping it: wait until it has logged the
      // outcome, so the logging system is not shut down under it.
      try {
        boolean stopped = done.await(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS);
        logged.await(1, TimeUnit.SECONDS);
        return stopped;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    long started = System.nanoTime();
    List<String> active = runner.status().tables().stream().filter(t -> t.state() == TableStatus.State.RUNNING)
        .map(TableStatus::name).toList();
    log.info("Stopping pipeline '{}': waiting up to {} s for the batches in flight of {} to finish",
        runner.status().pipeline(), shutdownTimeout.toSeconds(), active.isEmpty() ? "no table" : active);
    runner.stop();
    boolean stopped;
    try {
      stopped = done.await(shutdownTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = false;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    try {
      if (stopped) {
        log.info("Pipeline '{}' stopped gracefully in {} ms: every batch in flight was committed; the next start "
            + "resumes after them", runner.status().pipeline(), millis);
      } else {
        log.warn("Pipeline '{}' did not stop within {} ms; its batches in flight are not committed and run again "
            + "on the next start", runner.status().pipeline(), millis);
      }
    } finally {
      logged.countDown();
    }
    return stopped;
  }

  @Override
  public void start() {
    lifecycleRunning = true;
  }

  /** The application context is closing: stops the current run gracefully. */
  @Override
  public void stop() {
    lifecycleRunning = false;
    stopGracefully();
  }

  @Override
  public boolean isRunning() {
    return lifecycleRunning;
  }

  /** Stops before the web server (so the live page shows the run stopping) and before other beans go away. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
