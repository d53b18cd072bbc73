package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.time.Clock;
import java.util.List;

/**
 * A detection worker that lives as long as the process ({@code serve}): on the in-process bus it
 * decides whatever the dashboard's Live page publishes; with Redis it is one more consumer of the
 * shared stream. It follows the champion like any worker.
 */
public final class ResidentWorker implements AutoCloseable {
  private final CandleBus bus;
  private final KlineStore store;
  private final CandleBus.Subscription subscription;
  private final DetectionWorker worker;
  private final List<AlertSink> sinks;
  private final Thread thread;

  public ResidentWorker(
      Settings settings,
      String consumer,
      List<AlertSink> sinks,
      DetectionWorker.Options options,
      Clock clock) {
    this.bus = Buses.open(settings, clock);
    this.store = Stores.open(settings);
    this.subscription = bus.subscribe(consumer);
    this.sinks = List.copyOf(sinks);
    this.worker =
        new DetectionWorker(subscription, store, Registries.open(settings), sinks, options, clock);
    this.thread = Thread.ofPlatform().name("resident-worker").daemon().start(worker);
  }

  /** Where sources publish for this worker (and, on Redis, for the others). */
  public CandleBus bus() {
    return bus;
  }

  public WorkerStats stats() {
    return worker.stats();
  }

  /** Whether its detection loop still runs. */
  public boolean alive() {
    return thread.isAlive();
  }

  public boolean inProcess() {
    return StreamRun.inProcess(bus);
  }

  @Override
  public void close() throws InterruptedException {
    worker.stop();
    thread.join(10_000);
    for (AlertSink s : sinks) {
      s.close();
    }
    subscription.close();
    bus.close();
    store.close();
  }
}
