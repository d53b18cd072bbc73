package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A data folder with a week of simulated 1m candles of three symbols (seed 7, 2024-05-01 to
 * 2024-05-07) and a Gaussian mixture trained on the first five days as {@code
 * crypto-anomaly@champion}, made through the real command line; copies of it for tests that change
 * it.
 */
public final class TrainedHomes {
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-13T00:00:00Z"), ZoneOffset.UTC);
  public static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

  private TrainedHomes() {}

  public static void create(Path home) {
    create(home, "spec");
  }

  /**
   * The same, the model trained on {@code features} ({@code train --features}): a market-relative
   * model with the six of the specification and {@code market_relative_return}.
   */
  public static void create(Path home, String features) {
    create(home, features, 7);
  }

  /**
   * The same from another simulation seed: seed 3 has a market shock on 2024-05-07 (seed 7 has none
   * in the week), where incidents span several symbols.
   */
  public static void create(Path home, String features, int seed) {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result collected =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "--source",
            "synthetic",
            "--seed",
            Integer.toString(seed),
            "--symbols",
            String.join(",", SYMBOLS),
            "--start",
            "2024-05-01",
            "--end",
            "2024-05-07");
    assertThat(collected.exit()).as(collected.err()).isZero();
    Cli.Result train =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "gmm",
            "--clusters",
            "3",
            "--features",
            features,
            "--start",
            "2024-05-01",
            "--end",
            "2024-05-05");
    assertThat(train.exit()).as(train.err()).isZero();
  }

  /** {@code detect --start START --end END} on a data folder, which must succeed. */
  public static void detect(Path home, String start, String end) {
    Cli.Result detect =
        Cli.run(
            Map.of("CRYPTO_ANOMALY_HOME", home.toString()),
            CLOCK,
            "detect",
            "--start",
            start,
            "--end",
            end);
    assertThat(detect.exit()).as(detect.err()).isZero();
  }

  /** Copies a data folder into {@code target} and returns it. */
  public static Path copy(Path home, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(home.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }

  /**
   * The stored alerts of the home's symbols (1m spot) in [{@code from}, {@code to}), with the time
   * of detection set to 0: it differs by nature between two runs, everything else must be equal.
   */
  public static List<StoredAnomaly> alertsWithoutDetectionTime(Path home, long from, long to) {
    List<StoredAnomaly> out = new java.util.ArrayList<>();
    try (KlineStore store = SqliteKlineStore.open(home)) {
      for (String s : SYMBOLS) {
        for (StoredAnomaly a :
            store.anomalies(new SeriesKey(Market.SPOT, s, Interval.M1), from, to)) {
          out.add(
              new StoredAnomaly(
                  a.openTime(),
                  a.model(),
                  a.modelVersion(),
                  a.firstHit(),
                  a.lastHit(),
                  a.hits(),
                  a.score(),
                  a.probability(),
                  a.severity(),
                  a.explanationJson(),
                  0));
        }
      }
    }
    return out;
  }
}
