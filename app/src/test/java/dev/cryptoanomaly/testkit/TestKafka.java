package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

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
    return reachable(
        Optional.ofNullable(System.getenv("CRYPTO_ANOMALY_TEST_KAFKA_BOOTSTRAP"))
            .orElse("127.0.0.1:9092"),
        "");
  }

  /**
   * The address of the test broker that checks ACLs (what no ACL names is allowed), checked to
   * answer: where a test takes a right away.
   */
  public static String aclBootstrap() {
    return reachable(
        Optional.ofNullable(System.getenv("CRYPTO_ANOMALY_TEST_KAFKA_ACL_BOOTSTRAP"))
            .orElse("127.0.0.1:9094"),
        " 9094 \"\" authorizer");
  }

  private static String reachable(String servers, String startArguments) {
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
              + " is not reachable (infrastructure/kafka/start-broker"
              + startArguments
              + " starts one): "
              + e);
    }
    return servers;
  }

  /** The settings of a data folder with Kafka as the bus, as a process started there has them. */
  public static Settings settings(Settings.Kafka kafka, java.nio.file.Path home) {
    Map<String, String> values = new java.util.HashMap<>(env(kafka));
    values.put(Settings.HOME, home.toString());
    return Settings.fromMap(values, home);
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

  /** One record of the alerts topic: its key and its {@link AlertRecord#KIND} header. */
  public record Announced(String key, String kind) {}

  /**
   * Every record of the alerts topic, from its start, as {@code read_committed} readers see it:
   * records of aborted transactions are not among them.
   */
  public static List<Announced> announced(Settings.Kafka kafka) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers().orElseThrow());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<Announced> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(kafka.alertsTopic())
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          out.add(new Announced(r.key(), AlertRecord.kind(r.headers())));
        }
      }
    }
    return out;
  }

  /** How often each key is among {@code records}. */
  public static Map<String, Integer> countByKey(List<Announced> records) {
    Map<String, Integer> n = new HashMap<>();
    records.forEach(r -> n.merge(r.key(), 1, Integer::sum));
    return n;
  }
}
