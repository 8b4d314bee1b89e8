package dev.millrace.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The peak heap use of this JVM while it watches: the heap in use just before each garbage collection (the true
 * peaks, from the collectors' notifications) and a sample every 10 ms in between. Summing the heap pools' own peak
 * usages instead would add peaks of different moments (eden's and old's), and overstate.
 *
 * <p>Thread-safe; {@link #close()} stops the sampler and removes the listeners.
 */
final class HeapWatch implements AutoCloseable {

  private final AtomicLong peak = new AtomicLong();
  private final List<Registration> registrations = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private record Registration(NotificationEmitter emitter, NotificationListener listener) {}

  HeapWatch() {
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener = (notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            peak.accumulateAndGet(heapOf(info.getMemoryUsageBeforeGc()), Math::max);
          }
        };
        emitter.addNotificationListener(listener, null, null);
        registrations.add(new Registration(emitter, listener));
      }
    }
    sampler = new Thread(() -> {
      var memory = ManagementFactory.getMemoryMXBean();
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static long heapOf(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pools.get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && usage != null) {
        used += usage.getUsed();
      }
    }
    return used;
  }

  /** The largest heap use seen so far, in bytes. */
  long peakBytes() {
    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (Registration r : registrations) {
      try {
        r.emitter().removeNotificationListener(r.listener());
      } catch (ListenerNotFoundException e) {
        // already gone
      }
    }
  }
}
