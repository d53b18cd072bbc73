package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kafka.AlertRecord;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.stream.kafka.KafkaBus;
import dev.cryptoanomaly.testkit.TestKafka;
import dev.cryptoanomaly.testkit.TrainedHomes;
import dev.cryptoanomaly.testkit.WorkerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      List<TestKafka.Announced> records = TestKafka.announced(kafka);
      assertThat(records)
          .extracting(TestKafka.Announced::kind)
          .allMatch(k -> k.equals(AlertRecord.ALERT) || k.equals(AlertRecord.INCIDENT));
      Map<String, Integer> announced = TestKafka.countByKey(records);
      assertThat(announced).isNotEmpty();
      // The store's ledger is consulted before announcing, so only the batch the killed worker
      // announced and had not yet recorded can be announced a second time.
      assertThat(announced.values().stream().filter(n -> n > 1).count()).isLessThanOrEqualTo(1);
      assertThat(announced.values()).allMatch(n -> n <= 2);
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }
}
