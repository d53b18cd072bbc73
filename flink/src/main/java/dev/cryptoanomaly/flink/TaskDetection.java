package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentJson;
import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertAnnouncements;
import dev.cryptoanomaly.online.AlertJson;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.ChampionVersions;
import dev.cryptoanomaly.online.ChampionWatcher;
import dev.cryptoanomaly.online.DecisionBatch;
import dev.cryptoanomaly.online.DetectionSnapshot;
import dev.cryptoanomaly.online.IncidentAnnouncements;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.online.ReferenceReturns;
import dev.cryptoanomaly.online.SeriesDetection;
import dev.cryptoanomaly.online.WebhookAlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesDetections;
import dev.cryptoanomaly.store.Stores;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * One task's detection, whichever Flink function hands it the candles (the live job's or the
 * backfill's): the same per-candle step as the stream workers ({@link SeriesDetection}: features,
 * score, tail probability, alert grouping), with each series' state in Flink's keyed state ({@link
 * DetectionSnapshot}), so a job restored from a checkpoint decides every later candle as it would
 * have, and emits each announcement again in the transaction that replaces the aborted one.
 *
 * <p>Decisions and alert groups are written to the store, by a writer thread while the next candles
 * are decided, through the records the workers write ({@link DecisionBatch}), idempotent on
 * (series, model version, open time), every {@link JobSettings#flushMillis()} or {@link
 * JobSettings#flushDecisions()} and at every checkpoint ({@link #checkpoint()}), so a checkpoint
 * never completes before what it covers is stored. Announcements go out as (key, JSON) for the
 * alerts topic, and to the webhook once each through the store's announcement ledger.
 *
 * <p>The keyed state it reads and writes is the current key's: callers call it where Flink has set
 * the key (an element, a timer, or a function applied to every key's state).
 */
final class TaskDetection implements AutoCloseable {
  private final JobSettings job;
  private final KlineStore store;
  private final ChampionWatcher champion;
  private final ValueState<SeriesSlot> detections;

  /** The slot {@link #current} last gave out, which {@link #decide} updates. */
  private SeriesSlot currentSlot;

  private final Clock clock = Clock.systemUTC();
  private final AlertSink webhook;
  private final Counter decided;
  private final LongCounter decidedTotal = new LongCounter();
  private final Histogram storedLatency = new Histogram();
  private final Counter duplicates;
  private final Counter unscored;
  private final StoreWriter writer;
  private final ConcurrentLinkedQueue<Integer> latencies = new ConcurrentLinkedQueue<>();
  private final IncidentRule incidentRule;

  /** Incidents the writer found to announce, for the task's thread to emit. */
  private final ConcurrentLinkedQueue<Incident> incidents = new ConcurrentLinkedQueue<>();

  /**
   * Incidents this task emitted lately (writer thread): a batch's rebuild finds an incident again
   * until the announcer has recorded it in the store's ledger.
   */
  private final Set<String> emitted =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 10_000;
            }
          });

  private DecisionBatch batch = new DecisionBatch();
  private Future<?> writing = CompletableFuture.completedFuture(null);
  private long lastFlush;

  TaskDetection(JobSettings job, RuntimeContext context) {
    this.job = job;
    Settings settings = job.settings();
    store = Stores.open(settings);
    champion =
        new ChampionWatcher(
            Registries.open(settings),
            ModelRef.parse(job.model()),
            // A task resolves the model when it starts, then follows the job's registry poll.
            ChronoUnit.CENTURIES.getDuration(),
            clock,
            true);
    detections =
        context.getState(new ValueStateDescriptor<>("detection", SeriesSlotSerializer.INSTANCE));
    lastFlush = clock.millis();
    incidentRule = settings.incidentRule();
    writer = StoreWriter.acquire(settings);
    webhook =
        settings
            .webhookUrl()
            .<AlertSink>map(u -> new WebhookAlertSink(URI.create(u), 6, Duration.ofSeconds(1)))
            .orElse(null);
    var metrics = context.getMetricGroup();
    decided = metrics.counter("decidedCandles");
    duplicates = metrics.counter("duplicateCandles");
    unscored = metrics.counter("unscoredCandles");
    context.addAccumulator(DetectionJob.DECIDED, decidedTotal);
    context.addAccumulator(DetectionJob.STORED_LATENCY, storedLatency);
  }

  /** The champion's versions from the job's registry poll. */
  void announce(ChampionVersions versions) {
    champion.announce(versions);
  }

  KlineStore store() {
    return store;
  }

  /**
   * The current key's state: the one held while the champion is unchanged; else the keyed state's
   * when it belongs to the champion's version; else rebuilt from the store (a series seen first, or
   * a newly promoted version), as a worker does. Null, and counted, when no model takes the series.
   */
  SeriesDetection current(SeriesKey series, long openTime) throws Exception {
    champion.refreshIfDue();
    SeriesSlot slot = detections.value();
    SeriesDetection held = slot == null ? null : slot.detection;
    long generation = champion.generation();
    if (held != null && held.confirmedIn() == generation) {
      currentSlot = slot;
      return held;
    }
    Optional<LoadedModel> model = champion.forSeries(series);
    if (model.isEmpty()) {
      unscored.inc();
      return null;
    }
    LoadedModel m = model.get();
    SeriesDetection state = held;
    if (state == null || !state.model().id().equals(m.id())) {
      if (slot != null && m.id().equals(slot.model())) {
        state = SeriesDetection.restore(series, m, DetectionSnapshot.decode(slot.bytes()));
      } else if (job.backfill()) {
        state = SeriesDetection.startingAt(store, series, m, job.backfillFrom());
      } else {
        state = SeriesDetection.resume(store, series, m, openTime);
      }
      slot = SeriesSlot.of(state);
      detections.update(slot);
    }
    state.confirm(generation);
    currentSlot = slot;
    return state;
  }

  /**
   * Decides a candle of the current key with its state, emits the announcements it makes and keeps
   * the state in keyed state for the next checkpoint.
   */
  void decide(
      SeriesDetection state,
      CandleEvent e,
      ReferenceReturns reference,
      Collector<Tuple2<String, String>> out)
      throws Exception {
    long nowMillis = clock.millis();
    List<SeriesDetection.Step> steps =
        state.take(
            store, e.kline(), reference, e.publishedMicros(), CandleEvent.micros(clock), nowMillis);
    if (steps.isEmpty()) {
      duplicates.inc();
      return;
    }
    batch.add(state, e.series(), steps);
    decided.inc(steps.size());
    decidedTotal.add(steps.size());
    for (SeriesDetection.Step s : steps) {
      if (s.event() != null) {
        out.collect(Tuple2.of(s.event().key(), AlertJson.toJson(s.event())));
      }
    }
    if (currentSlot.detection == state) { // the heap keeps it; other backends write it here
      detections.update(currentSlot);
    }
    if (batch.decisions() >= job.flushDecisions() || nowMillis - lastFlush >= job.flushMillis()) {
      flush();
    }
  }

  /**
   * Hands what was decided to the writer thread, which stores it and then announces to the webhook
   * what it has not had yet, while the task decides the next candles: at most one batch is in
   * writing, and batches are written in the order they were decided. A failed write fails the task
   * here, and the job restarts from its last checkpoint.
   */
  private void flush() {
    lastFlush = clock.millis();
    drainLatencies();
    if (batch.isEmpty()) {
      return;
    }
    DecisionBatch written = batch;
    batch = new DecisionBatch();
    awaitWriting();
    writing = writer.submit(into -> write(into, written));
  }

  /** Waits for the batch in writing; its failure is thrown here, on the task's thread. */
  private void awaitWriting() {
    try {
      writing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while decisions were being stored", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } finally {
      drainLatencies();
    }
  }

  /** On the writer thread, with its connection. */
  private void write(KlineStore store, DecisionBatch written) {
    var parts = written.parts();
    parts.forEach((m, series) -> store.writeDetections(m.name(), m.version(), series));
    long stored = CandleEvent.micros(clock);
    for (var series : parts.values()) {
      for (var d : series) {
        for (var decision : d.decisions()) {
          if (decision.publishedAtMicros() > 0) {
            latencies.add((int) ((stored - decision.publishedAtMicros()) / 1_000));
          }
        }
      }
    }
    if (webhook != null) {
      AlertAnnouncements.announceOnce(store, written.events(), List.of(webhook), clock.millis());
    }
    if (!job.backfill()) { // a backfill's incidents are rebuilt once, after it (as detect does)
      announceIncidents(store, parts);
    }
  }

  /**
   * On the writer thread: rebuilds the incidents the batch touched and stores them, as the workers
   * do, and hands the new multi-symbol ones to the task's thread, which emits them to the {@link
   * IncidentAnnouncer} (several tasks may find one incident: it announces each once).
   */
  private void announceIncidents(KlineStore store, Map<LoadedModel, List<SeriesDetections>> parts) {
    Map<String, Incident> fresh =
        IncidentAnnouncements.rebuild(
            store, parts, champion::incidentWatch, incidentRule, clock.millis());
    for (var e : fresh.entrySet()) {
      if (emitted.add(e.getKey())) {
        incidents.add(e.getValue());
      }
    }
  }

  /** On the task's thread: emits the incidents the writer found, as (key, JSON). */
  void emitIncidents(Collector<Tuple2<String, String>> out) {
    for (Incident i = incidents.poll(); i != null; i = incidents.poll()) {
      out.collect(
          Tuple2.of(
              IncidentAnnouncements.key(i),
              IncidentJson.of(i, null, AlertRecord.INCIDENT).toJson()));
    }
  }

  /** Whether decisions or incidents wait for the task's thread. */
  boolean hasPendingWork() {
    return !batch.isEmpty() || !incidents.isEmpty() || !writing.isDone();
  }

  /** Stores what was decided when it has waited {@link JobSettings#flushMillis()}. */
  void flushIfDue() {
    if (clock.millis() - lastFlush >= job.flushMillis()) {
      flush();
    }
  }

  /** Moves the writer's latencies into the accumulator, which belongs to the task's thread. */
  private void drainLatencies() {
    for (Integer ms = latencies.poll(); ms != null; ms = latencies.poll()) {
      storedLatency.add(ms);
    }
  }

  /** A checkpoint completes only once everything decided before its barrier is stored. */
  void checkpoint() {
    flush();
    awaitWriting();
  }

  @Override
  public void close() {
    try {
      checkpoint();
    } finally {
      writer.release();
      store.close();
      if (webhook != null) {
        webhook.close();
      }
    }
  }
}
