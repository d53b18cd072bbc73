package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.SeriesDetections;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.stream.RedisAlertStream;
import dev.cryptoanomaly.stream.kafka.KafkaAlertTopic;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TestKafka;
import dev.cryptoanomaly.testkit.TestRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.SafeEncoder;

/**
 * {@code alerts --follow} with the Overview's filters: only the new alerts they admit are printed,
 * from the store without Redis or Kafka, from the Redis alert stream or the Kafka alerts topic with
 * them.
 */
class AlertsFollowTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-03T00:00:00Z"), ZoneOffset.UTC);
  private static final SeriesKey BTC = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
  private static final SeriesKey ETH = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);
  private static final SeriesKey SOL = new SeriesKey(Market.SPOT, "SOLUSDT", Interval.M1);
  private static final long T = Instant.parse("2024-05-02T12:00:00Z").toEpochMilli();
  @TempDir Path home;

  @Test
  void followingTheStorePrintsOnlyTheNewAlertsTheFiltersAdmit() throws Exception {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    assertThat(
            Cli.run(
                    env,
                    CLOCK,
                    "collect",
                    "1",
                    "--source",
                    "synthetic",
                    "--symbols",
                    "BTCUSDT,ETHUSDT")
                .exit())
        .isZero();
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      store.writeDetections("m", 1, List.of(detections(BTC, Severity.CRITICAL, 0)));
    }
    try (Cli.Running follow =
        Cli.start(
            env,
            CLOCK,
            "alerts",
            "--follow",
            "--symbols",
            "BTCUSDT",
            "--severity",
            "high",
            "--source",
            "simulated")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> follow.out().contains("critical BTCUSDT"));
      try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
        store.writeDetections(
            "m",
            1,
            List.of(
                detections(BTC, Severity.WARNING, 60_000),
                detections(ETH, Severity.CRITICAL, 120_000),
                detections(BTC, Severity.HIGH, 180_000)));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> follow.out().contains("high     BTCUSDT"));
      Thread.sleep(1_500);
      Cli.Result r = follow.stop();
      assertThat(r.out().lines())
          .as("the stored critical first, then only the new high BTC alert")
          .hasSize(2)
          .allMatch(l -> l.contains("BTCUSDT"))
          .noneMatch(l -> l.startsWith("warning"));
    }
  }

  @Test
  @Tag("redis")
  void followingTheRedisStreamPrintsOnlyTheAnnouncementsTheFiltersAdmit() throws Exception {
    String url = TestRedis.url();
    Map<String, String> env = new HashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    env.put("REDIS_URL", url);
    try (RedisClient redis = RedisClient.create(java.net.URI.create(url))) {
      RedisAlertStream stream = new RedisAlertStream(redis);
      // Announced before it starts: not printed, the follower starts from the stream's end.
      stream.publish(List.of(event(BTC, 2, Severity.CRITICAL, 240_000)));
      try (Cli.Running follow =
          Cli.start(
              env,
              CLOCK,
              "alerts",
              "--follow",
              "--json",
              "--severity",
              "critical",
              "--model",
              "m@2")) {
        await().atMost(Duration.ofSeconds(20)).until(() -> clientList(redis).contains("cmd=xread"));
        stream.publish(
            List.of(
                event(ETH, 2, Severity.CRITICAL, 0),
                event(BTC, 2, Severity.WARNING, 60_000),
                event(BTC, 1, Severity.CRITICAL, 120_000),
                event(BTC, 2, Severity.CRITICAL, 180_000)));
        await().atMost(Duration.ofSeconds(10)).until(() -> follow.out().lines().count() >= 2);
        Thread.sleep(1_500);
        Cli.Result r = follow.stop();
        assertThat(r.out().lines())
            .hasSize(2)
            .allMatch(
                l -> l.contains("\"severity\":\"critical\"") && l.contains("\"model\":\"m@2\""))
            .noneMatch(l -> l.contains("12:04:00Z"));
      }
    }
  }

  @Test
  @Tag("kafka")
  void followingTheKafkaTopicPrintsOnlyTheAnnouncementsTheFiltersAdmit() throws Exception {
    Settings.Kafka kafka = TestKafka.fresh(2);
    Map<String, String> env = new HashMap<>(TestKafka.env(kafka));
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    try (KafkaAlertTopic topic = new KafkaAlertTopic(kafka)) {
      // Announced before it starts: not printed, the follower starts from the topic's end.
      topic.publish(List.of(event(BTC, 2, Severity.CRITICAL, 240_000)));
      try (Cli.Running follow =
          Cli.start(
              env,
              CLOCK,
              "alerts",
              "--follow",
              "--json",
              "--severity",
              "critical",
              "--model",
              "m@2")) {
        // Announced until the follower shows one: from then on it reads everything published.
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  topic.publish(List.of(event(SOL, 2, Severity.CRITICAL, 0)));
                  return follow.out().contains("SOLUSDT");
                });
        topic.publish(
            List.of(
                event(ETH, 2, Severity.CRITICAL, 0),
                event(BTC, 2, Severity.WARNING, 60_000),
                event(BTC, 1, Severity.CRITICAL, 120_000),
                event(BTC, 2, Severity.CRITICAL, 180_000)));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> follow.out().lines().filter(l -> !l.contains("SOLUSDT")).count() >= 2);
        Thread.sleep(1_500);
        Cli.Result r = follow.stop();
        assertThat(r.out().lines().filter(l -> !l.contains("SOLUSDT")))
            .hasSize(2)
            .allMatch(
                l -> l.contains("\"severity\":\"critical\"") && l.contains("\"model\":\"m@2\""))
            .noneMatch(l -> l.contains("12:04:00Z"));
      }
    }
  }

  /** {@code CLIENT LIST}: each connection with the command it runs (a blocked XREAD among them). */
  private static String clientList(RedisClient client) {
    return SafeEncoder.encode((byte[]) client.sendCommand(Protocol.Command.CLIENT, "LIST"));
  }

  private static SeriesDetections detections(SeriesKey series, Severity severity, long offset) {
    long t = T + offset;
    return new SeriesDetections(
        series,
        List.of(),
        List.of(
            new StoredAnomaly(
                t, "m", 1, t, t, 1, 9, 1e-6, severity, "{}", System.currentTimeMillis())));
  }

  private static AlertEvent event(SeriesKey series, int version, Severity severity, long offset) {
    long t = T + offset;
    return new AlertEvent(
        series,
        "m",
        version,
        AlertEvent.OPENED,
        t,
        t,
        t,
        1,
        9,
        1e-6,
        severity,
        "{}",
        System.currentTimeMillis());
  }
}
