package dev.millrace.runtime.engine;

import dev.millrace.config.WatermarkPolicy;
import dev.millrace.errors.MillraceException;
import dev.millrace.graph.AnalyzedTable;
import dev.millrace.runtime.checkpoint.Checkpoint;
import dev.millrace.runtime.checkpoint.CommitEntry;
import dev.millrace.runtime.checkpoint.OffsetEntry;
import dev.millrace.runtime.checkpoint.OffsetEntry.SourceOffset;
import dev.millrace.runtime.operator.BatchClock;
import dev.millrace.runtime.operator.Operator;
import dev.millrace.runtime.operator.StatefulOperator;
import dev.millrace.runtime.state.StateResources;
import dev.millrace.runtime.state.StateStore;
import dev.millrace.runtime.state.StateStoreProvider;
import dev.millrace.runtime.state.StateStoreProviders;
import dev.millrace.expr.Expression;
import dev.millrace.plan.Aggregate;
import dev.millrace.plan.LogicalPlan;
import dev.millrace.plan.Plans;
import dev.millrace.streaming.OutputMode;
import java.nio.file.Path;
import dev.millrace.runtime.engine.progress.BatchProgress;
import dev.millrace.runtime.operator.WatermarkOperator;
import dev.millrace.runtime.planner.PhysicalPlan;
import dev.millrace.runtime.table.TableStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming table's incremental query, run as numbered micro-batches with the commit protocol of DESIGN §4:
 * plan (write {@code offsets/N}) → execute → write the rows and the table's commit marker in one warehouse
 * transaction → commit state → write {@code commits/N}. On start it recovers: after the last {@code commits/C}, an
 * existing {@code offsets/C+1} is replayed with exactly its recorded ranges, timestamp and watermark; the
 * warehouse's commit marker makes the replayed write a no-op if it had happened.
 *
 * <p>Driven by one thread at a time.
 */
final class StreamingQuery {

  private static final Logger log = LoggerFactory.getLogger(StreamingQuery.class);

  private final AnalyzedTable table;
  private final PhysicalPlan plan;
  private final List<Input> inputs;
  private final Checkpoint checkpoint;
  private final TableStore store;
  private final BatchClock batchClock;
  private final Clock clock;
  private final FaultInjector faults;
  private final TableProgress progress;
  private final ProgressReporter reporter;

  private final StateResources stateResources;
  private final List<StateStoreProvider[]> providers = new ArrayList<>();
  private final List<String> upsertKeys;

  private long nextBatch;
  /** The watermark the last planned batch ran with, to know when a no-data batch is due. */
  private long lastBatchWatermark = Long.MIN_VALUE;
  private long watermark = Long.MIN_VALUE;
  /** From which batch timestamp a processing-time timeout is due (a no-data batch); MAX_VALUE: none. */
  private long processingTimeDueMicros = Long.MAX_VALUE;
  private List<Long> operatorWatermarks = new ArrayList<>();
  private boolean opened;
  /** The current batch's rows read per input and backlog per input after planning, for its progress record. */
  private long[] rowsPerInput = new long[0];
  private long[] backlogPerInput = new long[0];
  private BatchHandoff handoff;
  private Runnable onCommit = () -> { };

  StreamingQuery(AnalyzedTable table, PhysicalPlan plan, List<Input> inputs, Checkpoint checkpoint, TableStore store,
      BatchClock batchClock, Clock clock, FaultInjector faults, TableProgress progress,
      StateResources stateResources, ProgressReporter reporter) {
    this.table = table;
    this.plan = plan;
    this.inputs = List.copyOf(inputs);
    this.checkpoint = checkpoint;
    this.store = store;
    this.batchClock = batchClock;
    this.clock = clock;
    this.faults = faults;
    this.progress = progress;
    this.stateResources = stateResources;
    this.reporter = reporter;
    this.upsertKeys = upsertKeys(table);
  }

  /**
   * Hands each appended batch's rows to the streaming tables that read this one ({@code handoff}), and calls
   * {@code onCommit} after each committed batch.
   */
  void pipeline(BatchHandoff handoff, Runnable onCommit) {
    this.handoff = handoff != null && BatchHandoff.supports(table.schema()) ? handoff : null;
    this.onCommit = onCommit;
  }

