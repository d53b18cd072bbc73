package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.simulate.SimulatedMarket;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.CandleEvent;
import dev.cryptoanomaly.stream.DetectionWorker;
import dev.cryptoanomaly.stream.InProcessBus;
import dev.cryptoanomaly.stream.Redis;
import dev.cryptoanomaly.stream.RedisBus;
import dev.cryptoanomaly.train.TrainedModel;
import dev.cryptoanomaly.train.registry.LocalModelRegistry;
import dev.cryptoanomaly.train.registry.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream worker throughput and latency at 2,000 symbols, through Redis and in-process, beside a
 * naive per-event baseline (features recomputed from the stored window for every candle, then
 * scored), all in one run. Prints JSON.
 *
 * <p>Usage: {@code StreamBenchmark [symbols] [redis-url]}; Redis defaults to
 * CRYPTO_ANOMALY_TEST_REDIS_URL or 127.0.0.1:6379, database 14 (emptied).
 */
public final class StreamBenchmark {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant START = Instant.parse("2024-05-10T00:00:00Z");

  public static void main(String[] args) throws Exception {
    int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    String base =
        args.length > 1
            ? args[1]
            : System.getenv()
                .getOrDefault("CRYPTO_ANOMALY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    String redisUrl = base + "/14";
    Path home = Files.createTempDirectory("stream-bench");
    try {
      Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
      BenchRuns.cli(
          env,
          CLOCK,
          "collect",
          "--source",
          "synthetic",
          "--seed",
          "3",
          "--symbols",
          "BTCUSDT,ETHUSDT,SOLUSDT",
          "--start",
          "2024-05-01",
          "--end",
          "2024-05-04");
      BenchRuns.cli(env, CLOCK, "train", "--model", "gmm", "--clusters", "3");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < symbols; i++) {
        names.add(String.format("S%04dUSDT", i));
      }
      int minutes = 240;
      SimulatedMarket market = new MarketSimulator(5).simulate(names, START, minutes);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("symbols", symbols);
      try (KlineStore store = SqliteKlineStore.open(home)) {
        for (String s : names) {
          store.write(key(s), market.klines().get(s), null);
        }
        // Minutes 60-120 flood, 120-180 paced; model version 1 over Redis, then the same
        // candles in-process for a second store-equivalent run on minutes 180-240.
        out.put(
            "redis",
            run(
                store,
                home,
                new RedisBus(Redis.open(redisUrl), "bench", Clock.systemUTC()),
                market,
                names,
                60,
                120,
                180,
                redisUrl));
        out.put(
            "in_process", run(store, home, new InProcessBus(), market, names, 180, 210, 240, null));
        out.put("naive_per_event", naive(store, home, market, names));
      }
      double worker = (double) ((Map<?, ?>) out.get("redis")).get("flood_candles_per_s");
      double naive = (double) ((Map<?, ?>) out.get("naive_per_event")).get("candles_per_s");
      out.put("redis_worker_vs_naive", worker / naive);
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } finally {
      BenchRuns.deleteTree(home);
    }
  }

  private static SeriesKey key(String s) {
    return new SeriesKey(Market.SPOT, s, Interval.M1);
  }

  private static List<CandleEvent> events(
      SimulatedMarket market, List<String> names, int from, int to) {
    List<CandleEvent> events = new ArrayList<>();
    for (int m = from; m < to; m++) {
      for (String s : names) {
        events.add(new CandleEvent(key(s), market.klines().get(s).get(m), 0));
      }
    }
    return events;
  }

  private static Map<String, Object> run(
      KlineStore store,
      Path home,
      CandleBus bus,
      SimulatedMarket market,
      List<String> names,
      int floodFrom,
      int pacedFrom,
      int pacedTo,
      String redisUrl)
      throws Exception {
    if (redisUrl != null) {
      try (var redis = Redis.open(redisUrl)) {
        redis.flushDB();
      }
    }
    DetectionWorker worker =
        new DetectionWorker(
            bus.subscribe("bench"),
            store,
            new LocalModelRegistry(home),
            List.of(),
            new DetectionWorker.Options(
                ModelRef.parse("crypto-anomaly@champion"),
                5_000,
                Duration.ofSeconds(60),
                Duration.ofMillis(20)),
            Clock.systemUTC());
    Thread loop = Thread.ofPlatform().start(worker);
    // Warm-up: each series' first candle rebuilds its state from the store.
    List<CandleEvent> warm = stamp(events(market, names, floodFrom - 1, floodFrom));
    bus.publish(warm);
    awaitHandled(worker, warm.size());
    List<CandleEvent> flood = events(market, names, floodFrom, pacedFrom);
    long t0 = System.nanoTime();
    bus.publish(stamp(flood));
    awaitHandled(worker, warm.size() + flood.size());
    double floodSeconds = (System.nanoTime() - t0) / 1e9;
    worker.stats().resetLatency();
    // Paced at 50,000 candles/s in slices of 500 every 10 ms.
    List<CandleEvent> paced = events(market, names, pacedFrom, pacedTo);
    long start = System.nanoTime();
    for (int i = 0; i < paced.size(); i += 500) {
      long due = start + (i / 500) * 10_000_000L;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      bus.publish(stamp(paced.subList(i, Math.min(paced.size(), i + 500))));
    }
    awaitHandled(worker, warm.size() + flood.size() + paced.size());
    double pacedSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> stats = worker.stats().snapshot();
    worker.stop();
    loop.join();
    bus.close();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("flood_candles", flood.size());
    r.put("flood_candles_per_s", flood.size() / floodSeconds);
    r.put("paced_candles", paced.size());
    r.put("paced_target_per_s", 50_000);
    r.put("paced_achieved_per_s", paced.size() / pacedSeconds);
    r.put("paced_latency_p50_ms", stats.get("latency_p50_ms"));
    r.put("paced_latency_p99_ms", stats.get("latency_p99_ms"));
    r.put("paced_latency_max_ms", stats.get("latency_max_ms"));
    r.put("alerts", stats.get("alerts"));
    return r;
  }

  private static List<CandleEvent> stamp(List<CandleEvent> events) {
    long now = CandleEvent.micros(Clock.systemUTC());
    List<CandleEvent> out = new ArrayList<>(events.size());
    for (CandleEvent e : events) {
      out.add(new CandleEvent(e.series(), e.kline(), now));
    }
    return out;
  }

  private static void awaitHandled(DetectionWorker worker, long n) throws InterruptedException {
    while (worker.stats().handled.sum() < n) {
      Thread.sleep(1);
    }
  }

  /** For each candle: read its window from the store, compute its features, score it. */
  private static Map<String, Object> naive(
      KlineStore store, Path home, SimulatedMarket market, List<String> names) {
    TrainedModel model = new LocalModelRegistry(home).load("crypto-anomaly", 1);
    FeatureJob job = new FeatureJob(store);
    List<CandleEvent> sample = events(market, names, 200, 203);
    long t0 = System.nanoTime();
    double sink = 0;
    for (CandleEvent e : sample) {
      Kline k = e.kline();
      FeatureFrame f =
          job.compute(e.series(), model.spec(), k.openTime(), k.openTime() + 60_000).frame();
      if (f.rows() == 1 && f.valid(0)) {
        sink += model.detector().score(f.row(0));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("candles", sample.size());
    r.put("candles_per_s", sample.size() / seconds);
    r.put("checksum", sink);
    return r;
  }
}
