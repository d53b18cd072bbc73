package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.AlertSink;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.WebhookAlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoreException;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.StoredDecision;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TrainedHomes;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming detection through the real command line and the in-process bus: replaying a period
 * stores exactly the alerts {@code detect} stores for it, and promoting a new champion switches a
 * running worker over.
 */
@Tag("slow")
class StreamDetectionTest {
  static final Clock CLOCK = TrainedHomes.CLOCK;
  static final List<String> SYMBOLS = TrainedHomes.SYMBOLS;

  @TempDir static Path trained;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained);
  }

  static Path copy(Path target) throws IOException {
    return TrainedHomes.copy(trained, target);
  }

  static List<StoredAnomaly> anomalies(Path home, long from, long to) {
    return TrainedHomes.alertsWithoutDetectionTime(home, from, to);
  }

  /** Every stored incident, without the time it was last rebuilt. */
  static List<dev.cryptoanomaly.alert.Incident> incidents(Path home) {
    try (KlineStore store = SqliteKlineStore.open(home)) {
      return store.incidents(dev.cryptoanomaly.store.IncidentQuery.latest(100_000)).stream()
          .map(
              i ->
                  new dev.cryptoanomaly.alert.Incident(
                      i.id(),
                      i.source(),
                      i.onset(),
                      i.lastHit(),
                      i.members(),
                      i.scope(),
                      i.watched(),
                      0))
          .toList();
    }
  }

  @Test
  void replayingAPeriodStoresExactlyTheAlertsDetectFinds(@TempDir Path a, @TempDir Path b)
      throws IOException {
    Path batchHome = copy(a);
    Path streamHome = copy(b);
    String[] period = {"--start", "2024-05-06", "--end", "2024-05-07"};
    TrainedHomes.detect(batchHome, "2024-05-06", "2024-05-07");
    Cli.Result stream =
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", streamHome.toString()),
            CLOCK,
            concat("stream", period, "--source", "replay", "--symbols", String.join(",", SYMBOLS)));
    assertThat(stream.exit()).as(stream.err()).isZero();
    assertThat(stream.out()).contains("8,640 candles published; 8,640 decided");

    long from = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2024-05-08T00:00:00Z").toEpochMilli();
    List<StoredAnomaly> batch = anomalies(batchHome, from, to);
    assertThat(batch).hasSizeGreaterThanOrEqualTo(3);
    assertThat(anomalies(streamHome, from, to)).isEqualTo(batch);
    // The worker rebuilds incidents beside storing, joining the spans of the batches stored
    // meanwhile; the incidents come out as detect's.
    assertThat(incidents(streamHome)).isNotEmpty().isEqualTo(incidents(batchHome));
    Map<String, String> streamEnv = Map.of("CRYPTO_ANOMALY_HOME", streamHome.toString());
    assertThat(Cli.run(streamEnv, CLOCK, "alerts", "--limit", "2").out().lines()).hasSize(2);
    assertThat(Cli.run(streamEnv, CLOCK, "alerts", "--limit", "0").out()).isEmpty();

    // Every candle has exactly one decision, and replaying again changes nothing.
    Cli.Result again =
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", streamHome.toString()),
            CLOCK,
            concat("stream", period, "--source", "replay", "--symbols", String.join(",", SYMBOLS)));
    assertThat(again.out()).contains("8,640 duplicates");
    assertThat(anomalies(streamHome, from, to)).isEqualTo(batch);
    try (KlineStore store = SqliteKlineStore.open(streamHome)) {
      List<StoredDecision> decisions =
          store.decisions(
              new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1), "crypto-anomaly", 1, from, to);
      assertThat(decisions).hasSize(2_880);
      assertThat(decisions).extracting(StoredDecision::openTime).doesNotHaveDuplicates();
    }
  }

  @Test
  void aNewChampionTakesOverWithoutARestart(@TempDir Path a) throws Exception {
    Path home = copy(a);
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result v2 =
        Cli.run(
            env,
            CLOCK,
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
    Settings settings = Settings.fromMap(env, Path.of("."));
    SeriesKey btc = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
    long day = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
    InProcessBus bus = new InProcessBus();
    try (KlineStore store = SqliteKlineStore.open(home)) {
      List<Kline> candles = store.read(btc, day, day + 86_400_000L);
      DetectionWorker worker =
          new DetectionWorker(
              bus.subscribe("test"),
              store,
              Registries.open(settings),
              List.of(),
              new DetectionWorker.Options(
                  ModelRef.parse("crypto-anomaly@champion"),
                  500,
                  Duration.ofMillis(200),
                  Duration.ofMillis(50)),
              Clock.systemUTC());
      Thread loop = Thread.ofPlatform().start(worker);
      publish(bus, btc, candles.subList(0, 600));
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.stats().handled.sum() == 600);
      Cli.Result promote =
          Cli.run(env, CLOCK, "models", "promote", "crypto-anomaly", "2", "--force");
      assertThat(promote.exit()).as(promote.err()).isZero();
      Thread.sleep(500);
      publish(bus, btc, candles.subList(600, 1_440));
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.stats().handled.sum() == 1_440);
      worker.stop();
      loop.join();
      long split = candles.get(600).openTime();
      long end = day + 86_400_000L;
      assertThat(store.decisions(btc, "crypto-anomaly", 1, day, split)).hasSize(600);
      assertThat(store.decisions(btc, "crypto-anomaly", 1, split, end)).isEmpty();
      assertThat(store.decisions(btc, "crypto-anomaly", 2, split, end)).hasSize(840);
    }
  }

  /**
   * The writer thread's failures: one write refused before anything is stored, one failing after
   * its transaction committed (as a connection lost before the acknowledgement). The worker hands
   * both batches, and the one decided meanwhile, out again: every candle ends with exactly one
   * decision and the alerts are those {@code detect} finds.
   */
  @Test
  void failedWritesAreRetriedWithNothingLostOrStoredTwice(@TempDir Path a, @TempDir Path b)
      throws Exception {
    AtomicInteger writes = new AtomicInteger();
    FailedDay run = runFailingDay(a, b, "writeDetections", writes, 3, 6);
    assertThat(run.worker().stats().failures.sum()).isEqualTo(2);
    assertThat(writes.get()).isGreaterThan(6);
  }

  /**
   * The first rebuild of incidents failing after its batches were stored: they are handed out again
   * (each candle still decided once), the spans it left are rebuilt with the next, and the
   * incidents end as detect's.
   */
  @Test
  void aFailedIncidentRebuildIsDoneAgainWithNothingLost(@TempDir Path a, @TempDir Path b)
      throws Exception {
    FailedDay run = runFailingDay(a, b, "incidentMembers", new AtomicInteger(), 1, -1);
    assertThat(run.worker().stats().failures.sum()).isEqualTo(1);
    assertThat(run.worker().stats().duplicates.sum()).as("batches handed out again").isPositive();
    assertThat(incidents(run.streamHome())).isNotEmpty().isEqualTo(incidents(run.batchHome()));
  }

  /** A worker's run over a day on a failing store, beside a home {@code detect} scored. */
  record FailedDay(DetectionWorker worker, Path batchHome, Path streamHome) {}

  /**
   * Runs a worker over 2024-05-06 on a store whose {@code method} fails as {@link #failing} makes
   * it, and checks what every failure must leave: each candle decided exactly once, the alerts
   * those {@code detect} finds.
   */
  private static FailedDay runFailingDay(
      Path a, Path b, String method, AtomicInteger calls, int before, int after) throws Exception {
    Path batchHome = copy(a);
    Path streamHome = copy(b);
    TrainedHomes.detect(batchHome, "2024-05-06", "2024-05-06");
    long day = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
    long end = day + 86_400_000L;
    Settings settings =
        Settings.fromMap(Map.of("CRYPTO_ANOMALY_HOME", streamHome.toString()), Path.of("."));
    InProcessBus bus = new InProcessBus();
    DetectionWorker worker;
    try (KlineStore real = SqliteKlineStore.open(streamHome)) {
      KlineStore flaky = failing(real, method, calls, before, after);
      worker = runDay(bus, bus.subscribe("test"), flaky, real, settings, List.of(), day, end);
      for (String s : SYMBOLS) {
        List<StoredDecision> decisions =
            real.decisions(
                new SeriesKey(Market.SPOT, s, Interval.M1), "crypto-anomaly", 1, day, end);
        assertThat(decisions).as(s).hasSize(1_440);
        assertThat(decisions).extracting(StoredDecision::openTime).doesNotHaveDuplicates();
      }
    }
    List<StoredAnomaly> batch = anomalies(batchHome, day, end);
    assertThat(batch).isNotEmpty();
    assertThat(anomalies(streamHome, day, end)).isEqualTo(batch);
    return new FailedDay(worker, batchHome, streamHome);
  }

  /**
   * A crash between storing a batch (its alerts announced) and acknowledging it hands the batch out
   * again; the webhook and every other sink still hear of each alert once.
   */
  @Test
  void alertsRedeliveredAfterACrashBeforeTheAckAreAnnouncedOnce(@TempDir Path a) throws Exception {
    Path home = copy(a);
    long day = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
    long end = day + 86_400_000L;
    List<String> posted = java.util.Collections.synchronizedList(new ArrayList<>());
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    List<String> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    AlertSink counting = events -> events.forEach(e -> heard.add(e.key()));
    WebhookAlertSink webhook =
        new WebhookAlertSink(
            java.net.URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"),
            10_000,
            Duration.ofMillis(20));
    Settings settings =
        Settings.fromMap(Map.of("CRYPTO_ANOMALY_HOME", home.toString()), Path.of("."));
    InProcessBus bus = new InProcessBus();
    CandleBus.Subscription real = bus.subscribe("test");
    AtomicInteger crashes = new AtomicInteger();
    CandleBus.Subscription crashing =
        new CandleBus.Subscription() {
          @Override
          public List<Delivery> poll(int max, Duration maxWait) throws InterruptedException {
            return real.poll(max, maxWait);
          }

          @Override
          public void ack(List<Delivery> done) {
            // Once alerts have been announced, the next two acks are lost as in a crash.
            if (!heard.isEmpty() && crashes.get() < 2) {
              crashes.incrementAndGet();
              throw new StoreException("connection lost before the ack (test)", null);
            }
            real.ack(done);
          }

          @Override
          public void recover() {
            real.recover();
          }

          @Override
          public void close() {
            real.close();
          }
        };
    try (KlineStore store = SqliteKlineStore.open(home)) {
      DetectionWorker worker =
          runDay(bus, crashing, store, store, settings, List.of(counting, webhook), day, end);
      await().atMost(Duration.ofSeconds(10)).until(() -> webhook.sent.sum() == heard.size());
      assertThat(crashes.get()).isEqualTo(2);
      assertThat(worker.stats().duplicates.sum()).as("candles redelivered").isPositive();
    } finally {
      webhook.close();
      hook.stop(0);
    }
    assertThat(heard).isNotEmpty().doesNotHaveDuplicates();
    assertThat(posted).hasSize(heard.size()).doesNotHaveDuplicates();
  }

  /**
   * {@code real}, whose {@code method} fails on its {@code before}-th call without running and on
   * its {@code after}-th after running (as a connection lost after the commit); {@code calls}
   * counts them.
   */
  private static KlineStore failing(
      KlineStore real, String method, AtomicInteger calls, int before, int after) {
    return (KlineStore)
        Proxy.newProxyInstance(
            KlineStore.class.getClassLoader(),
            new Class<?>[] {KlineStore.class},
            (proxy, m, args) -> {
              int n = m.getName().equals(method) ? calls.incrementAndGet() : 0;
              if (n == before) {
                throw new StoreException(method + " refused (test)", null);
              }
              try {
                Object result = m.invoke(real, args);
                if (n == after) {
                  throw new StoreException("connection lost after " + method + " (test)", null);
                }
                return result;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * Runs a worker over one stored day of every symbol, published in slices of 240 candles, until
   * all 4,320 candles are handled; {@code source} is where the candles are read from.
   */
  private static DetectionWorker runDay(
      InProcessBus bus,
      CandleBus.Subscription subscription,
      KlineStore store,
      KlineStore source,
      Settings settings,
      List<AlertSink> sinks,
      long day,
      long end)
      throws InterruptedException {
    DetectionWorker worker =
        new DetectionWorker(
            subscription,
            store,
            Registries.open(settings),
            sinks,
            new DetectionWorker.Options(
                ModelRef.parse("crypto-anomaly@champion"),
                300,
                Duration.ofSeconds(30),
                Duration.ofMillis(20)),
            Clock.systemUTC());
    Thread loop = Thread.ofPlatform().start(worker);
    for (String s : SYMBOLS) {
      SeriesKey series = new SeriesKey(Market.SPOT, s, Interval.M1);
      List<Kline> candles = source.read(series, day, end);
      for (int i = 0; i < candles.size(); i += 240) {
        publish(bus, series, candles.subList(i, Math.min(candles.size(), i + 240)));
      }
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> worker.stats().handled.sum() == 4_320);
    worker.stop();
    loop.join();
    return worker;
  }

  private static void publish(InProcessBus bus, SeriesKey series, List<Kline> candles) {
    List<CandleEvent> events = new ArrayList<>();
    for (Kline k : candles) {
      events.add(new CandleEvent(series, k, CandleEvent.micros(Clock.systemUTC())));
    }
    bus.publish(events);
  }

  private static String[] concat(String first, String[] middle, String... rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(List.of(middle));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }
}
