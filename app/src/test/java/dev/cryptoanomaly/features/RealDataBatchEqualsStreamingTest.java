package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FeatureReplay;
import dev.cryptoanomaly.testkit.Markets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Batch == streaming on the real Binance klines in ../shared/data: market shocks, real gaps,
 * OHLCV-only spot files and futures files with trade counts, every symbol of a market and interval
 * streamed together with restarts.
 */
@Tag("slow")
class RealDataBatchEqualsStreamingTest {
  @TempDir static Path home;
  static Settings settings;

  @BeforeAll
  static void importSharedData() {
    Path data = Markets.sharedData().resolve("binance");
    assertThat(data).as("shared real data must be beside the repository").isDirectory();
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    for (String folder : List.of("spot/5m", "spot/1m", "futures-um/1m")) {
      Cli.Result r = Cli.run(env, Clock.systemUTC(), "import", data.resolve(folder).toString());
      assertThat(r.exit()).as(r.err()).isZero();
    }
    settings = Settings.fromMap(env, home);
  }

  @ParameterizedTest
  @CsvSource({"spot, 5m", "spot, 1m", "futures-um, 1m"})
  void streamingEqualsBatchOnEveryRow(String market, String interval) {
    Market m = Market.parse(market);
    Interval iv = Interval.parse(interval);
    Map<String, List<Kline>> candles = new LinkedHashMap<>();
    try (KlineStore store = Stores.open(settings)) {
      for (SeriesKey s : store.series()) {
        if (s.market() == m && s.interval() == iv) {
          candles.put(s.symbol(), store.read(s, Long.MIN_VALUE, Long.MAX_VALUE));
        }
      }
    }
    assertThat(candles).hasSizeGreaterThanOrEqualTo(3);
    FeatureSpec spec = FeatureSpec.all();

    var batch = FeatureReplay.batch(iv, candles, spec);
    var streamed = FeatureReplay.stream(iv, candles, spec, 2024, 0.0005);

    assertThat(FeatureReplay.firstDifference(batch, streamed, 0)).isNull();
    long rows = batch.values().stream().mapToLong(FeatureFrame::rows).sum();
    long lost =
        batch.values().stream()
            .flatMap(f -> f.excluded().entrySet().stream())
            .filter(e -> e.getKey() != Exclusion.MISSING_COLUMNS)
            .filter(e -> e.getKey() != Exclusion.MISSING_REFERENCE)
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(lost).as("rows lost to gaps, zero volume or zero baselines").isLessThan(rows / 50);
  }
}
