package dev.cryptoanomaly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.flink.DetectionJob;
import dev.cryptoanomaly.flink.JobSettings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.simulate.MarketSimulator;
import dev.cryptoanomaly.simulate.SimulatedMarket;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink job at 2,000 symbols through Kafka, at parallelism 1 and 2, beside the Redis worker in
 * the same run: the sustained rate of a flood queued on the topic, and p50/p99 from publication to
 * the decision stored while candles arrive at 50,000 a second; then the backfill of the stored
 * period at parallelism 1 and 2 (the scaling ratio). Prints JSON.
 *
 * <p>Usage: {@code FlinkBenchmark [symbols] [kafka-bootstrap] [redis-url]}; defaults 2,000,
 * CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP or 127.0.0.1:9092, CRYPTO_ANOMALY_TEST_REDIS_URL or
 * 127.0.0.1:6379 (database 14, emptied).
 */
public final class FlinkBenchmark {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneOffset.UTC);
  private static final Instant START = Instant.parse("2024-05-10T00:00:00Z");

  /** Market minutes of one run: 10 of warm-up, 30 of flood, 60 paced at 50,000 candles/s. */
  private static final int WARM = 10;

  private static final int FLOOD = 30;
  private static final int PACED = 60;
  private static final int RUN = WARM + FLOOD + PACED;

  public static void main(String[] args) throws Exception {
    int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    String kafka =
        args.length > 1
            ? args[1]
            : System.getenv().getOrDefault("CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    String redisBase =
        args.length > 2
            ? args[2]
            : System.getenv()
                .getOrDefault("CRYPTO_ANOMALY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    Path home = Files.createTempDirectory("flink-bench");
    try {
      Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
      BenchRuns.trainSmallModel(env, CLOCK);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < symbols; i++) {
        names.add(String.format("S%04dUSDT", i));
      }
      // The minutes of the simulated market, each used once: the Redis worker's run, then the
      // job's at parallelism 1 and at 2.
      int minutes = 3 * RUN;
      SimulatedMarket market = new MarketSimulator(5).simulate(names, START, minutes);
      List<SeriesKey> series = names.stream().map(FlinkBenchmark::key).toList();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("symbols", symbols);
      out.put("flood_candles", FLOOD * symbols);
      out.put("paced_candles", PACED * symbols);
      out.put("paced_target_per_s", 50_000);
      try (KlineStore store = SqliteKlineStore.open(home)) {
        for (String s : names) {
          store.write(key(s), market.klines().get(s), null);
        }
        String redisUrl = redisBase + "/14";
        Map<String, Object> redis =
            StreamBenchmark.run(
                store,
                home,
                StreamBenchmark.redisBus(redisUrl),
                market,
                names,
                StreamBenchmark.Minutes.of(0, WARM, FLOOD, PACED),
                redisUrl);
        out.put("redis_worker", redis);
        Settings base = Settings.fromMap(env, home);
        Map<String, Object> p1 = live(base, kafka, store, market, names, RUN, 1);
        Map<String, Object> p2 = live(base, kafka, store, market, names, 2 * RUN, 2);
        out.put("flink_parallelism_1", p1);
        out.put("flink_parallelism_2", p2);
        out.put(
            "flink_p1_flood_vs_redis_worker",
            number(p1, "flood_candles_per_s") / number(redis, "flood_candles_per_s"));
        out.put(
            "flink_p2_vs_p1_flood",
            number(p2, "flood_candles_per_s") / number(p1, "flood_candles_per_s"));
        long from = START.toEpochMilli();
        long to = from + minutes * 60_000L;
        Map<String, Object> b1 = backfill(base, series, from, to, 1);
        Map<String, Object> b2 = backfill(base, series, from, to, 2);
        out.put("backfill_parallelism_1", b1);
        out.put("backfill_parallelism_2", b2);
        out.put("backfill_p2_vs_p1", number(b2, "candles_per_s") / number(b1, "candles_per_s"));
      }
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } finally {
      BenchRuns.deleteTree(home);
    }
  }

  /** The live job on topics of its own: warm-up, a flood queued on the topic, a paced part. */
  private static Map<String, Object> live(
      Settings base,
      String servers,
      KlineStore store,
      SimulatedMarket market,
      List<String> names,
      int from,
      int parallelism)
      throws Exception {
    Settings.Kafka kafka =
        new Settings.Kafka(
            Optional.of(servers),
            4,
            Optional.empty(),
            "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    Map<String, String> values = new LinkedHashMap<>(base.toValues());
    values.put(Settings.KAFKA_BOOTSTRAP_SERVERS, servers);
    values.put(Settings.KAFKA_PARTITIONS, "4");
    values.put(Settings.KAFKA_TOPIC_PREFIX, kafka.topicPrefix());
    JobSettings job = JobSettings.of(values, base.home(), "crypto-anomaly@champion");
    // Accumulators reach the job manager with the task managers' heartbeats (every 10 s by
    // default): every 100 ms, the counts read here lag the job by at most that.
    Configuration conf = new Configuration();
    conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(100));
    StreamExecutionEnvironment env =
        DetectionJob.localEnvironment(parallelism, Duration.ofSeconds(5), conf);
    DetectionJob.live(env, job);
    JobClient client = env.executeAsync("bench p" + parallelism);
    Map<String, Object> r = new LinkedHashMap<>();
    try (KafkaBus bus = new KafkaBus(kafka)) {
      List<CandleEvent> warm =
          StreamBenchmark.stamp(StreamBenchmark.events(market, names, from, from + WARM));
      bus.publish(warm);
      long target = warm.size();
      awaitDecided(client, target);
      // The flood is published as fast as the producer goes while the job reads: the sustained
      // rate is the flood over the time from its first candle published to its last stored.
      List<CandleEvent> flood =
          StreamBenchmark.stamp(
              StreamBenchmark.events(market, names, from + WARM, from + WARM + FLOOD));
      long t0 = System.nanoTime();
      bus.publish(flood);
      target += flood.size();
      awaitDecided(client, target);
      double floodSeconds = (System.nanoTime() - t0) / 1e9;
      r.put("flood_candles_per_s", flood.size() / floodSeconds);
      Thread.sleep(500); // every flood decision's latency reported before the snapshot
      TreeMap<Integer, Integer> before = latencies(client);
      List<CandleEvent> paced =
          StreamBenchmark.events(market, names, from + WARM + FLOOD, from + RUN);
      long start = System.nanoTime();
      for (int i = 0; i < paced.size(); i += 500) {
        long due = start + (i / 500) * 10_000_000L;
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
        bus.publish(StreamBenchmark.stamp(paced.subList(i, Math.min(paced.size(), i + 500))));
      }
      target += paced.size();
      awaitDecided(client, target);
      double pacedSeconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(500);
      Histogram during = new Histogram(3);
      minus(latencies(client), before)
          .forEach((ms, n) -> during.recordValueWithCount(Math.max(0, ms), n));
      r.put("paced_achieved_per_s", paced.size() / pacedSeconds);
      r.put("paced_latency_p50_ms", during.getValueAtPercentile(50));
      r.put("paced_latency_p99_ms", during.getValueAtPercentile(99));
      r.put("paced_latency_max_ms", during.getMaxValue());
    } finally {
      client.cancel().get();
    }
    return r;
  }

  private static Map<String, Object> backfill(
      Settings base, List<SeriesKey> series, long from, long to, int parallelism) throws Exception {
    JobSettings job = JobSettings.of(base.toValues(), base.home(), "crypto-anomaly@champion");
    StreamExecutionEnvironment env =
        DetectionJob.localEnvironment(parallelism, Duration.ofMinutes(10));
    DetectionJob.backfill(env, job, series, from, to);
    long t0 = System.nanoTime();
    var result = env.execute("bench backfill p" + parallelism);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long decided =
        ((Number) result.getAllAccumulatorResults().get(DetectionJob.DECIDED)).longValue();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("candles", decided);
    r.put("seconds", seconds);
    r.put("candles_per_s", decided / seconds);
    return r;
  }

  private static void awaitDecided(JobClient client, long target) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (decided(client) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the job decided " + decided(client) + " of " + target);
      }
      Thread.sleep(20);
    }
  }

  private static long decided(JobClient client) throws Exception {
    Object v = client.getAccumulators().get().get(DetectionJob.DECIDED);
    return v instanceof Number n ? n.longValue() : 0;
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<Integer, Integer> latencies(JobClient client) throws Exception {
    Object v = client.getAccumulators().get().get(DetectionJob.STORED_LATENCY);
    return v instanceof Map<?, ?> m ? new TreeMap<>((Map<Integer, Integer>) m) : new TreeMap<>();
  }

  private static TreeMap<Integer, Integer> minus(
      TreeMap<Integer, Integer> after, TreeMap<Integer, Integer> before) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    after.forEach(
        (ms, n) -> {
          int d = n - before.getOrDefault(ms, 0);
          if (d > 0) {
            out.put(ms, d);
          }
        });
    return out;
  }

  private static double number(Map<?, ?> result, String measure) {
    return ((Number) result.get(measure)).doubleValue();
  }

  private static SeriesKey key(String s) {
    return new SeriesKey(Market.SPOT, s, Interval.M1);
  }
}
