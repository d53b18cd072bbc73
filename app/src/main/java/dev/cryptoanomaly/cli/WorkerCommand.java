package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.AlertSinks;
import dev.cryptoanomaly.stream.Buses;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.DetectionWorker;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code worker}: a detection worker reading the Redis stream or the Kafka candles topic. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Detect anomalies in the candles `stream` publishes on Kafka (KAFKA_BOOTSTRAP_SERVERS,"
          + " topic crypto-anomaly.candles) or Redis (REDIS_URL): start as many workers as you"
          + " like, on any machine; they share the series among themselves (Kafka's consumer"
          + " group, or leases on Redis), take over those of a worker that stops, and switch to a"
          + " newly promoted champion without a restart. Alerts are stored, announced on the"
          + " Kafka topic crypto-anomaly.alerts or the Redis stream crypto-anomaly:alerts and"
          + " printed; with --webhook also POSTed.",
      "Example: REDIS_URL=redis://127.0.0.1:6379 crypto-anomaly worker --model default@champion",
      "Example: KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 crypto-anomaly worker"
    })
final class WorkerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  @ParentCommand Main main;

  @Mixin WorkerOptions worker;

  @Option(names = "--name", description = "Consumer name (default: host, pid and a random part).")
  String name;

  @Option(
      names = "--stats-every",
      defaultValue = "30",
      description = "Seconds between progress lines (default ${DEFAULT-VALUE}; 0 = never).")
  int statsEvery;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = main.settings();
    if (!Buses.external(settings)) {
      throw new UserException(
          "worker reads the Redis stream or the Kafka topic: set REDIS_URL or"
              + " KAFKA_BOOTSTRAP_SERVERS (without either, `crypto-anomaly stream` runs its worker"
              + " in-process)");
    }
    DetectionWorker.Options options = worker.options(main.settings());
    String consumer =
        name != null
            ? name
            : ManagementFactory.getRuntimeMXBean().getName()
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    try (KlineStore store = Stores.open(settings);
        CandleBus bus = Buses.open(settings, main.clock());
        CandleBus.Subscription subscription = bus.subscribe(consumer)) {
      List<AlertSink> sinks = worker.sinks(settings, main.out());
      DetectionWorker detection =
          new DetectionWorker(
              subscription, store, Registries.open(settings), sinks, options, main.clock());
      Thread loop = Thread.ofPlatform().name("worker").start(detection);
      Thread hook =
          new Thread(
              () -> {
                detection.stop();
                try {
                  loop.join(10_000);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      main.err().printf("worker %s reading %s with %s%n", consumer, bus.describe(), worker.model);
      main.err().flush();
      while (loop.isAlive()) {
        loop.join(statsEvery > 0 ? statsEvery * 1000L : 0);
        if (statsEvery > 0 && loop.isAlive()) {
          LOG.info("worker {}: {}", consumer, detection.stats().snapshot());
        }
      }
      AlertSinks.closeAll(sinks);
    }
    return 0;
  }
}