  /**
   * In update mode an aggregation's rows replace the table's rows of the same group: the grouping columns are the
   * table's key, and must be in its output.
   */
  private static List<String> upsertKeys(AnalyzedTable table) {
    if (table.settings().outputMode() != OutputMode.UPDATE) {
      return List.of();
    }
    List<Aggregate> aggregates = Plans.collect(table.plan(), Aggregate.class).stream()
        .filter(LogicalPlan::isStreaming).toList();
    if (aggregates.isEmpty()) {
      return List.of(); // a stateless query in update mode only appends, as in Spark
    }
    List<String> keys = aggregates.get(0).groupings().stream().map(Expression::defaultName).toList();
    for (String key : keys) {
      if (table.schema().indexOf(key) < 0) {
        throw new MillraceException("table '" + table.name() + "' is in update mode, so each row replaces the row "
            + "of its group, but the grouping column '" + key + "' is not in the table's output "
            + table.schema().names() + ". Keep the grouping columns in the output");
      }
    }
    if (keys.isEmpty()) {
      throw new MillraceException("table '" + table.name() + "' is a global aggregation (no grouping columns) in "
          + "update mode; use complete mode, which replaces its one row each batch");
    }
    return keys;
  }

  /** The checkpoint fingerprint: the query's inputs and stateful operators, in plan order. */
  String fingerprint() {
    var parts = new ArrayList<String>();
    for (Input i : inputs) {
      parts.add(i.description());
    }
    for (Operator op : plan.operators()) {
      if (op instanceof WatermarkOperator) {
        parts.add(op.name());
      }
    }
    for (StatefulOperator op : plan.statefulOperators()) {
      parts.add(op.stateName() + " (" + op.partitions() + " partitions, " + op.stateShape() + ")");
    }
    parts.add("output " + table.settings().outputMode().name().toLowerCase(java.util.Locale.ROOT));
    return String.join("; ", parts);
  }

  /** Opens the checkpoint and restores where the last run stopped. */
  void start() {
    reporter.id(checkpoint.open(table.name(), fingerprint()).queryId());
    store.ensureTable(table.name(), table.schema());
    Optional<CommitEntry> last = checkpoint.lastCommit();
    if (last.isEmpty() && checkpoint.offsets().ids().isEmpty() && store.lastCommittedBatch(table.name()).isPresent()) {
      throw new MillraceException("Table '" + table.name() + "' has batches committed in the warehouse but no "
          + "checkpoint at " + checkpoint.dir() + " (was pipeline.storage moved or deleted?). Its batches would be "
          + "numbered from 0 again and skipped as already written. Run a full refresh of the table "
          + "(./millrace run --full-refresh=" + table.name() + "), or point pipeline.storage back at its checkpoint");
    }
    nextBatch = last.map(c -> c.batchId() + 1).orElse(0L);
    // Spark starts a watermarked query at watermark 0 (the epoch).
    long initial = initialWatermark();
    watermark = last.map(CommitEntry::nextWatermarkMicros).orElse(initial);
    lastBatchWatermark = nextBatch == 0 ? initial
        : checkpoint.offsets().get(nextBatch - 1).map(OffsetEntry::watermarkMicros).orElse(initial);
    progress.watermarkAtStart(watermark);
    processingTimeDueMicros = last.map(CommitEntry::processingTimeDueOrMax).orElse(Long.MAX_VALUE);
    operatorWatermarks = last.map(c -> new ArrayList<>(c.operatorWatermarks())).orElse(new ArrayList<>());
    long lastPlanned = checkpoint.offsets().latestId().orElse(-1L);
    if (lastPlanned > nextBatch) {
      throw new MillraceException("The checkpoint of table '" + table.name() + "' has offsets/" + lastPlanned
          + " but its last commit is " + (nextBatch - 1) + "; it is damaged. Run a full refresh of the table");
    }
    List<List<SourceOffset>> histories = checkpoint.sourceHistories(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      inputs.get(i).recover(histories.get(i));
    }
    if (providers.isEmpty()) {
      for (StatefulOperator op : plan.statefulOperators()) {
        var partitionProviders = new StateStoreProvider[op.partitions()];
        for (int p = 0; p < partitionProviders.length; p++) {
          Path dir = checkpoint.dir().resolve("state").resolve(op.stateName()).resolve(Integer.toString(p));
          try {
            partitionProviders[p] = StateStoreProviders.create(table.settings().stateStore(), dir, stateResources);
          } catch (MillraceException e) {
            throw new MillraceException("table '" + table.name() + "': " + e.getMessage(), e);
          }
        }
        providers.add(partitionProviders);
      }
    }
    if (!opened) {
      plan.open();
      opened = true;
    }
  }

