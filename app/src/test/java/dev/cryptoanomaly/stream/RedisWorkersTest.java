package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.TestRedis;
import dev.cryptoanomaly.testkit.TrainedHomes;
import dev.cryptoanomaly.testkit.WorkerFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;

/**
 * Workers on a real Redis: two worker processes share the candles and one is killed mid-run; Redis
 * itself is restarted mid-run. Either way every candle is decided exactly once and every alert is
 * announced once.
 */
@Tag("redis")
@Tag("slow")
class RedisWorkersTest {
  static final long DAY = WorkerFixture.DAY;

  @TempDir static Path trained;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained);
  }

  @Test
  void aKilledWorkersCandlesAreTakenOverAndEachDecidedOnce(@TempDir Path dir) throws Exception {
    String url = TestRedis.url();
    Path home = TrainedHomes.copy(trained, dir.resolve("home"));
    List<Process> workers = new ArrayList<>();
    try (RedisBus bus = new RedisBus(Redis.open(url), "test", Clock.systemUTC());
        KlineStore store = SqliteKlineStore.open(home)) {
      workers.add(WorkerFixture.worker(home, Map.of("REDIS_URL", url), dir.resolve("a.log")));
      workers.add(WorkerFixture.worker(home, Map.of("REDIS_URL", url), dir.resolve("b.log")));
      List<CandleEvent> events = WorkerFixture.events(store, 2);
      int killAt = events.size() / 3;
      for (int i = 0; i < events.size(); i += 120) {
        bus.publish(events.subList(i, Math.min(events.size(), i + 120)));
        if (i <= killAt && killAt < i + 120) {
          await().atMost(Duration.ofSeconds(60)).until(() -> WorkerFixture.decided(store) > 0);
          workers.get(0).destroyForcibly().waitFor();
        }
        Thread.sleep(20);
      }
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> WorkerFixture.decided(store) == events.size() && bus.backlog() == 0);
      WorkerFixture.assertEachDecidedOnce(store, events);
      assertAnnouncedOnce(url);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void damagedEntriesAreSkippedAndCountedWithoutStoppingTheWorker(@TempDir Path dir)
      throws Exception {
    String url = TestRedis.url();
    Path home = TrainedHomes.copy(trained, dir.resolve("home"));
    try (RedisBus bus = new RedisBus(Redis.open(url), "test", Clock.systemUTC());
        RedisClient redis = RedisClient.create(URI.create(url));
        KlineStore store = SqliteKlineStore.open(home)) {
      List<CandleEvent> events = WorkerFixture.events(store, 1);
      Map<byte[], byte[]> truncated = CandleCodec.encode(events.subList(0, 2));
      truncated.put(
          "n".getBytes(StandardCharsets.US_ASCII), "3".getBytes(StandardCharsets.US_ASCII));
      int shard = RedisBus.shardOf(events.get(0));
      redis.xadd(
          RedisBus.streamKey(shard).getBytes(StandardCharsets.US_ASCII),
          XAddParams.xAddParams(),
          truncated);
      redis.xadd(
          RedisBus.streamKey(shard), StreamEntryID.NEW_ENTRY, Map.of("k", "1715000000000,1,2,3"));
      bus.publish(events);
      DetectionWorker worker =
          new DetectionWorker(
              bus.subscribe("w1"),
              store,
              new LocalModelRegistry(home),
              List.of(),
              DetectionWorker.Options.defaults(ModelRef.parse("crypto-anomaly@champion")),
              Clock.systemUTC());
      Thread loop = Thread.ofPlatform().start(worker);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> worker.stats().handled.sum() == events.size() + 2L);
      } finally {
        worker.stop();
        loop.join();
      }
      assertThat(worker.stats().malformed.sum()).isEqualTo(2);
      assertThat(worker.stats().failures.sum()).isZero();
      WorkerFixture.assertEachDecidedOnce(store, events);
      assertThat(bus.backlog()).isZero();
    }
  }

  /**
   * A message whose batch always fails (here: its write is refused every time) is moved to the dead
   * letters after a bounded number of deliveries, alone, and the shard goes on.
   */
  @Test
  void aMessageThatAlwaysFailsIsSetAsideAndTheShardGoesOn(@TempDir Path dir) throws Exception {
    String url = TestRedis.url();
    Path home = TrainedHomes.copy(trained, dir.resolve("home"));
    long poison = DAY + 600 * 60_000L;
    try (RedisBus bus = new RedisBus(Redis.open(url), "test", Clock.systemUTC());
        RedisClient redis = RedisClient.create(URI.create(url));
        KlineStore real = SqliteKlineStore.open(home)) {
      KlineStore refusing =
          (KlineStore)
              java.lang.reflect.Proxy.newProxyInstance(
                  KlineStore.class.getClassLoader(),
                  new Class<?>[] {KlineStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("writeDetections")) {
                      for (Object part : (List<?>) args[2]) {
                        var detections = (dev.cryptoanomaly.store.SeriesDetections) part;
                        if (detections.series().symbol().equals("BTCUSDT")
                            && detections.decisions().stream()
                                .anyMatch(
                                    d -> d.openTime() == poison && d.publishedAtMicros() >= 0)) {
                          throw new dev.cryptoanomaly.store.StoreException(
                              "this candle's write always fails (test)", null);
                        }
                      }
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      List<CandleEvent> events = WorkerFixture.events(real, 1);
      bus.publish(events);
      DetectionWorker worker =
          new DetectionWorker(
              bus.subscribe("w1"),
              refusing,
              new LocalModelRegistry(home),
              List.of(),
              new DetectionWorker.Options(
                  ModelRef.parse("crypto-anomaly@champion"),
                  8_000,
                  Duration.ofSeconds(30),
                  Duration.ofMillis(50)),
              Clock.systemUTC());
      Thread loop = Thread.ofPlatform().start(worker);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> redis.xlen(RedisBus.DEAD_LETTERS) == 1 && bus.backlog() == 0);
      } finally {
        worker.stop();
        loop.join();
      }
      assertThat(bus.deadLettered.sum()).isEqualTo(1);
      List<CandleEvent> setAside = deadLetterEvents(redis);
      assertThat(setAside).anyMatch(e -> e.kline().openTime() == poison);
      assertThat(setAside).allMatch(e -> e.series().symbol().equals("BTCUSDT"));
      assertThat(setAside.size()).isLessThanOrEqualTo(CandleCodec.MAX_CANDLES);
      // The later candles of the series catch up on the ones set aside from the store, so every
      // candle still ends with exactly one decision.
      WorkerFixture.assertEachDecidedOnce(real, events);
      assertThat(worker.stats().failures.sum()).isBetween(1L, 20L);
    }
  }

  private static List<CandleEvent> deadLetterEvents(RedisClient redis) {
    var read =
        redis.xreadBinary(
            XReadParams.xReadParams().count(10),
            Map.of(
                RedisBus.DEAD_LETTERS.getBytes(StandardCharsets.US_ASCII),
                new StreamEntryID(0, 0)));
    List<CandleEvent> out = new ArrayList<>();
    for (var stream : read) {
      for (var entry : stream.getValue()) {
        Map<byte[], byte[]> candleFields = new java.util.LinkedHashMap<>();
        entry
            .getFields()
            .forEach(
                (k, v) -> {
                  String name = new String(k, StandardCharsets.US_ASCII);
                  if (!name.startsWith("origin_") && !name.equals("deliveries")) {
                    candleFields.put(k, v);
                  }
                });
        out.addAll(CandleCodec.decode(candleFields));
      }
    }
    return out;
  }

  @Test
  void workersRideOutARedisRestart(@TempDir Path dir) throws Exception {
    Path home = TrainedHomes.copy(trained, dir.resolve("home"));
    Path data = dir.resolve("redis");
    java.nio.file.Files.createDirectories(data);
    try (TestRedis.OwnServer server = new TestRedis.OwnServer(data);
        RedisBus bus = new RedisBus(Redis.open(server.url()), "test", Clock.systemUTC());
        KlineStore store = SqliteKlineStore.open(home)) {
      DetectionWorker worker =
          new DetectionWorker(
              new RedisBus(Redis.open(server.url()), "worker", Clock.systemUTC())
                  .subscribe("in-test"),
              store,
              new LocalModelRegistry(home),
              List.of(new RedisAlertStream(Redis.open(server.url()))),
              new DetectionWorker.Options(
                  ModelRef.parse("crypto-anomaly@champion"),
                  500,
                  Duration.ofSeconds(30),
                  Duration.ofMillis(100)),
              Clock.systemUTC());
      Thread loop = Thread.ofPlatform().start(worker);
      List<CandleEvent> events = WorkerFixture.events(store, 1);
      Thread publisher =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < events.size(); i += 60) {
                      bus.publish(events.subList(i, Math.min(events.size(), i + 60)));
                      sleep(10);
                    }
                  });
      await().atMost(Duration.ofSeconds(30)).until(() -> WorkerFixture.decided(store) > 500);
      server.stop();
      Thread.sleep(1_000);
      server.start();
      publisher.join(60_000);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> WorkerFixture.decided(store) == events.size());
      worker.stop();
      loop.join(10_000);
      assertThat(worker.stats().failures.sum()).isZero();
      WorkerFixture.assertEachDecidedOnce(store, events);
      assertAnnouncedOnce(server.url());
    }
  }

  private static void assertAnnouncedOnce(String url) {
    try (RedisClient redis = RedisClient.create(URI.create(url))) {
      var read =
          redis.xread(
              XReadParams.xReadParams().count(100_000),
              java.util.Map.of(RedisAlertStream.KEY, new StreamEntryID(0, 0)));
      Set<String> seen = new HashSet<>();
      int total = 0;
      if (read != null) {
        for (var stream : read) {
          for (var entry : stream.getValue()) {
            String alert = entry.getFields().get("alert");
            if (alert == null) { // an incident: announced once under its id
              String incident = entry.getFields().get(RedisAlertStream.INCIDENT_FIELD);
              assertThat(incident).as(entry.getFields().toString()).isNotNull();
              assertThat(seen.add(incident.replaceAll(".*\"id\":\"(i[0-9a-z]+)\".*", "$1")))
                  .as("incident announced once: " + incident)
                  .isTrue();
              total++;
              continue;
            }
            String key =
                alert.replaceAll(".*\"symbol\":\"([A-Z]+)\".*\"first_hit\":\"([^\"]+)\".*", "$1 $2")
                    + alert.replaceAll(".*\"severity\":\"([a-z]+)\".*", " $1");
            seen.add(key);
            total++;
          }
        }
      }
      assertThat(total).isPositive();
      assertThat(seen).hasSize(total);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
