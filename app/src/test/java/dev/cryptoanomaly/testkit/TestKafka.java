package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.config.Settings;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Kafka for the tests: the KRaft broker {@code .ci/run} starts on 127.0.0.1:9092 from Maven
 * Central's jars ({@code CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP}). Each test gets topics of its own
 * under a fresh prefix, so tests never read each other's candles. With CI=true an unreachable
 * broker fails the test; elsewhere it is skipped.
 */
public final class TestKafka {
  private TestKafka() {}

  /** The test broker's address, checked to answer. */
  public static String bootstrap() {
    String servers =
        Optional.ofNullable(System.getenv("CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP"))
            .orElse("127.0.0.1:9092");
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000))) {
      admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      Unavailable.require(
          "Kafka",
          "test broker "
              + servers
              + " is not reachable (infrastructure/kafka/start-broker starts one): "
              + e);
    }
    return servers;
  }

  /** Kafka settings with topics of this test's own ({@code partitions} each). */
  public static Settings.Kafka fresh(int partitions) {
    return new Settings.Kafka(
        Optional.of(bootstrap()),
        partitions,
        Optional.empty(),
        "test-" + UUID.randomUUID().toString().substring(0, 8) + ".");
  }

  /** The environment a child process or a CLI run needs for the same topics. */
  public static Map<String, String> env(Settings.Kafka kafka) {
    return Map.of(
        Settings.KAFKA_BOOTSTRAP_SERVERS,
        kafka.bootstrapServers().orElseThrow(),
        Settings.KAFKA_PARTITIONS,
        Integer.toString(kafka.partitions()),
        Settings.KAFKA_TOPIC_PREFIX,
        kafka.topicPrefix());
  }
}
