package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.KlineCsv;
import dev.cryptoanomaly.testkit.Markets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drift} when the newest candles are too few to compare: one line naming --days. */
@Tag("slow")
class DriftCommandTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-05T00:00:00Z"), ZoneOffset.UTC);
  @TempDir Path home;

  @Test
  void aRecentWindowWithTooFewCandlesIsRefusedNamingDays() throws Exception {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    assertThat(
            Cli.run(env, CLOCK, "collect", "4", "--source", "synthetic", "--symbols", "BTCUSDT")
                .exit())
        .isZero();
    Cli.Result trained = Cli.run(env, CLOCK, "train", "--model", "kmeans", "--clusters", "2");
    assertThat(trained.exit()).as(trained.err()).isZero();
    // An hour of candles two weeks later: the last day holds 60 candles, 40 past the warm-up.
    List<Kline> hour = Markets.minutes("BTCUSDT", LocalDate.of(2024, 5, 20), 1).subList(0, 60);
    Path file = home.resolve("BTCUSDT-1m-2024-05-20.csv");
    Files.writeString(file, KlineCsv.csv(hour, false, false));
    assertThat(Cli.run(env, CLOCK, "import", file.toString()).exit()).isZero();

    assertOneLineUserError(
        Cli.run(env, CLOCK, "drift", "--days", "1"),
        "--days gives a recent window of",
        "at least 100 are needed");
    assertThat(Cli.run(env, CLOCK, "drift", "--days", "30").exit()).isZero();
  }
}
