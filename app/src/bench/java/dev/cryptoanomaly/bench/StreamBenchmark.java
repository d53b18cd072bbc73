package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.features.FeatureFrame;
import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.simulate.SimulatedMarket;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesDetections;
import dev.cryptoanomaly.store.StoredDecision;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.CandleBus;
import dev.cryptoanomaly.stream.Delivery;
import dev.cryptoanomaly.stream.DetectionWorker;
import dev.cryptoanomaly.stream.InProcessBus;
import dev.cryptoanomaly.stream.Redis;
import dev.cryptoanomaly.stream.RedisBus;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Stream worker throughput and latency at 2,000 symbols, through Redis, through Kafka and
 * in-process, beside a naive per-event baseline (features recomputed from the stored window for
 * every candle, then scored), all in one run. Prints JSON.
 *
 * <p>Usage: {@code StreamBenchmark [symbols] [redis-url] [rounds] [kafka-bootstrap]}; Redis
 * defaults to CRYPTO_ANOMALY_TEST_REDIS_URL or 127.0.0.1:6379, database 14 (emptied); Kafka to
 * CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP or 127.0.0.1:9092, on topics of the run's own.
 */
public final class StreamBenchmark {
  /** Rounds of the flood beside the naive baselines; the medians are reported. */
  private static final int DEFAULT_ROUNDS = 5;

  /**
   * Market minutes of a round: 10 of warm-up and 60 of flood (120,000 candles) for the worker, 12
   * for the naive worker, 8 for the naive step.
   */
  private static final int ROUND = 90;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant START = Instant.parse("2024-05-10T00:00:00Z");

