package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.kafka.KafkaAlertTopic;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import dev.cryptoanomaly.testkit.TestKafka;
import dev.cryptoanomaly.testkit.TrainedHomes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes on a real Kafka broker: two share the candles topic as one consumer group and
 * one is killed mid-run; Kafka hands its partitions to the other, which decides every candle the
 * killed one left, each exactly once in the store.
 */
@Tag("kafka")
@Tag("slow")
class KafkaWorkersTest {
  @TempDir static Path trained;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained);
  }

  @Test
  void aKilledWorkersPartitionsAreTakenOverAndEachCandleDecidedOnce(@TempDir Path dir)
      throws Exception {
    Settings.Kafka kafka = TestKafka.fresh(4);
    Path home = TrainedHomes.copy(trained, dir.resolve("home"));
    List<Process> workers = new ArrayList<>();
    try (KafkaBus bus = new KafkaBus(kafka);
        KlineStore store = SqliteKlineStore.open(home)) {
      workers.add(WorkerFixture.worker(home, TestKafka.env(kafka), dir.resolve("a.log")));
      workers.add(WorkerFixture.worker(home, TestKafka.env(kafka), dir.resolve("b.log")));
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
          .atMost(Duration.ofSeconds(120))
          .until(() -> WorkerFixture.decided(store) == events.size() && bus.backlog() == 0);
      WorkerFixture.assertEachDecidedOnce(store, events);
      Map<String, Integer> announced = announcements(kafka);
      assertThat(announced).isNotEmpty();
      // The store's ledger is consulted before announcing, so only the batch the killed worker
      // announced and had not yet recorded can be announced a second time.
      assertThat(announced.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(1);
      assertThat(announced.values()).allMatch(n -> n <= 2);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }

  /** Each announcement's key on the alerts topic, with how often it is there. */
  static Map<String, Integer> announcements(Settings.Kafka kafka) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers().orElseThrow());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Map<String, Integer> seen = new HashMap<>();
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
          var kind = r.headers().lastHeader(KafkaAlertTopic.KIND);
          assertThat(new String(kind.value(), StandardCharsets.US_ASCII))
              .isIn(KafkaAlertTopic.ALERT, KafkaAlertTopic.INCIDENT);
          seen.merge(r.key(), 1, Integer::sum);
        }
      }
    }
    return seen;
  }
}
