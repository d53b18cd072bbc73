package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.online.AlertAnnouncements;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.ChampionWatcher;
import dev.cryptoanomaly.online.DecisionBatch;
import dev.cryptoanomaly.online.IncidentAnnouncements;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.online.SeriesDetection;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes closed candles from the bus and decides each with the champion model: per-series online
 * state, scores, alert groups. A batch's decisions and alert groups are stored in one transaction,
 * then announced, and only then acknowledged; a failure before that hands the batch out again and
 * rebuilds state from the store, so nothing is lost and nothing is stored twice.
 *
 * <p>Three stages overlap: while a writer thread stores and announces one batch, the loop reads and
 * decides the next, and an {@link IncidentRebuilder} rebuilds the incidents of batches stored
 * before and acknowledges them. At most one batch is in writing, and batches are written and
 * acknowledged in the order they were decided. When a write or a rebuild fails, the loop waits for
 * both stages, forgets every state and has the bus hand out again all it has not acknowledged,
 * exactly as when deciding fails.
 */
public final class DetectionWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionWorker.class);

  /** How the worker runs. */
  public record Options(
      ModelRef model,
      int batch,
      Duration refresh,
      Duration pollWait,
      dev.cryptoanomaly.alert.IncidentRule incidents) {
    public Options(ModelRef model, int batch, Duration refresh, Duration pollWait) {
      this(model, batch, refresh, pollWait, dev.cryptoanomaly.alert.IncidentRule.DEFAULT);
    }

    /** The same options scoping incidents by {@code rule} (the settings' share). */
    public Options withIncidents(dev.cryptoanomaly.alert.IncidentRule rule) {
      return new Options(model, batch, refresh, pollWait, rule);
    }

    /**
     * Most candles in one batch by default. A worker that keeps up takes what has arrived, so the
     * bound only matters when it is behind (a backlog, a restart, a burst): then larger batches
     * spread each commit and each series' resume mark over several candles of the series (at 2,000
     * symbols, 2,000 candles a batch wrote one mark per candle; 8,000 write one per four).
     */
    public static final int DEFAULT_BATCH = 8_000;

    public static Options defaults(ModelRef model) {
      return new Options(model, DEFAULT_BATCH, Duration.ofSeconds(30), Duration.ofMillis(200));
    }
  }

  private final CandleBus.Subscription bus;
  private final KlineStore store;
  private final ChampionWatcher champion;
  private final List<AlertSink> sinks;
  private final Options options;
  private final Clock clock;
  private final WorkerStats stats = new WorkerStats();
  private final Map<SeriesKey, SeriesDetection> states = new HashMap<>();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("detection-writer").unstarted(r));
  private Future<?> writing = CompletableFuture.completedFuture(null);
  private final IncidentRebuilder incidents;
  private volatile boolean running = true;

  public DetectionWorker(
      CandleBus.Subscription bus,
      KlineStore store,
      ModelRegistry registry,
      List<AlertSink> sinks,
      Options options,
      Clock clock) {
    this.bus = bus;
    this.store = store;
    this.champion = new ChampionWatcher(registry, options.model(), options.refresh(), clock);
    this.sinks = sinks;
    this.options = options;
    this.clock = clock;
    this.incidents =
        new IncidentRebuilder(
            store, bus, sinks, champion::incidentWatch, options.incidents(), clock, stats);
  }

  public WorkerStats stats() {
    return stats;
  }

  /** Asks the loop to finish its batch and return. */
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    long backoff = 100;
    incidents.start();
    try {
      while (running && !Thread.currentThread().isInterrupted()) {
        try {
          incidents.throwIfFailed();
          long t0 = System.nanoTime();
          List<Delivery> batch = bus.poll(options.batch(), options.pollWait());
          if (batch.isEmpty()) {
            if (writing.isDone()) {
              finishWriting(); // an idle worker still learns that its last write failed
              incidents.hurry();
            }
            continue;
          }
          stats.readNanos.add(System.nanoTime() - t0);
          Decided decided = decide(batch);
          finishWriting();
          writing = writer.submit(() -> write(decided));
          backoff = 100;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          stats.failures.increment();
          LOG.warn("batch failed, retrying from the store's state: {}", Messages.rootMessage(e));
          // A write still running hands what it stored to the rebuilder, which acknowledges
          // what it rebuilt and drops the rest; only then may the bus hand out again what is left
          // unacknowledged.
          finishWritingQuietly();
          recoverIncidents();
          states.clear();
          bus.recover();
          sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    } finally {
      finishWritingQuietly();
      writer.shutdown();
      incidents.close();
    }
  }

  private void recoverIncidents() {
    try {
      incidents.recover();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the batch in writing; its failure is thrown here, in the loop. */
  private void finishWriting() {
    try {
      writing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was being stored", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (writing.isDone()) {
        writing = CompletableFuture.completedFuture(null);
      }
    }
  }

  private void finishWritingQuietly() {
    try {
      finishWriting();
    } catch (RuntimeException e) {
      LOG.debug("the last write failed too: {}", Messages.rootMessage(e));
    }
  }

  /** A batch decided and waiting to be written. */
  private record Decided(List<Delivery> batch, Pending pending, long handled) {}

  /** Decides every candle of a batch into its pending writes. */
  private Decided decide(List<Delivery> batch) {
    long t0 = System.nanoTime();
    champion.refreshIfDue();
    Pending pending = new Pending(CandleEvent.micros(clock), clock.millis());
    long handled = 0;
    for (Delivery d : batch) {
      if (d.problem() != null) {
        stats.malformed.increment();
        handled++;
        LOG.warn("skipping malformed message {} on {}: {}", d.id(), d.stream(), d.problem());
        continue;
      }
      for (CandleEvent e : d.events()) {
        stats.received.increment();
        handled++;
        decide(e, pending);
      }
    }
    stats.decideNanos.add(System.nanoTime() - t0);
    return new Decided(batch, pending, handled);
  }

  /**
   * Stores and announces a decided batch, then hands it to the incident rebuilder, which
   * acknowledges it (on the writer thread).
   */
  private void write(Decided decided) {
    long t1 = System.nanoTime();
    Pending pending = decided.pending();
    var written = pending.batch.parts();
    written.forEach((m, parts) -> store.writeDetections(m.name(), m.version(), parts));
    long t2 = System.nanoTime();
    // Latency is to the decision stored (committed), as the issue defines it; announcing and
    // acknowledging come after and are timed as their own stage.
    long stored = CandleEvent.micros(clock);
    stats.alerts.add(
        AlertAnnouncements.announceOnce(store, pending.batch.events(), sinks, clock.millis()));
    for (CandleEvent e : pending.decided) {
      stats.decided.increment();
      stats.recordLatencyMicros(stored - e.publishedMicros());
    }
    stats.storeNanos.add(t2 - t1);
    stats.ackNanos.add(System.nanoTime() - t2);
    // Last, by the rebuilder: whoever waits for a count of handled candles then finds their
    // latencies and stage times recorded (counted first, a batch's latencies could land after a
    // reset that followed the wait, and a warm-up's slow batch then counted in the next
    // measurement), and their incidents rebuilt.
    Map<LoadedModel, IncidentAnnouncements.Span> spans = IncidentAnnouncements.spans(written);
    IncidentAnnouncements.Span.joinAll(spans, pending.again);
    try {
      incidents.submit(new IncidentRebuilder.Stored(decided.batch(), spans, decided.handled()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a stored batch on", e);
    }
  }

  /** Decides one candle (and any stored candles it skipped) into the batch's pending writes. */
  private void decide(CandleEvent e, Pending pending) {
    SeriesDetection state = current(e);
    if (state == null) {
      stats.unscored.increment();
      return;
    }
    List<SeriesDetection.Step> steps =
        state.take(store, e.kline(), e.publishedMicros(), pending.nowMicros, pending.nowMillis);
    if (steps.isEmpty()) {
      stats.duplicates.increment();
      reannounce(state, e)
          .ifPresent(
              a -> {
                pending.batch.announceAgain(a);
                // Its incident too: the crash may have come before the rebuild covering it.
                IncidentAnnouncements.Span.join(
                    pending.again,
                    state.model(),
                    new IncidentAnnouncements.Span(a.firstHit(), a.lastHit()));
              });
      return;
    }
    pending.add(state, e, steps);
    stats.caughtUp.add(steps.size() - 1L);
  }

  /**
   * The state deciding a series: the one held, while the champion has not been refreshed since it
   * was confirmed; otherwise the champion is asked again, and a new version starts a new state.
   * Null when no model takes the series.
   */
  private SeriesDetection current(CandleEvent e) {
    SeriesDetection state = states.get(e.series());
    long generation = champion.generation();
    if (state != null && state.confirmedIn() == generation) {
      return state;
    }
    Optional<LoadedModel> model = champion.forSeries(e.series());
    if (model.isEmpty()) {
      return null;
    }
    if (state == null || !state.model().id().equals(model.get().id())) {
      state = SeriesDetection.resume(store, e.series(), model.get(), e.kline().openTime());
      states.put(e.series(), state);
    }
    state.confirm(generation);
    return state;
  }

  /**
   * A candle seen again (a redelivery after a crash between storing and acknowledging): announces
   * again the alert it raised, unless the ledger says it was announced, so none is ever lost.
   */
  private Optional<AlertEvent> reannounce(SeriesDetection state, CandleEvent e) {
    LoadedModel m = state.model();
    long t = e.kline().openTime();
    // The open group first: one indexed lookup, which rules out nearly every redelivered candle
    // before its decision row is looked for.
    Optional<StoredAnomaly> group =
        store
            .latestAnomaly(e.series(), m.name(), m.version())
            .filter(a -> a.firstHit() <= t && t <= a.lastHit());
    if (group.isEmpty()) {
      return Optional.empty();
    }
    List<StoredDecision> stored = store.decisions(e.series(), m.name(), m.version(), t, t + 1);
    if (stored.isEmpty() || stored.get(0).alert() == null) {
      return Optional.empty();
    }
    StoredAnomaly a = group.get();
    return Optional.of(
        state.event(a.firstHit() == t ? AlertEvent.OPENED : AlertEvent.ESCALATED, a));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What a batch decided, waiting to be written, with when it was decided. */
  private static final class Pending {
    final long nowMicros;
    final long nowMillis;
    final DecisionBatch batch = new DecisionBatch();
    final List<CandleEvent> decided = new ArrayList<>();
    final Map<LoadedModel, IncidentAnnouncements.Span> again = new HashMap<>();

    Pending(long nowMicros, long nowMillis) {
      this.nowMicros = nowMicros;
      this.nowMillis = nowMillis;
    }

    void add(SeriesDetection state, CandleEvent e, List<SeriesDetection.Step> steps) {
      batch.add(state, e.series(), steps);
      decided.add(e);
    }
  }
}
