package dev.cryptoanomaly.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TrainedHomes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink backfill}: the live job's program in batch execution mode over two stored days, at
 * parallelism 2, stores exactly the alerts {@code detect} stores for them, and a second run changes
 * nothing.
 */
@Tag("slow")
class FlinkBackfillTest {
  static final long FROM = Instant.parse("2024-05-06T00:00:00Z").toEpochMilli();
  static final long TO = Instant.parse("2024-05-08T00:00:00Z").toEpochMilli();

  @TempDir static Path trained;

  @BeforeAll
  static void simulateAndTrain() {
    TrainedHomes.create(trained);
  }

  @Test
  void aBackfillStoresWhatDetectStores(@TempDir Path a, @TempDir Path b) throws Exception {
    Path batchHome = TrainedHomes.copy(trained, a);
    Path flinkHome = TrainedHomes.copy(trained, b);
    String[] period = {"--start", "2024-05-06", "--end", "2024-05-07"};
    TrainedHomes.detect(batchHome, period[1], period[3]);
    List<StoredAnomaly> expected = alerts(batchHome);
    assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
    for (int run = 0; run < 2; run++) {
      Cli.Result backfill =
          Cli.run(
              Map.of("CRYPTO_ANOMALY_HOME", flinkHome.toString()),
              TrainedHomes.CLOCK,
              "flink",
              "backfill",
              period[0],
              period[1],
              period[2],
              period[3],
              "--parallelism",
              "2");
      assertThat(backfill.exit()).as(backfill.err()).isZero();
      assertThat(backfill.out())
          .contains("8,640 candles of 3 series decided by crypto-anomaly@1")
          .contains(expected.size() + " alerts stored");
      assertThat(alerts(flinkHome)).as("run " + (run + 1)).isEqualTo(expected);
    }
  }

  private static List<StoredAnomaly> alerts(Path home) {
    return TrainedHomes.alertsWithoutDetectionTime(home, FROM, TO);
  }
}