  public static void main(String[] args) throws Exception {
    int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ROUNDS;
    String base =
        args.length > 1
            ? args[1]
            : System.getenv()
                .getOrDefault("CRYPTO_ANOMALY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    String redisUrl = base + "/14";
    String kafkaServers =
        args.length > 3
            ? args[3]
            : System.getenv().getOrDefault("CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    Path home = Files.createTempDirectory("stream-bench");
    try {
      Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
      BenchRuns.trainSmallModel(env, CLOCK);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < symbols; i++) {
        names.add(String.format("S%04dUSDT", i));
      }
      // Minutes of the simulated market, each used once: runs for the JIT (90), five rounds of
      // the Redis worker's flood beside the naive worker and the naive step, the paced Redis run
      // (10 of warm-up, then 150 at 50,000 candles/s: 6 s), the in-process run (70), the Kafka
      // run (10 of warm-up, 60 of flood, 150 paced).
      int minutes = 90 + rounds * ROUND + 160 + 70 + 220;
      SimulatedMarket market = new MarketSimulator(5).simulate(names, START, minutes);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("symbols", symbols);
      out.put("rounds", rounds);
      try (KlineStore store = SqliteKlineStore.open(home)) {
        for (String s : names) {
          store.write(key(s), market.klines().get(s), null);
        }
        // The bulk load leaves its candles in the write-ahead log (about 250 MB): copy them into
        // the database before measuring, as they are once a collector has finished, instead of
        // letting the first rounds share the machine with that checkpoint.
        try (Connection c =
                SqliteKlineStore.dataSource(SqliteKlineStore.file(home)).getConnection();
            Statement st = c.createStatement()) {
          st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        // A whole run of each contender first, not reported: the JIT compiles the worker's, the
        // baselines', the bus's and the store's paths (a first run measured a third slower than
        // the same run repeated).
        run(store, home, redisBus(redisUrl), market, names, Minutes.of(0, 30, 30, 10), redisUrl);
        naiveWorker(store, home, redisBus(redisUrl), market, names, 70, redisUrl);
        naive(store, home, market, names, 82);
        // Then rounds, each the worker's flood through Redis and right after it the naive worker
        // and the naive step on the next minutes: on a shared machine, a slow moment then slows
        // both sides of one round, and the medians of the rounds are what is reported.
        List<Map<String, Object>> floods = new ArrayList<>();
        List<Map<String, Object>> naiveWorkers = new ArrayList<>();
        List<Map<String, Object>> naiveSteps = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> stepRatios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          int b = 90 + round * ROUND;
          Map<String, Object> flood =
              run(
                  store,
                  home,
                  redisBus(redisUrl),
                  market,
                  names,
                  Minutes.of(b, 10, 60, 0),
                  redisUrl);
          Map<String, Object> naiveWorker =
              naiveWorker(store, home, redisBus(redisUrl), market, names, b + 70, redisUrl);
          Map<String, Object> naiveStep = naive(store, home, market, names, b + 82);
          floods.add(flood);
          naiveWorkers.add(naiveWorker);
          naiveSteps.add(naiveStep);
          ratios.add(number(flood, "flood_candles_per_s") / number(naiveWorker, "candles_per_s"));
          stepRatios.add(number(flood, "flood_candles_per_s") / number(naiveStep, "candles_per_s"));
        }
        int b = 90 + rounds * ROUND;
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("flood_candles_per_s", median(floods, "flood_candles_per_s"));
        redis.putAll(
            run(
                store,
                home,
                redisBus(redisUrl),
                market,
                names,
                Minutes.of(b, 10, 0, 150),
                redisUrl));
        redis.put("flood_rounds", floods);
        out.put("redis", redis);
        out.put(
            "in_process",
            run(
                store,
                home,
                new InProcessBus(),
                market,
                names,
                Minutes.of(b + 160, 10, 30, 30),
                null));
        Map<String, Object> kafka =
            run(
                store,
                home,
                kafkaBus(kafkaServers),
                market,
                names,
                Minutes.of(b + 230, 10, 60, 150),
                null);
        out.put("kafka", kafka);
        out.put(
            "kafka_flood_vs_redis_flood",
            number(kafka, "flood_candles_per_s") / number(redis, "flood_candles_per_s"));
        out.put(
            "naive_worker_redis",
            Map.of("candles_per_s", median(naiveWorkers, "candles_per_s"), "rounds", naiveWorkers));
        out.put(
            "naive_per_event",
            Map.of("candles_per_s", median(naiveSteps, "candles_per_s"), "rounds", naiveSteps));
        out.put("redis_worker_vs_naive_worker", median(ratios));
        out.put("redis_worker_vs_naive_worker_rounds", ratios);
        out.put("redis_worker_vs_naive_per_event", median(stepRatios));
        out.put("redis_worker_vs_naive_per_event_rounds", stepRatios);
        out.put(
            "decide_step_vs_naive_per_event",
            number((Map<?, ?>) out.get("in_process"), "flood_decide_candles_per_s")
                / median(naiveSteps, "candles_per_s"));
      }
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } finally {
      BenchRuns.deleteTree(home);
    }
  }

  /** The Kafka bus on topics of this run's own (4 partitions, the default replication). */
  private static CandleBus kafkaBus(String servers) {
    return new KafkaBus(
        new Settings.Kafka(
            java.util.Optional.of(servers),
            4,
            java.util.Optional.empty(),
            "bench-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "."));
  }

  private static SeriesKey key(String s) {
    return new SeriesKey(Market.SPOT, s, Interval.M1);
  }

  static List<CandleEvent> events(SimulatedMarket market, List<String> names, int from, int to) {
    List<CandleEvent> events = new ArrayList<>();
    for (int m = from; m < to; m++) {
      for (String s : names) {
        events.add(new CandleEvent(key(s), market.klines().get(s).get(m), 0));
      }
    }
    return events;
  }

  /**
   * The market minutes of one worker run: warm-up from {@code warm}, the flood from {@code flood},
   * the paced part from {@code paced} to {@code end} (a part of no minutes is skipped).
   */
  record Minutes(int warm, int flood, int paced, int end) {
    static Minutes of(int from, int warmMinutes, int floodMinutes, int pacedMinutes) {
      int flood = from + warmMinutes;
      int paced = flood + floodMinutes;
      return new Minutes(from, flood, paced, paced + pacedMinutes);
    }
  }

  static Map<String, Object> run(
      KlineStore store,
      Path home,
      CandleBus bus,
      SimulatedMarket market,
      List<String> names,
      Minutes minutes,
      String redisUrl)
      throws Exception {
    if (redisUrl != null) {
      emptyRedis(redisUrl);
    }
    Gate gate = new Gate(bus.subscribe("bench"));
    DetectionWorker worker =
        new DetectionWorker(
            gate,
            store,
            new LocalModelRegistry(home),
            List.of(),
            new DetectionWorker.Options(
                ModelRef.parse("crypto-anomaly@champion"),
                DetectionWorker.Options.DEFAULT_BATCH,
                Duration.ofSeconds(60),
                Duration.ofMillis(20)),
            Clock.systemUTC());
    Thread loop = Thread.ofPlatform().start(worker);
    // Warm-up, not measured: each series' first candle rebuilds its state from the store (and
    // decides what it missed while other runs used the store).
    List<CandleEvent> warm = stamp(events(market, names, minutes.warm(), minutes.flood()));
    bus.publish(warm);
    awaitHandled(worker, warm.size());
    // The flood is queued on the bus while the worker is held, then read as fast as it can: the
    // worker's own rate, not shared with a publisher on the same two cores (the naive worker is
    // measured the same way).
    gate.hold();
    List<CandleEvent> flood = events(market, names, minutes.flood(), minutes.paced());
    List<CandleEvent> stamped = stamp(flood);
    long p0 = System.nanoTime();
    bus.publish(stamped);
    double publishSeconds = (System.nanoTime() - p0) / 1e9;
    worker.stats().resetTimings();
    long t0 = System.nanoTime();
    gate.open();
    awaitHandled(worker, warm.size() + flood.size());
    double floodSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> floodStats = worker.stats().snapshot().toMap();
    worker.stats().resetTimings();
    // Paced at 50,000 candles/s in slices of 500 every 10 ms.
    List<CandleEvent> paced = events(market, names, minutes.paced(), minutes.end());
    long start = System.nanoTime();
    for (int i = 0; i < paced.size(); i += 500) {
      long due = start + (i / 500) * 10_000_000L;
      // Parked, not spinning: a spinning publisher would take one of the machine's cores
      // away from Redis and the worker.
      for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      bus.publish(stamp(paced.subList(i, Math.min(paced.size(), i + 500))));
    }
    awaitHandled(worker, warm.size() + flood.size() + paced.size());
    double pacedSeconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> stats = worker.stats().snapshot().toMap();
    worker.stop();
    loop.join();
    bus.close();
    Map<String, Object> r = new LinkedHashMap<>();
    if (!flood.isEmpty()) {
      r.put("flood_candles", flood.size());
      r.put("flood_candles_per_s", flood.size() / floodSeconds);
      r.put("flood_publish_candles_per_s", flood.size() / publishSeconds);
      r.put(
          "flood_decide_candles_per_s",
          flood.size() / ((Number) floodStats.get("seconds_deciding")).doubleValue());
      for (String stage : List.of("reading", "deciding", "storing", "announcing_and_acking")) {
        r.put("flood_worker_seconds_" + stage, floodStats.get("seconds_" + stage));
      }
    }
    if (paced.isEmpty()) {
      return r;
    }
    r.put("paced_candles", paced.size());
    r.put("paced_target_per_s", 50_000);
    r.put("paced_achieved_per_s", paced.size() / pacedSeconds);
    r.put("paced_latency_p50_ms", stats.get("latency_p50_ms"));
    r.put("paced_latency_p99_ms", stats.get("latency_p99_ms"));
    r.put("paced_latency_max_ms", stats.get("latency_max_ms"));
    r.put("alerts", stats.get("alerts"));
    r.put("failures", stats.get("failures"));
    r.put("caught_up", stats.get("caught_up"));
    return r;
  }

  /**
   * A subscription the benchmark can hold shut, so that a flood is queued on the bus before the
   * worker reads any of it.
   */
  private static final class Gate implements CandleBus.Subscription {
    private final CandleBus.Subscription inner;
    private volatile boolean held;

    Gate(CandleBus.Subscription inner) {
      this.inner = inner;
    }

    /** Holds the worker, and returns once a poll that may have been under way is over. */
    void hold() throws InterruptedException {
      held = true;
      Thread.sleep(200);
    }

    void open() {
      held = false;
    }

    @Override
    public List<Delivery> poll(int max, Duration maxWait) throws InterruptedException {
      if (held) {
        Thread.sleep(1);
        return List.of();
      }
      return inner.poll(max, maxWait);
    }

    @Override
    public void ack(List<Delivery> done) {
      inner.ack(done);
    }

    @Override
    public void recover() {
      inner.recover();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  static List<CandleEvent> stamp(List<CandleEvent> events) {
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

  private static void emptyRedis(String url) {
    try (var redis = Redis.open(url)) {
      redis.flushDB();
    }
  }

  static RedisBus redisBus(String url) {
    return new RedisBus(Redis.open(url), "bench", Clock.systemUTC());
  }

  private static double number(Map<?, ?> result, String measure) {
    return ((Number) result.get(measure)).doubleValue();
  }

  private static double median(List<Map<String, Object>> rounds, String measure) {
    return median(rounds.stream().map(r -> number(r, measure)).toList());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * The naive worker through the same Redis bus and store: per candle, read its window from the
   * store, recompute its features and score; then store the batch's decisions (under the model name
   * naive-baseline) and acknowledge, as the real worker does.
   */
  private static Map<String, Object> naiveWorker(
      KlineStore store,
      Path home,
      CandleBus bus,
      SimulatedMarket market,
      List<String> names,
      int from,
      String redisUrl)
      throws InterruptedException {
    emptyRedis(redisUrl);
    TrainedModel model = new LocalModelRegistry(home).load("crypto-anomaly", 1);
    FeatureJob job = new FeatureJob(store);
    CandleBus.Subscription sub = bus.subscribe("naive");
    long done = 0;
    List<CandleEvent> warm = stamp(events(market, names, from, from + 2));
    List<CandleEvent> measured = events(market, names, from + 2, from + 12);
    bus.publish(warm);
    long t0 = 0;
    while (done < warm.size() + measured.size()) {
      if (done == warm.size() && t0 == 0) {
        // Queued first, then timed, as the worker's flood.
        bus.publish(stamp(measured));
        t0 = System.nanoTime();
      }
      List<Delivery> batch = sub.poll(DetectionWorker.Options.DEFAULT_BATCH, Duration.ofMillis(20));
      Map<SeriesKey, List<StoredDecision>> decisions = new LinkedHashMap<>();
      long now = CandleEvent.micros(Clock.systemUTC());
      for (Delivery d : batch) {
        for (CandleEvent e : d.events()) {
          double score = naiveScore(job, model, e);
          boolean valid = !Double.isNaN(score);
          double p =
              valid ? model.calibration().tailProbability(e.series().symbol(), score) : Double.NaN;
          decisions
              .computeIfAbsent(e.series(), x -> new ArrayList<>())
              .add(
                  new StoredDecision(
                      e.kline().openTime(),
                      score,
                      p,
                      false,
                      valid ? null : "warmup",
                      null,
                      e.publishedMicros(),
                      now));
          done++;
        }
      }
      List<SeriesDetections> parts = new ArrayList<>();
      decisions.forEach((k, v) -> parts.add(new SeriesDetections(k, v, List.of())));
      store.writeDetections("naive-baseline", 1, parts);
      sub.ack(batch);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sub.close();
    bus.close();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("candles", measured.size());
    r.put("candles_per_s", measured.size() / seconds);
    return r;
  }

  /**
   * The naive step: read the candle's window from the store, recompute its features, score it (NaN
   * when the row cannot be scored).
   */
  private static double naiveScore(FeatureJob job, TrainedModel model, CandleEvent e) {
    long t = e.kline().openTime();
    FeatureFrame f =
        job.compute(e.series(), model.spec(), t, e.series().interval().next(t)).frame();
    return f.rows() == 1 && f.valid(0) ? model.detector().score(f.row(0)) : Double.NaN;
  }

  /** The sum of the naive scores of {@code events} (a checksum that keeps the work alive). */
  private static double naiveScores(FeatureJob job, TrainedModel model, List<CandleEvent> events) {
    double sum = 0;
    for (CandleEvent e : events) {
      double score = naiveScore(job, model, e);
      if (!Double.isNaN(score)) {
        sum += score;
      }
    }
    return sum;
  }

  /** For each candle: read its window from the store, compute its features, score it. */
  private static Map<String, Object> naive(
      KlineStore store, Path home, SimulatedMarket market, List<String> names, int from) {
    TrainedModel model = new LocalModelRegistry(home).load("crypto-anomaly", 1);
    FeatureJob job = new FeatureJob(store);
    double sink = naiveScores(job, model, events(market, names, from, from + 2)); // warm-up
    List<CandleEvent> sample = events(market, names, from + 2, from + 8);
    long t0 = System.nanoTime();
    sink += naiveScores(job, model, sample);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("candles", sample.size());
    r.put("candles_per_s", sample.size() / seconds);
    r.put("checksum", sink);
    return r;
  }
}
