package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.FeatureRows;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code features}: computes and stores features of a simulated market, as the original did. */
class FeaturesCommandTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);
  static final SeriesKey ETH = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);

  @TempDir Path home;
  Map<String, String> env;

  @BeforeEach
  void collectTwoDays() {
    env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Cli.Result collected =
        Cli.run(
            env, CLOCK, "collect", "2", "--source", "synthetic", "--symbols", "BTCUSDT,ETHUSDT");
    assertThat(collected.exit()).as(collected.err()).isZero();
  }

  @Test
  void computesAndStoresEveryFeatureOfTheLastDays() {
    Cli.Result r = Cli.run(env, CLOCK, "features", "30");
    assertThat(r.exit()).as(r.err()).isZero();
    // 2024-05-04 00:00 to 2024-05-06 12:00 (the clock), in minutes; the first 21 fill windows.
    assertThat(r.out()).containsPattern("spot ETHUSDT 1m +3,600 rows +3,57\\d valid");
    assertThat(r.out()).contains("warmup_or_gap 21");
    assertThat(r.out()).doesNotContain("unavailable");

    String key = FeatureSpec.all().key();
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      FeatureRows rows = store.readFeatures(ETH, key, FeatureSpec.all().size(), 0, Long.MAX_VALUE);
      assertThat(rows.rows()).hasSize(3600);
      assertThat(rows.rows().get(0).exclusion()).isEqualTo("warmup_or_gap");
      assertThat(rows.rows().get(100).exclusion()).isNull();
      assertThat(java.util.Arrays.stream(rows.rows().get(100).values()).allMatch(Double::isFinite))
          .isTrue();
    }
  }

  @Test
  void manySeriesAreSummedUpNotListedOneByOne() {
    StringBuilder symbols = new StringBuilder("BTCUSDT");
    for (int i = 1; i < 25; i++) {
      symbols.append(",S").append(i).append("USDT");
    }
    Cli.Result collected =
        Cli.run(
            env, CLOCK, "collect", "1", "--source", "synthetic", "--symbols", symbols.toString());
    assertThat(collected.exit()).as(collected.err()).isZero();
    Cli.Result r = Cli.run(env, CLOCK, "features", "2", "--features", "spec");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("features 2024-05-04 to 2024-05-06: 26 series, [\\d,]+ rows");
    assertThat(r.out().lines()).hasSize(1);
  }

  @Test
  void daysAsOptionOrNumberAndRerunsAreIdempotent() {
    Cli.Result a = Cli.run(env, CLOCK, "features", "--days", "30", "--features", "spec");
    Cli.Result b = Cli.run(env, CLOCK, "features", "30", "--features", "spec");
    assertThat(a.exit()).isZero();
    assertThat(b.out()).isEqualTo(a.out());
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      FeatureSpec spec = FeatureSpec.specification();
      assertThat(store.readFeatures(ETH, spec.key(), spec.size(), 0, Long.MAX_VALUE).rows())
          .hasSize(3600);
    }
  }

  @Test
  void listsTheRegistry() {
    Cli.Result r = Cli.run(env, CLOCK, "features", "--list");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("registry version 1")
        .contains("volume_ratio")
        .contains("Volume / mean volume of the previous 10 candles.")
        .contains("market_relative_return");
  }

  @Test
  void badInputsGiveOneLine() {
    assertOneLineUserError(
        Cli.run(env, CLOCK, "features", "--features", "volatility,volume_ration"),
        "unknown feature 'volume_ration'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "features", "--start", "2024-05-05", "--end", "2024-05-01"),
        "--end 2024-05-01 is before the start date 2024-05-05");
    assertOneLineUserError(Cli.run(env, CLOCK, "features", "0"), "--days must be between");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "features", "--symbols", "DOGEUSDT"), "no stored series match");
    assertOneLineUserError(Cli.run(env, CLOCK, "features", "--interval", "7m"), "7m");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "features", "--start", "2024-13-01"), "'--start': expects a UTC date");
  }
}
