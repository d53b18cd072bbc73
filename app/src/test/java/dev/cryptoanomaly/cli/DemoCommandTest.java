package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.StoredAnomaly;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.train.eval.EventLabel;
import dev.cryptoanomaly.train.eval.EventLabels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, offline: simulated market, coverage, a trained champion, alerts, evaluation. */
@Tag("slow")
class DemoCommandTest {
  @TempDir Path home;

  /** Binance unreachable, so the demo simulates; the clock fixed for the planted events. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

  private Map<String, String> offline() {
    return Map.of(
        "CRYPTO_ANOMALY_HOME",
        home.toString(),
        "CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL",
        "http://127.0.0.1:1");
  }

  @Test
  void offlineDemoSimulatesTrainsDetectsAndEvaluates() {
    Map<String, String> env = offline();
    Cli.Result r = Cli.run(env, CLOCK, "demo", "--days", "3", "--no-serve");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Binance is unreachable")
        .contains("$ crypto-anomaly train --model gmm --clusters 2-6")
        .contains("crypto-anomaly@1 is the champion")
        .contains("$ crypto-anomaly detect --days 1")
        .containsPattern("\\d+ alerts from [\\d,]+ candles")
        // Each alert at its onset, with its rarest candle and how long it lasted.
        .containsPattern("id +symbol +onset \\(UTC\\) +peak \\(UTC\\) +lasts +move +close +score")
        // ... and the price move over it (first open to last close) and the close at its peak.
        .containsPattern(
            "\\na[0-9a-z]{12} +[A-Z]+USDT +(\\S+Z) +\\S+Z +\\d+(m|h|h\\d+m) +[+-]?[\\d.,]+% +[\\d.,]+ +")
        .contains("event_recall");
    assertPlantedEventsWereDetected(env, CLOCK);
  }

  /**
   * As a new user goes on: real 5m files imported beside the demo's simulated 1m series, then the
   * demo again. Its own steps name the series they use, so the second run works too, and it says
   * that it replaced the previous run's labels.
   */
  @Test
  void aSecondRunBesideImportedRealDataStillTrainsDetectsAndEvaluates() {
    Map<String, String> env = offline();
    Cli.Result first = Cli.run(env, CLOCK, "demo", "--days", "2", "--no-serve");
    assertThat(first.exit()).as(first.err()).isZero();
    Cli.Result imported =
        Cli.run(
            env,
            CLOCK,
            "import",
            dev.cryptoanomaly.testkit.Markets.sharedData().resolve("binance/spot/5m").toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    // A model of the real 5m candles made champion: the demo's 1m detection must not use it.
    Cli.Result fiveMinutes =
        Cli.run(
            env,
            CLOCK,
            "train",
            "--model",
            "kmeans",
            "--clusters",
            "2",
            "--interval",
            "5m",
            "--start",
            "2023-08-03",
            "--end",
            "2023-08-31");
    assertThat(fiveMinutes.exit()).as(fiveMinutes.err()).isZero();
    Cli.Result promoted =
        Cli.run(env, CLOCK, "models", "promote", "crypto-anomaly", "2", "--force");
    assertThat(promoted.exit()).as(promoted.err()).isZero();
    Cli.Result again = Cli.run(env, CLOCK, "demo", "--days", "2", "--no-serve");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("replacing the previous run's labels")
        .containsPattern("spot +BTCUSDT +1m .* simulated")
        .containsPattern("spot +BTCUSDT +5m .* import")
        .contains("--market spot --interval 1m")
        .contains("registered crypto-anomaly@3")
        .contains("$ crypto-anomaly detect --days 1 --model crypto-anomaly@3")
        .containsPattern("\\d+ alerts from [1-9][\\d,]* candles")
        // Each alert at its onset, with its rarest candle and how long it lasted.
        .containsPattern("id +symbol +onset \\(UTC\\) +peak \\(UTC\\) +lasts +move +close +score")
        // ... and the price move over it (first open to last close) and the close at its peak.
        .containsPattern(
            "\\na[0-9a-z]{12} +[A-Z]+USDT +(\\S+Z) +\\S+Z +\\d+(m|h|h\\d+m) +[+-]?[\\d.,]+% +[\\d.,]+ +")
        .contains("event_recall");
    // The 5m model stays champion: the demo's 1m model cannot be measured against it.
    assertThat(Cli.run(env, CLOCK, "models", "list").out())
        .containsPattern("crypto-anomaly +2 champion +kmeans +spot 5m");
    // A replay of the real 5m candles with the demo's 1m model would decide nothing: said at once.
    BadInputTest.assertOneLineUserError(
        Cli.run(
            env,
            CLOCK,
            "stream",
            "--source",
            "replay",
            "--symbols",
            "BTCUSDT",
            "--interval",
            "5m",
            "--start",
            "2020-03-12",
            "--end",
            "2020-03-13",
            "--speed",
            "max",
            "--model",
            "crypto-anomaly@3"),
        "--model crypto-anomaly@3",
        "takes spot 1m candles, not spot 5m");
  }

  /**
   * The day {@code detect} looked at holds planted events; at least half of them have a stored
   * alert within their window (give or take five candles), and the alerts are not spread over every
   * candle.
   */
  private void assertPlantedEventsWereDetected(Map<String, String> env, Clock clock) {
    long to = clock.millis();
    long from = to - 86_400_000L;
    List<EventLabel> planted =
        EventLabels.read(home.resolve("labels/synthetic-42.csv")).stream()
            .filter(e -> e.end() >= from && e.start() < to)
            .toList();
    assertThat(planted).as("planted events in the detected day").hasSizeGreaterThanOrEqualTo(3);
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      long total = 0;
      int detected = 0;
      for (EventLabel e : planted) {
        boolean hit = false;
        for (String symbol : Symbols.DEFAULTS) {
          if (!e.appliesTo(symbol)) {
            continue;
          }
          List<StoredAnomaly> near =
              store.anomalies(
                  new SeriesKey(Market.SPOT, symbol, Interval.M1),
                  e.start() - 5 * 60_000L,
                  e.end() + 5 * 60_000L + 1);
          hit |= !near.isEmpty();
        }
        detected += hit ? 1 : 0;
      }
      for (String symbol : Symbols.DEFAULTS) {
        total += store.anomalies(new SeriesKey(Market.SPOT, symbol, Interval.M1), from, to).size();
      }
      assertThat(detected)
          .as("planted events with an alert, of %d: %s", planted.size(), planted)
          .isGreaterThanOrEqualTo((planted.size() + 1) / 2);
      assertThat(total).as("alerts over the day").isLessThan(200);
    }
  }
}
