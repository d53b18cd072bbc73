package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.BinanceKlineStream;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelChoice;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.Buses;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.CandleSource;
import dev.cryptoanomaly.stream.DetectionWorker;
import dev.cryptoanomaly.stream.Pace;
import dev.cryptoanomaly.stream.ReplaySource;
import dev.cryptoanomaly.stream.StreamRun;
import dev.cryptoanomaly.stream.SyntheticSource;
import dev.cryptoanomaly.stream.WorkerStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stream}: feed closed candles to the detection workers. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Feed closed candles to detection: the live Binance kline streams, a replay of stored"
          + " history, or the simulator. Candles are stored, then published on the bus: with"
          + " KAFKA_BOOTSTRAP_SERVERS on the Kafka candles topic for `crypto-anomaly worker`"
          + " processes or the Flink job (`crypto-anomaly flink run`), with REDIS_URL on Redis"
          + " Streams for workers, otherwise to a worker in this process, which prints alerts as"
          + " they happen.",
      "Examples: stream --source binance --symbols BTCUSDT,ETHUSDT"
          + " | stream --source replay --symbols BTCUSDT --start 2020-03-11 --end 2020-03-13"
          + " --speed 600 | stream --source synthetic --days 1 --speed max",
      "Period (replay and synthetic): 1 day up to --end unless --days or --start says otherwise."
    })
final class StreamCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin PeriodOptions period;

  @Mixin WorkerOptions worker;

  @Option(
      names = "--source",
      defaultValue = "binance",
      description = "binance, replay or synthetic (default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--symbols",
      split = ",",
      defaultValue = "BTCUSDT,ETHUSDT,SOLUSDT,AVAXUSDT,LINKUSDT",
      description = "Pairs (default ${DEFAULT-VALUE}).")
  List<String> symbols;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      description = "Kline interval (default ${DEFAULT-VALUE}; the simulator makes 1m).")
  Interval interval;

  @Option(
      names = "--market",
      defaultValue = "spot",
      description = "spot or futures-um (default ${DEFAULT-VALUE}).")
  Market market;

  @Option(
      names = "--speed",
      defaultValue = "max",
      description =
          "Replay and simulator speed: times real time (1 = as it happened, 60 = an hour a"
              + " minute) or max (default ${DEFAULT-VALUE}).")
  String speed;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = main.settings();
    PrintWriter out = main.out();
    List<String> pairs = Symbols.normaliseAll(symbols);
    Interval iv = interval;
    Market mk = market;
    double pace = speed();
    DetectionWorker.Options workerOptions = worker.options(main.settings());
    try (KlineStore store = Stores.open(settings);
        CandleBus bus = Buses.open(settings, main.clock())) {
      CandleSource feed = source(settings, store, pairs, iv, mk, pace);
      boolean inProcess = StreamRun.inProcess(bus);
      List<AlertSink> sinks = inProcess ? worker.sinks(settings, out) : List.of();
      ModelRegistry registry = inProcess ? Registries.open(settings) : null;
      if (inProcess) {
        // Fail now, in one line, when there is no model to detect with or it takes other candles.
        ModelRef ref = ModelRef.parse(worker.model);
        ModelChoice.resolve(registry, ref, null).requireSeries(ref, mk, iv);
      }
      StreamRun run = new StreamRun(bus, store, registry, sinks, workerOptions, main.clock());
      out.printf(
          "streaming %s to %s%s%n",
          feed.describe(),
          bus.describe(),
          inProcess ? " with a worker in this process (" + worker.model + ")" : "");
      out.flush();
      Thread caller = Thread.currentThread();
      Thread hook = new Thread(caller::interrupt);
      Runtime.getRuntime().addShutdownHook(hook);
      StreamRun.Outcome outcome;
      try {
        outcome = run.run(feed);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting anyway
        }
      }
      WorkerStats.Snapshot s = outcome.worker();
      if (s != null) {
        out.printf(
            Locale.ROOT,
            "%,d candles published; %,d decided (%,d caught up from the store, %,d duplicates,"
                + " %,d without a model), %,d alerts; latency p50 %.1f ms, p99 %.1f ms%n",
            outcome.published(),
            s.decided(),
            s.caughtUp(),
            s.duplicates(),
            s.unscored(),
            s.alerts(),
            s.latencyP50Ms(),
            s.latencyP99Ms());
      } else {
        out.printf("%,d candles published to %s%n", outcome.published(), bus.describe());
      }
    }
    return 0;
  }

  private CandleSource source(
      Settings settings,
      KlineStore store,
      List<String> pairs,
      Interval iv,
      Market mk,
      double pace) {
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    switch (source.toLowerCase(Locale.ROOT)) {
      case "binance" -> {
        return BinanceKlineStream.resuming(settings, store, mk, iv, pairs, main.clock());
      }
      case "replay" -> {
        DateRange range = period.resolve(null, today, 1);
        List<SeriesKey> stored = store.series();
        List<SeriesKey> series = pairs.stream().map(s -> new SeriesKey(mk, s, iv)).toList();
        for (SeriesKey k : series) {
          if (!stored.contains(k)) {
            throw new UserException(
                "no " + k + " candles in the store to replay; collect them first");
          }
        }
        return new ReplaySource(store, series, range.fromMillis(), range.toMillis(), pace);
      }
      case "synthetic" -> {
        if (iv != Interval.M1 || mk != Market.SPOT) {
          throw new UserException("the simulator makes spot 1m candles; drop --interval/--market");
        }
        DateRange range = period.resolve(null, today, 1);
        Instant from = Instant.ofEpochMilli(range.fromMillis());
        int minutes = (int) ((range.toMillis() - range.fromMillis()) / 60_000L);
        Path labels =
            settings.home().resolve("labels").resolve("stream-synthetic-" + seed + ".csv");
        return new SyntheticSource(pairs, from, minutes, seed, pace, labels);
      }
      default ->
          throw new UserException(
              "unknown --source '" + source + "'; use binance, replay or synthetic");
    }
  }

  private double speed() {
    return Pace.parse(speed, "--speed");
  }
}
