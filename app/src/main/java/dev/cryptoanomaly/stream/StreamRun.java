package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.store.KlineStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Feeds a candle source to the bus. On the in-process bus a detection worker runs in this process
 * and the run waits until it has decided every published candle; on Redis the run only publishes
 * and the workers elsewhere decide. Interrupting the running thread stops the feed, and what was
 * published is still decided. Used by {@code stream} and by the dashboard's Live Detection page.
 */
public final class StreamRun {
  private final CandleBus bus;
  private final KlineStore store;
  private final DetectionWorker worker;
  private final WorkerStats residentStats;
  private final java.util.function.BooleanSupplier residentAlive;
  private final List<AlertSink> sinks;
  private final Clock clock;
  private volatile StreamPublisher publisher;

  /** The figures of a finished run; {@code worker} is null when workers elsewhere decide. */
  public record Outcome(long published, WorkerStats.Snapshot worker) {}

  /**
   * @param registry where the in-process worker finds its model; unused on Redis
   * @param sinks where the in-process worker announces alerts; closed when the run ends
   */
  public StreamRun(
      CandleBus bus,
      KlineStore store,
      ModelRegistry registry,
      List<AlertSink> sinks,
      DetectionWorker.Options options,
      Clock clock) {
    this.bus = bus;
    this.store = store;
    this.sinks = List.copyOf(sinks);
    this.clock = clock;
    this.worker =
        inProcess(bus)
            ? new DetectionWorker(
                bus.subscribe("in-process"), store, registry, sinks, options, clock)
            : null;
    this.residentStats = null;
    this.residentAlive = () -> false;
  }

  /**
   * A run whose candles a {@link ResidentWorker} decides; on the in-process bus the run waits until
   * the resident worker has decided what it published.
   */
  public StreamRun(ResidentWorker resident, KlineStore store, Clock clock) {
    this.bus = resident.bus();
    this.store = store;
    this.sinks = List.of();
    this.clock = clock;
    this.worker = null;
    this.residentStats = resident.inProcess() ? resident.stats() : null;
    this.residentAlive = resident::alive;
  }

  /** Whether a worker must run in this process for candles on this bus to be decided. */
  public static boolean inProcess(CandleBus bus) {
    return bus instanceof InProcessBus;
  }

  /** Candles published so far. */
  public long published() {
    StreamPublisher p = publisher;
    return p == null ? 0 : p.published.sum();
  }

  /** The counters of the worker in this process, or null on Redis. */
  public WorkerStats workerStats() {
    return worker != null ? worker.stats() : residentStats;
  }

  public Outcome run(CandleSource feed) throws InterruptedException {
    Thread workerThread =
        worker == null ? null : Thread.ofPlatform().name("worker").daemon().start(worker);
    long published;
    long handledBefore = residentStats == null ? 0 : residentStats.handled.sum();
    try {
      try (StreamPublisher p =
          new StreamPublisher(bus, store, feed.storesAs(), clock, 1_000, Duration.ofMillis(100))) {
        publisher = p;
        try {
          feed.run(p);
        } catch (InterruptedException e) {
          Thread.interrupted(); // stop the feed, then finish what was published
        }
        p.flush();
        published = p.published.sum();
      }
      WorkerStats stats = workerStats();
      if (stats == null) {
        return new Outcome(published, null);
      }
      java.util.function.BooleanSupplier alive =
          workerThread != null ? workerThread::isAlive : residentAlive;
      while (stats.handled.sum() - handledBefore < published && alive.getAsBoolean()) {
        Thread.sleep(50);
      }
      return new Outcome(published, stats.snapshot());
    } finally {
      if (worker != null) {
        worker.stop();
        workerThread.join();
      }
      for (AlertSink s : sinks) {
        s.close();
      }
    }
  }
}
