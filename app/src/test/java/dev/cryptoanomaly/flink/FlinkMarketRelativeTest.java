package dev.cryptoanomaly.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.features.Feature;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.ChampionWatcher;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TestKafka;
import dev.cryptoanomaly.testkit.TrainedHomes;
import dev.cryptoanomaly.testkit.WorkerFixture;
import dev.cryptoanomaly.train.TrainingData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained with {@code market_relative_return} through the Flink job gives what batch gives:
 * live, where each symbol's candle is joined with the reference's candle of the same open time
 * whichever reaches the task first, and in a backfill.
 */
@Tag("slow")
class FlinkMarketRelativeTest {
  static final long DAY = WorkerFixture.DAY;
  static final long END = DAY + 86_400_000L;
  static final String FEATURES =
      "volatility,log_return,volume_ratio,volatility_ratio,return_std,price_range,market_relative_return";

  @TempDir static Path trained;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained, FEATURES);
  }

  /**
   * The reference's candles are published one candle late (each symbol's candle of an open time
   * before the reference's of it), so the other series' candles wait for the reference in the job.
   */
  @Test
  @Tag("kafka")
  void liveDecisionsEqualBatchToTheBitWithTheReferenceArrivingLate(@TempDir Path a, @TempDir Path b)
      throws Exception {
    Path batchHome = TrainedHomes.copy(trained, a);
    Path streamHome = TrainedHomes.copy(trained, b);
    TrainedHomes.detect(batchHome, "2024-05-06", "2024-05-06");
    Settings.Kafka kafka = TestKafka.fresh(4);
    Settings settings = TestKafka.settings(kafka, streamHome);
    List<CandleEvent> events;
    try (KlineStore store = SqliteKlineStore.open(streamHome)) {
      events = referenceOneCandleLate(WorkerFixture.events(store, 1));
    }
    StreamExecutionEnvironment flink = DetectionJob.localEnvironment(2, Duration.ofSeconds(1));
    DetectionJob.live(
        flink, JobSettings.of(settings.toValues(), streamHome, "crypto-anomaly@champion"));
    JobClient job = flink.executeAsync("market-relative");
    try (KlineStore store = SqliteKlineStore.open(streamHome);
        KafkaBus bus = new KafkaBus(kafka)) {
      bus.publish(events);
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> WorkerFixture.decided(store) == events.size());
      assertDecisionsEqualBatch(store, streamHome);
    } finally {
      job.cancel().get();
    }
    assertThat(alerts(streamHome)).isNotEmpty().isEqualTo(alerts(batchHome));
  }

  /**
   * The reference stops after 100 candles while the others go on: their candles wait at most the
   * bounded wait in event time, then go without the reference, excluded as batch excludes a row
   * whose reference is missing; none is lost and none waits for ever.
   */
  @Test
  @Tag("kafka")
  void whenTheReferenceStopsTheOthersGoWithoutItAfterTheBoundedWait(@TempDir Path a)
      throws Exception {
    Path home = TrainedHomes.copy(trained, a);
    Settings.Kafka kafka = TestKafka.fresh(4);
    Settings settings = TestKafka.settings(kafka, home);
    List<CandleEvent> events = new ArrayList<>();
    try (KlineStore store = SqliteKlineStore.open(home)) {
      for (CandleEvent e : WorkerFixture.events(store, 1)) {
        boolean reference = e.series().symbol().equals(FeatureRegistry.REFERENCE_SYMBOL);
        long candle = (e.kline().openTime() - DAY) / 60_000L;
        if (candle < 100 || !reference && candle < 130) {
          events.add(e);
        }
      }
    }
    StreamExecutionEnvironment flink = DetectionJob.localEnvironment(2, Duration.ofSeconds(1));
    DetectionJob.live(flink, JobSettings.of(settings.toValues(), home, "crypto-anomaly@champion"));
    JobClient job = flink.executeAsync("reference-stops");
    SeriesKey eth = WorkerFixture.series("ETHUSDT");
    try (KlineStore store = SqliteKlineStore.open(home);
        KafkaBus bus = new KafkaBus(kafka)) {
      bus.publish(events);
      // The watermark trails the newest candle by a minute (out-of-orderness) and the wait is two
      // intervals after a candle closed: all but the last few candles go.
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> store.decisions(eth, "crypto-anomaly", 1, DAY, END).size() >= 125);
      List<StoredDecision> decided = store.decisions(eth, "crypto-anomaly", 1, DAY, END);
      assertThat(decided.subList(0, 100))
          .extracting(StoredDecision::exclusion)
          .doesNotContain("missing_reference");
      assertThat(decided.subList(100, decided.size()))
          .extracting(StoredDecision::exclusion)
          .containsOnly("missing_reference");
      assertThat(decided).extracting(StoredDecision::openTime).doesNotHaveDuplicates();
    } finally {
      job.cancel().get();
    }
  }

  /** The Redis and Kafka workers do not join with the reference: they refuse the model. */
  @Test
  void theStreamWorkersRefuseTheModelWhichTheJobTakes() {
    Settings settings =
        Settings.fromMap(Map.of("CRYPTO_ANOMALY_HOME", trained.toString()), trained);
    var registry = Registries.open(settings);
    var ref = dev.cryptoanomaly.model.ModelRef.parse("crypto-anomaly@champion");
    SeriesKey eth = WorkerFixture.series("ETHUSDT");
    var workers = new ChampionWatcher(registry, ref, Duration.ofMinutes(1), Clock.systemUTC());
    var job = new ChampionWatcher(registry, ref, Duration.ofMinutes(1), Clock.systemUTC(), true);
    assertThat(workers.forSeries(eth)).isEmpty();
    assertThat(job.forSeries(eth)).hasValueSatisfying(m -> assertThat(m.version()).isEqualTo(1));
  }

  @Test
  void aBackfillStoresWhatDetectStores(@TempDir Path a, @TempDir Path b) throws Exception {
    Path batchHome = TrainedHomes.copy(trained, a);
    Path flinkHome = TrainedHomes.copy(trained, b);
    TrainedHomes.detect(batchHome, "2024-05-06", "2024-05-06");
    Cli.Result backfill =
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", flinkHome.toString()),
            TrainedHomes.CLOCK,
            "flink",
            "backfill",
            "--start",
            "2024-05-06",
            "--end",
            "2024-05-06",
            "--parallelism",
            "2");
    assertThat(backfill.exit()).as(backfill.err()).isZero();
    assertThat(backfill.out()).contains("4,320 candles of 3 series decided by crypto-anomaly@1");
    assertThat(alerts(flinkHome)).isNotEmpty().isEqualTo(alerts(batchHome));
  }

  /** Each symbol's candles in time order; the reference's each moved after the next open time's. */
  private static List<CandleEvent> referenceOneCandleLate(List<CandleEvent> inTimeOrder) {
    List<CandleEvent> out = new ArrayList<>();
    CandleEvent heldBack = null;
    for (CandleEvent e : inTimeOrder) {
      if (e.series().symbol().equals(FeatureRegistry.REFERENCE_SYMBOL)) {
        if (heldBack != null) {
          out.add(heldBack);
        }
        heldBack = e;
      } else {
        out.add(e);
      }
    }
    out.add(heldBack);
    assertThat(out).hasSameSizeAs(inTimeOrder);
    return out;
  }

  /**
   * Every decision's score and tail probability equal batch scoring's of the same candles to the
   * bit, and the rows batch leaves out are excluded (a row that went without the reference would
   * differ from batch's, which had it).
   */
  private static void assertDecisionsEqualBatch(KlineStore store, Path home) {
    Settings settings = Settings.fromMap(Map.of("CRYPTO_ANOMALY_HOME", home.toString()), home);
    TrainedModel model = Registries.open(settings).load("crypto-anomaly", 1);
    assertThat(model.spec().features()).contains(Feature.MARKET_RELATIVE_RETURN);
    for (String symbol : TrainedHomes.SYMBOLS) {
      SeriesKey series = WorkerFixture.series(symbol);
      SeriesRows rows = TrainingData.load(store, List.of(series), model.spec(), DAY, END).get(0);
      AlertPolicy.Scored batch = model.score(List.of(rows)).get(0);
      Map<Long, Integer> index = new HashMap<>();
      for (int i = 0; i < batch.openTimes().length; i++) {
        index.put(batch.openTimes()[i], i);
      }
      List<StoredDecision> decisions = store.decisions(series, "crypto-anomaly", 1, DAY, END);
      assertThat(decisions).as(symbol).hasSize(1_440);
      int scored = 0;
      for (StoredDecision d : decisions) {
        Integer i = index.get(d.openTime());
        if (i == null) {
          assertThat(d.exclusion()).as("%s %d excluded in batch", symbol, d.openTime()).isNotNull();
          continue;
        }
        assertThat(d.exclusion()).as("%s %d", symbol, d.openTime()).isNull();
        assertThat(Double.doubleToLongBits(d.score()))
            .as("%s score at %d", symbol, d.openTime())
            .isEqualTo(Double.doubleToLongBits(batch.scores()[i]));
        assertThat(Double.doubleToLongBits(d.probability()))
            .as("%s probability at %d", symbol, d.openTime())
            .isEqualTo(Double.doubleToLongBits(batch.probabilities()[i]));
        scored++;
      }
      assertThat(scored).as(symbol + ": every row batch scores").isEqualTo(index.size());
    }
  }

  private static List<StoredAnomaly> alerts(Path home) {
    return TrainedHomes.alertsWithoutDetectionTime(home, DAY, END);
  }
}
