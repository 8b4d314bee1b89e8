package dev.millrace.runtime.engine;

import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.engine.progress.PipelineEvent;
import dev.millrace.runtime.engine.progress.PipelineListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every event to the run's listeners in registration order, on the calling thread; a listener that throws is
 * logged and skipped, so it neither fails the batch nor keeps the others from hearing the event. Also logs each
 * progress record (INFO: one line; DEBUG: its JSON) under {@code dev.millrace.runtime.engine.progress}.
 */
final class ListenerBus implements PipelineListener {

  private static final Logger log = LoggerFactory.getLogger(ListenerBus.class);
  private static final Logger progressLog = LoggerFactory.getLogger("dev.millrace.runtime.engine.progress");

  private final List<PipelineListener> listeners;

  ListenerBus(List<PipelineListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onRunStarted(PipelineEvent.RunStarted event) {
    post("onRunStarted", l -> l.onRunStarted(event));
  }

  @Override
  public void onStarted(PipelineEvent.TableStarted event) {
    post("onStarted", l -> l.onStarted(event));
  }

  @Override
  public void onProgress(BatchProgress progress) {
    progressLog.info("{}", progress);
    if (progressLog.isDebugEnabled()) {
      progressLog.debug("[table {}] progress {}", progress.table(), progress.json());
    }
    post("onProgress", l -> l.onProgress(progress));
  }

  @Override
  public void onTerminated(PipelineEvent.TableTerminated event) {
    post("onTerminated", l -> l.onTerminated(event));
  }

  @Override
  public void onRunFinished(PipelineEvent.RunFinished event) {
    post("onRunFinished", l -> l.onRunFinished(event));
  }

  private void post(String method, Consumer<PipelineListener> call) {
    for (PipelineListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("Pipeline listener {} failed in {}; the pipeline goes on: {}", l.getClass().getName(), method,
            e.toString(), e);
      }
    }
  }
}
