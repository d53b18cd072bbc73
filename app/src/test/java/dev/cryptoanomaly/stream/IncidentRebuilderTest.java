package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cryptoanomaly.alert.IncidentRule;
import dev.cryptoanomaly.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The incident stage's acknowledgements: in the order batches were stored, after them the handled
 * count, none after a failure until the worker recovered. (Batches here touched no alert, so no
 * rebuild reads the store; the stream tests cover rebuilds.)
 */
class IncidentRebuilderTest {
  private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean refuse = new AtomicBoolean();
  private final AtomicBoolean crash = new AtomicBoolean();
  private final WorkerStats stats = new WorkerStats();

  private final CandleBus.Subscription bus =
      new CandleBus.Subscription() {
        @Override
        public List<Delivery> poll(int max, Duration maxWait) {
          return List.of();
        }

        @Override
        public void ack(List<Delivery> done) {
          if (refuse.get()) {
            throw new StoreException("ack refused (test)", null);
          }
          if (crash.getAndSet(false)) {
            throw new AssertionError("ack crashed (test)");
          }
          done.forEach(d -> acked.add(d.id()));
        }

        @Override
        public void recover() {}

        @Override
        public void close() {}
      };

  private IncidentRebuilder stage() {
    IncidentRebuilder stage =
        new IncidentRebuilder(
            null, bus, List.of(), m -> null, IncidentRule.DEFAULT, Clock.systemUTC(), stats);
    stage.start();
    return stage;
  }

  private static IncidentRebuilder.Stored stored(String id) {
    return new IncidentRebuilder.Stored(
        List.of(new Delivery("s", id, List.of(), null)), Map.of(), 1);
  }

  /** The failure the stage reports to the worker's loop, once it has one. */
  private static RuntimeException awaitFailure(IncidentRebuilder stage) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try {
                stage.throwIfFailed();
                return false;
              } catch (RuntimeException e) {
                failure.set(e);
                return true;
              }
            });
    return failure.get();
  }

  @Test
  void acknowledgesInTheOrderStoredAndCountsAfter() throws Exception {
    try (IncidentRebuilder stage = stage()) {
      for (int i = 0; i < 200; i++) { // beyond the bound of batches waiting: the submitter waits
        stage.submit(stored("e" + i));
      }
      stage.hurry();
      await().atMost(Duration.ofSeconds(10)).until(() -> stats.handled.sum() == 200);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        expected.add("e" + i);
      }
      assertThat(acked).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aFailedAckReachesTheWorkerAndNothingIsAcknowledgedUntilItRecovered() throws Exception {
    try (IncidentRebuilder stage = stage()) {
      refuse.set(true);
      stage.submit(stored("a"));
      stage.hurry();
      assertThat(awaitFailure(stage)).hasMessageContaining("ack refused (test)");
      refuse.set(false);
      stage.submit(stored("b")); // handed out again by the bus once the worker recovered
      stage.recover();
      stage.submit(stored("c"));
      stage.hurry();
      await().atMost(Duration.ofSeconds(10)).until(() -> stats.handled.sum() == 1);
      assertThat(acked).containsExactly("c");
      stage.throwIfFailed(); // reported once
    }
  }

  @Test
  void theStageOutlivesAnErrorAndReportsIt() throws Exception {
    try (IncidentRebuilder stage = stage()) {
      crash.set(true);
      stage.submit(stored("a"));
      stage.hurry();
      assertThat(awaitFailure(stage))
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("ack crashed (test)");
      stage.recover();
      stage.submit(stored("b"));
      stage.hurry();
      await().atMost(Duration.ofSeconds(10)).until(() -> stats.handled.sum() == 1);
      assertThat(acked).containsExactly("b");
    }
  }
}
