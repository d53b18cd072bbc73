package dev.cryptoanomaly.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TestKafka;
import dev.cryptoanomaly.testkit.TrainedHomes;
import dev.cryptoanomaly.testkit.WorkerFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job on a local mini cluster with checkpoints, reading a real Kafka broker: over two
 * days, the second with a market shock, it stores exactly the alerts and incidents {@code detect}
 * finds for the same days and model, each candle decided once, and announces every alert and every
 * incident of several symbols once; and a job that fails mid-run (an exception injected after a
 * checkpoint) restarts from that checkpoint with every candle still decided once and every alert
 * and incident once in the alerts topic as {@code read_committed} readers see it.
 */
@Tag("kafka")
@Tag("slow")
class FlinkDetectionTest {
  static final long DAY = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
  static final long END = DAY + 86_400_000L;

  @TempDir static Path trained;

  /** Two days, the second with a market shock, which makes incidents of several symbols. */
  static final long TWO_DAYS_END = END + 86_400_000L;

  @TempDir static Path shocked;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained);
    TrainedHomes.create(shocked, "spec", 3);
  }

  @Test
  void theJobStoresWhatDetectFindsAndAnnouncesEachAlertOnce(@TempDir Path a, @TempDir Path b)
      throws Exception {
    runAndCompare(a, b, false);
  }

  @Test
  void aJobFailedAfterACheckpointRestartsFromItWithEveryCandleAndAlertOnce(
      @TempDir Path a, @TempDir Path b) throws Exception {
    runAndCompare(a, b, true);
    assertThat(FailOnce.failed.get()).as("the injected failure happened").isTrue();
  }

  @Test
  void aChampionPromotedMidRunTakesOverWithoutARestart(@TempDir Path a) throws Exception {
    Path home = TrainedHomes.copy(trained, a);
    Map<String, String> env = new HashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result v2 =
        Cli.run(
            env,
            TrainedHomes.CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "4",
            "--start",
            "2024-05-01",
            "--end",
            "2024-05-05");
    assertThat(v2.out()).contains("registered crypto-anomaly@2");
    Settings.Kafka kafka = TestKafka.fresh(2);
    env.putAll(TestKafka.env(kafka));
    Settings settings = Settings.fromMap(env, home);
    SeriesKey btc = series("BTCUSDT");
    JobSettings job =
        JobSettings.of(settings.toValues(), home, "crypto-anomaly@champion").refreshingEvery(200);
    StreamExecutionEnvironment flink = DetectionJob.localEnvironment(2, Duration.ofSeconds(1));
    DetectionJob.live(flink, job);
    JobClient client = flink.executeAsync("champion");
    try (KlineStore store = SqliteKlineStore.open(home);
        KafkaBus bus = new KafkaBus(kafka)) {
      List<dev.cryptoanomaly.kline.Kline> candles = store.read(btc, DAY, END);
      bus.publish(events(btc, candles.subList(0, 600)));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> store.decisions(btc, "crypto-anomaly", 1, DAY, END).size() == 600);
      Cli.Result promote =
          Cli.run(env, TrainedHomes.CLOCK, "models", "promote", "crypto-anomaly", "2", "--force");
      assertThat(promote.exit()).as(promote.err()).isZero();
      Thread.sleep(1_000);
      bus.publish(events(btc, candles.subList(600, candles.size())));
      long split = candles.get(600).openTime();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> store.decisions(btc, "crypto-anomaly", 2, split, END).size() == 840);
      assertThat(store.decisions(btc, "crypto-anomaly", 1, DAY, split)).hasSize(600);
      assertThat(store.decisions(btc, "crypto-anomaly", 1, split, END)).isEmpty();
    } finally {
      client.cancel().get();
    }
  }

  private static List<CandleEvent> events(
      SeriesKey series, List<dev.cryptoanomaly.kline.Kline> ks) {
    return ks.stream()
        .map(k -> new CandleEvent(series, k, CandleEvent.micros(Clock.systemUTC())))
        .toList();
  }

  private static void runAndCompare(Path a, Path b, boolean fail) throws Exception {
    Path batchHome = TrainedHomes.copy(shocked, a);
    Path streamHome = TrainedHomes.copy(shocked, b);
    TrainedHomes.detect(batchHome, "2024-05-06", "2024-05-07");

    Settings.Kafka kafka = TestKafka.fresh(4);
    Settings settings = TestKafka.settings(kafka, streamHome);
    List<CandleEvent> events;
    try (KlineStore store = SqliteKlineStore.open(streamHome)) {
      events = WorkerFixture.events(store, 2); // in time order, as a live feed
    }
    FailOnce.failed.set(false);
    FailOnce.armed.set(fail);
    StreamExecutionEnvironment flink = DetectionJob.localEnvironment(2, Duration.ofSeconds(1));
    DetectionJob.live(
        flink,
        JobSettings.of(settings.toValues(), streamHome, "crypto-anomaly@champion"),
        candles -> candles.map(new FailOnce()).returns(candles.getType()).name("fail-once"));
    JobClient job = flink.executeAsync("test");
    // The first half, then (after a checkpoint has covered some of it) the second: the injected
    // failure strikes mid-run, with decisions and announcements on both sides of the checkpoint.
    int half = events.size() / 2;
    try (KlineStore store = SqliteKlineStore.open(streamHome);
        KafkaBus bus = new KafkaBus(kafka)) {
      bus.publish(events.subList(0, half));
      await().atMost(Duration.ofSeconds(120)).until(() -> WorkerFixture.decided(store) >= half);
      Thread.sleep(2_500);
      bus.publish(events.subList(half, events.size()));
    }
    try (KlineStore store = SqliteKlineStore.open(streamHome)) {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> WorkerFixture.decided(store) == events.size());
      Map<String, Integer> announced = new HashMap<>();
      List<StoredAnomaly> groups = anomalies(store);
      // Announcements reach read_committed readers at the next checkpoint.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                announced.clear();
                List<TestKafka.Announced> records = TestKafka.announced(kafka);
                assertThat(records)
                    .allMatch(
                        r ->
                            r.kind()
                                .equals(
                                    r.key().startsWith("incident:")
                                        ? AlertRecord.INCIDENT
                                        : AlertRecord.ALERT));
                announced.putAll(TestKafka.countByKey(records));
                return groups.stream()
                        .allMatch(
                            g ->
                                announced.keySet().stream()
                                    .anyMatch(k -> k.contains(":" + g.firstHit() + ":")))
                    && multiSymbolIncidents(store).stream()
                        .allMatch(i -> announced.containsKey("incident:" + i.id()));
              });
      WorkerFixture.assertEachDecidedOnce(store, events);
      assertThat(announced).isNotEmpty();
      assertThat(announced.values())
          .as("each alert once in the topic: %s", announced)
          .allMatch(n -> n == 1);
      assertThat(groups).isNotEmpty();
    } finally {
      job.cancel().get();
    }
    assertThat(withoutDetectionTime(streamHome)).isEqualTo(withoutDetectionTime(batchHome));
    assertThat(incidents(streamHome)).isEqualTo(incidents(batchHome));
    try (KlineStore store = SqliteKlineStore.open(batchHome)) {
      assertThat(multiSymbolIncidents(store)).as("the day has market-wide moves").isNotEmpty();
    }
  }

  private static final IncidentSource SOURCE =
      new IncidentSource(Market.SPOT, Interval.M1, "crypto-anomaly", 1);

  /** The day's stored incidents without their ids and times of update (they differ by nature). */
  private static List<String> incidents(Path home) {
    try (KlineStore store = SqliteKlineStore.open(home)) {
      return store.incidents(SOURCE, DAY, TWO_DAYS_END).stream()
          .map(i -> i.onset() + " " + i.lastHit() + " " + i.scope() + " " + i.symbols())
          .toList();
    }
  }

  private static List<Incident> multiSymbolIncidents(KlineStore store) {
    return store.incidents(SOURCE, DAY, TWO_DAYS_END).stream()
        .filter(i -> i.symbols().size() > 1)
        .toList();
  }

  /** Throws once, in the first record after the first completed checkpoint, when armed. */
  static final class FailOnce
      extends RichMapFunction<Tuple3<String, Long, byte[]>, Tuple3<String, Long, byte[]>>
      implements CheckpointListener {
    static final AtomicBoolean armed = new AtomicBoolean();
    static final AtomicBoolean failed = new AtomicBoolean();
    private transient boolean checkpointed;

    @Override
    public Tuple3<String, Long, byte[]> map(Tuple3<String, Long, byte[]> candle) {
      if (checkpointed && armed.compareAndSet(true, false)) {
        failed.set(true);
        throw new IllegalStateException("injected failure after a checkpoint (test)");
      }
      return candle;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }
  }

  private static List<StoredAnomaly> anomalies(KlineStore store) {
    List<StoredAnomaly> out = new ArrayList<>();
    for (String s : TrainedHomes.SYMBOLS) {
      out.addAll(store.anomalies(series(s), DAY, TWO_DAYS_END));
    }
    return out;
  }

  private static List<StoredAnomaly> withoutDetectionTime(Path home) {
    return TrainedHomes.alertsWithoutDetectionTime(home, DAY, TWO_DAYS_END);
  }

  private static SeriesKey series(String symbol) {
    return new SeriesKey(Market.SPOT, symbol, Interval.M1);
  }
}