  /**
   * Runs the next batch if there is input for it (or a recorded batch to replay).
   *
   * @return whether a batch ran
   */
  boolean runBatch() {
    return runBatch(true);
  }

  /**
   * Runs the next batch, if there is input for one, or a no-data batch if {@code noDataBatches} and one is due;
   * returns whether a batch ran. A table whose upstream is still running passes {@code false}, so that its batches
   * are the same as when it runs after the upstream: one per upstream batch, no-data batches at the end.
   */
  boolean runBatch(boolean noDataBatches) {
    try {
      return runBatchUnwrapped(noDataBatches);
    } catch (RuntimeException | Error e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Table '" + table.name() + "' failed in batch")) {
        throw e;
      }
      throw new MillraceException("Table '" + table.name() + "' failed in batch " + nextBatch + ": "
          + (e instanceof MillraceException ? e.getMessage() : e.toString()), e);
    }
  }

  private boolean runBatchUnwrapped(boolean noDataBatches) {
    long batchId = nextBatch;
    reporter.startTrigger(clock.instant());
    Optional<OffsetEntry> recorded = checkpoint.offsets().get(batchId);
    OffsetEntry entry;
    if (recorded.isPresent()) {
      entry = recorded.get();
      log.info("[table {}] replaying batch {} recorded before a stop", table.name(), batchId);
    } else {
      long now = micros(clock.instant());
      Optional<OffsetEntry> previous = batchId == 0 ? Optional.empty() : checkpoint.offsets().get(batchId - 1);
      var ranges = new ArrayList<SourceOffset>();
      boolean any = false;
      for (int i = 0; i < inputs.size(); i++) {
        SourceOffset range = inputs.get(i).next(previous.isPresent() ? previous.get().sources().get(i) : null);
        any |= !range.nothingToRead();
        ranges.add(range);
      }
      if (!any && (!noDataBatches || !noDataBatchDue(now))) {
        return false;
      }
      reporter.lap("latestOffset");
      entry = new OffsetEntry(batchId, now, watermark, ranges);
      checkpoint.offsets().add(batchId, entry);
      reporter.lap("walCommit");
      faults.at(table.name(), batchId, FaultInjector.Point.AFTER_OFFSETS);
    }
    backlogPerInput = new long[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      inputs.get(i).planned(entry.sources().get(i));
      backlogPerInput[i] = inputs.get(i).backlog();
    }
    reporter.lap("latestOffset");
    execute(entry, recorded.isPresent());
    lastBatchWatermark = entry.watermarkMicros();
    return true;
  }

  /**
   * Spark's no-data batch: when the watermark moved past the one the last batch ran with and a stateful operator
   * could emit or evict with it (close windows, forget keys), a batch runs even without new input. So does a batch
   * whose timestamp {@code nowMicros} reaches a processing-time timeout (Spark runs a batch on every trigger for
   * them; a batch that fires nothing emits nothing, so running only the due ones gives the same rows).
   */
  private boolean noDataBatchDue(long nowMicros) {
    return (watermark > lastBatchWatermark
        && plan.statefulOperators().stream().anyMatch(StatefulOperator::usesWatermark))
        || nowMicros >= processingTimeDueMicros;
  }

  private void execute(OffsetEntry entry, boolean replayed) {
    long batchId = entry.batchId();
    long started = System.nanoTime();
    batchClock.set(entry.timestampMicros());
    plan.operators().forEach(Operator::resetCounters);
    plan.watermarks().forEach(WatermarkOperator::resetMaxEventTime);
    var counters = new BatchCounters();
    var rows = new ArrayList<Object[]>();
    plan.setSink(rows::add);
    // Spark judges late rows by the previous batch's watermark and evicts by this batch's.
    long lateWatermark = batchId == 0 ? initialWatermark()
        : checkpoint.offsets().get(batchId - 1).map(OffsetEntry::watermarkMicros).orElse(entry.watermarkMicros());
    List<StateStore[]> stores = loadStores(batchId, lateWatermark, entry.watermarkMicros());
    try {
      executeRead(entry, counters, stores);
    } catch (RuntimeException | Error e) {
      abort(stores);
      throw e;
    }
    reporter.lap("execute");
    writeAndCommit(entry, counters, rows, stores, started, replayed);
  }

  private void executeRead(OffsetEntry entry, BatchCounters counters, List<StateStore[]> stores) {
    long batchId = entry.batchId();
    try {
      rowsPerInput = new long[inputs.size()];
      for (int i = 0; i < inputs.size(); i++) {
        PhysicalPlan.Leaf leaf = plan.leaves().get(i);
        long before = counters.rowsIn;
        inputs.get(i).read(entry.sources().get(i), leaf.entry()::collect, counters);
        rowsPerInput[i] = counters.rowsIn - before;
      }
      plan.endOfBatch();
      for (StatefulOperator op : plan.statefulOperators()) {
        counters.lateRows += op.lateRowsDropped();
        counters.duplicates += op.duplicatesDropped();
      }
      for (Operator op : plan.operators()) {
        if (op instanceof dev.millrace.runtime.operator.ExpandWindowsOperator w) {
          counters.lateRows += w.takeNullEventTimes(); // rows without an event time fall in no window
        }
      }
    } catch (MillraceException e) {
      throw new MillraceException("Table '" + table.name() + "' failed in batch " + batchId + " reading "
          + describe(entry) + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      throw new MillraceException("Table '" + table.name() + "' failed in batch " + batchId + " reading "
          + describe(entry) + ": " + e, e);
    }
  }

  private void writeAndCommit(OffsetEntry entry, BatchCounters counters, List<Object[]> rows,
      List<StateStore[]> stores, long started, boolean replayed) {
    long batchId = entry.batchId();
    boolean written;
    try {
      written = switch (table.settings().outputMode()) {
        case APPEND -> store.appendBatch(table.name(), batchId, table.schema(), rows);
        case UPDATE -> upsertKeys.isEmpty() ? store.appendBatch(table.name(), batchId, table.schema(), rows)
            : store.upsertBatch(table.name(), batchId, table.schema(), upsertKeys, rows);
        case COMPLETE -> store.replaceTable(table.name(), batchId, table.schema(), rows);
      };
      if (!written) {
        log.info("[table {}] batch {} was already in the warehouse; not written again", table.name(), batchId);
      }
      reporter.lap("write");
      OutputMode mode = table.settings().outputMode();
      if (handoff != null && (mode == OutputMode.APPEND || (mode == OutputMode.UPDATE && upsertKeys.isEmpty()))) {
        // A replayed batch computes the rows it wrote before, so they are handed off either way.
        handoff.publish(table.name(), batchId, rows);
      }
      faults.at(table.name(), batchId, FaultInjector.Point.AFTER_WRITE);
      commitAll(stores);
    } catch (RuntimeException | Error e) {
      abort(stores);
      throw e;
    }
    reporter.lap("stateCommit");
    faults.at(table.name(), batchId, FaultInjector.Point.AFTER_STATE_COMMIT);
    advanceWatermark();
    faults.at(table.name(), batchId, FaultInjector.Point.BEFORE_COMMIT);
    long due = plan.statefulOperators().stream().mapToLong(StatefulOperator::processingTimeDueMicros).min()
        .orElse(Long.MAX_VALUE);
    checkpoint.commits().add(batchId, new CommitEntry(batchId, watermark, List.copyOf(operatorWatermarks),
        counters.rowsIn, rows.size(), due == Long.MAX_VALUE ? null : due));
    processingTimeDueMicros = due;
    nextBatch = batchId + 1;
    purgeCheckpoint(batchId);
    reporter.lap("commitOffsets");
    long[] state = stateSize(stores);
    progress.batchDone(batchId, counters, rows.size(), watermark, System.nanoTime() - started);
    if (!stores.isEmpty()) {
      progress.state(state[0], state[1]);
    }
    onCommit.run();
    reportProgress(entry, counters, rows.size(), stores, replayed);
  }

  /**
   * Deletes the checkpoint entries of batches older than the last {@code retain-batches} (the state store's setting,
   * as Spark's {@code minBatchesToRetain} governs both). The batch is committed already: a failure is logged and
   * the entries are deleted at a later batch.
   */
  private void purgeCheckpoint(long batchId) {
    int retain = table.settings().stateStore().retainBatches();
    try {
      int purged = checkpoint.purge(batchId, retain);
      if (purged > 0) {
        log.debug("[table {}] deleted the checkpoint entries of {} batches before batch {}", table.name(), purged,
            batchId - retain + 1);
      }
    } catch (RuntimeException e) {
      log.warn("[table {}] Committed batch {} but could not delete old checkpoint entries; will retry in {} batches: "
          + "{}", table.name(), batchId, Checkpoint.PURGE_INTERVAL, e.getMessage());
    }
  }

  /** The batch's progress record, for the listeners (Spark's {@code StreamingQueryProgress}). */
  private void reportProgress(OffsetEntry entry, BatchCounters counters, long rowsOut, List<StateStore[]> stores,
      boolean replayed) {
    var operators = new ArrayList<BatchProgress.StateOperatorProgress>();
    List<StatefulOperator> ops = plan.statefulOperators();
    for (int i = 0; i < ops.size(); i++) {
      long keys = 0;
      long memory = 0;
      long disk = 0;
      long commitNanos = 0;
      for (StateStore s : stores.get(i)) {
        var m = s.metrics();
        keys += m.keys();
        memory += m.bytesInMemory();
        disk += m.bytesOnDisk();
        commitNanos += m.lastCommitDuration().toNanos();
      }
      StatefulOperator op = ops.get(i);
      operators.add(new BatchProgress.StateOperatorProgress(op.stateName(), op.partitions(), keys, memory, disk,
          commitNanos / 1_000_000, op.lateRowsDropped(), op.duplicatesDropped()));
    }
    var sources = new ArrayList<ProgressReporter.SourceDraft>();
    boolean noData = true;
    for (int i = 0; i < inputs.size(); i++) {
      SourceOffset range = entry.sources().get(i);
      noData &= range.nothingToRead();
      boolean files = inputs.get(i).backlogUnit().equals("files");
      sources.add(new ProgressReporter.SourceDraft(range.description(),
          files ? null : Long.toString(range.fromBatch()), files ? null : Long.toString(range.toBatch()),
          range.files(), i < rowsPerInput.length ? rowsPerInput[i] : 0,
          i < backlogPerInput.length ? backlogPerInput[i] : -1, inputs.get(i).backlogUnit()));
    }
    reporter.finish(entry.batchId(), counters.rowsIn, rowsOut, counters, noData, replayed, eventTime(entry), operators,
        sources, "warehouse table " + table.name() + " (" + table.settings().outputMode().name()
            .toLowerCase(java.util.Locale.ROOT) + ")");
  }

  /** Spark's {@code eventTime}: the batch's watermark and the min, mean and max event time of its rows. */
  private BatchProgress.EventTime eventTime(OffsetEntry entry) {
    List<WatermarkOperator> ops = plan.watermarks();
    if (ops.isEmpty()) {
      return null;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long count = 0;
    double mean = 0;
    for (WatermarkOperator op : ops) {
      if (op.eventTimeCount() == 0) {
        continue;
      }
      min = Math.min(min, op.minEventTime());
      max = Math.max(max, op.maxEventTime());
      mean = (mean * count + op.meanEventTime() * op.eventTimeCount()) / (count + op.eventTimeCount());
      count += op.eventTimeCount();
    }
    return new BatchProgress.EventTime(instant(entry.watermarkMicros()), instant(watermark),
        count == 0 ? null : instant(min), count == 0 ? null : instant((long) mean), count == 0 ? null : instant(max));
  }

  /** A watermark or event time in microseconds as an instant; null for {@link Long#MIN_VALUE} (none). */
  static java.time.Instant instant(long micros) {
    return micros == Long.MIN_VALUE ? null : java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);
  }

  /** The watermark a watermarked query starts at: 0, the epoch, as in Spark. */
  private long initialWatermark() {
    return plan.watermarks().isEmpty() ? Long.MIN_VALUE : 0L;
  }

  /** Loads every stateful operator's stores at the batch's version (Spark's convention: load N to run batch N). */
  private List<StateStore[]> loadStores(long batchId, long lateWatermark, long evictionWatermark) {
    var all = new ArrayList<StateStore[]>();
    List<StatefulOperator> ops = plan.statefulOperators();
    for (int i = 0; i < ops.size(); i++) {
      StateStoreProvider[] partitionProviders = providers.get(i);
      var stores = new StateStore[partitionProviders.length];
      for (int p = 0; p < stores.length; p++) {
        stores[p] = partitionProviders[p].load(batchId);
      }
      ops.get(i).beginBatch(stores, lateWatermark, evictionWatermark);
      all.add(stores);
    }
    return all;
  }

  /** The threads that commit a batch's partition stores (each its own files), one per processor. */
  private static final java.util.concurrent.ExecutorService COMMITS = java.util.concurrent.Executors
      .newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "millrace-state-commit");
        t.setDaemon(true);
        return t;
      });

  /**
   * Commits every partition store of the batch, in parallel (each partition has its own changelog and files), and
   * waits for all of them; the first failure is rethrown with the others suppressed, and the caller aborts the rest.
   */
  private static void commitAll(List<StateStore[]> stores) {
    var all = new ArrayList<StateStore>();
    stores.forEach(partitionStores -> all.addAll(List.of(partitionStores)));
    if (all.size() == 1) {
      all.get(0).commit();
      return;
    }
    var futures = new ArrayList<java.util.concurrent.Future<?>>();
    for (StateStore s : all) {
      futures.add(COMMITS.submit(s::commit));
    }
    RuntimeException failure = null;
    for (var f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new MillraceException("Interrupted while committing state", e);
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        RuntimeException r = cause instanceof RuntimeException re ? re
            : new MillraceException("A state commit failed: " + cause, cause);
        if (failure == null) {
          failure = r;
        } else {
          failure.addSuppressed(r);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void abort(List<StateStore[]> stores) {
    for (StateStore[] partitionStores : stores) {
      for (StateStore s : partitionStores) {
        if (!s.isFinished()) {
          s.abort();
        }
      }
    }
  }

  /** Keys and bytes on disk over the batch's state stores (after their commit). */
  private static long[] stateSize(List<StateStore[]> stores) {
    long keys = 0;
    long bytes = 0;
    for (StateStore[] partitionStores : stores) {
      for (StateStore s : partitionStores) {
        var m = s.metrics();
        keys += m.keys();
        bytes += m.bytesOnDisk();
      }
    }
    return new long[] {keys, bytes};
  }

  /**
   * Spark's {@code WatermarkTracker}: each watermark operator that saw rows proposes {@code max event time - delay};
   * an operator's watermark never goes back; the query's watermark is the min (or max) over the operators that have
   * one, and it never goes back either.
   */
  private void advanceWatermark() {
    List<WatermarkOperator> ops = plan.watermarks();
    while (operatorWatermarks.size() < ops.size()) {
      operatorWatermarks.add(Long.MIN_VALUE);
    }
    for (int i = 0; i < ops.size(); i++) {
      WatermarkOperator op = ops.get(i);
      if (op.maxEventTime() == Long.MIN_VALUE && operatorWatermarks.get(i) == Long.MIN_VALUE) {
        operatorWatermarks.set(i, 0L); // Spark: an input without data yet counts as watermark 0
      }
      if (op.maxEventTime() != Long.MIN_VALUE) {
        // Spark keeps the watermark in milliseconds: max event time (ms) - delay.
        long proposed = Math.floorDiv(op.maxEventTime(), 1000L) * 1000L - op.delayMicros();
        operatorWatermarks.set(i, Math.max(operatorWatermarks.get(i), proposed));
      }
    }
    boolean max = table.settings().watermarkPolicy() == WatermarkPolicy.MAX;
    long combined = Long.MIN_VALUE;
    boolean any = false;
    for (long w : operatorWatermarks) {
      if (w == Long.MIN_VALUE) {
        continue;
      }
      combined = !any ? w : max ? Math.max(combined, w) : Math.min(combined, w);
      any = true;
    }
    if (any && combined > watermark) {
      watermark = combined;
    }
  }

  private String describe(OffsetEntry entry) {
    var parts = new ArrayList<String>();
    for (SourceOffset s : entry.sources()) {
      if (!s.files().isEmpty()) {
        parts.add(s.description() + " (files " + String.join(", ", s.files()) + ")");
      } else if (s.toBatch() > s.fromBatch()) {
        parts.add(s.description() + " (batches " + (s.fromBatch() + 1) + " to " + s.toBatch() + ")");
      }
    }
    return parts.isEmpty() ? "no input" : String.join(", ", parts);
  }

  long watermark() {
    return watermark;
  }

  /** The query's id, stable across restarts; known after {@link #start()}. */
  String id() {
    return reporter.id();
  }

  long nextBatchId() {
    return nextBatch;
  }

  void close() {
    if (opened) {
      plan.close();
      opened = false;
    }
    for (StateStoreProvider[] partitionProviders : providers) {
      for (StateStoreProvider p : partitionProviders) {
        p.close();
      }
    }
    providers.clear();
  }

  static long micros(java.time.Instant i) {
    return dev.millrace.runtime.operator.InternalValues.micros(i);
  }
}
