package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.alert.SymbolCalibration;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.detect.KMeansDetector;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.Markets;
import dev.cryptoanomaly.train.TrainingData;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Binance klines of ../shared/data (spot 5m: market shocks, real gaps, OHLCV-only files)
 * through the worker's own per-series state, with candles lost on the bus, redelivered and restarts
 * that resume from the store: every decision equals batch scoring of the stored candles. A K-Means
 * model on the six specification features is fitted on each series itself.
 */
@Tag("slow")
class RealDataWorkerEqualsBatchTest {
  @TempDir Path home;

  @Test
  void everySpot5mSeriesIsDecidedAsBatchScoresIt() {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    Path data = Markets.sharedData().resolve("binance/spot/5m");
    assertThat(data).as("shared real data must be beside the repository").isDirectory();
    Cli.Result imported = Cli.run(env, Clock.systemUTC(), "import", data.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    FeatureSpec spec = FeatureSpec.specification();
    int checked = 0;
    try (KlineStore store = Stores.open(Settings.fromMap(env, home))) {
      for (SeriesKey series : store.series()) {
        List<Kline> klines = store.read(series, Long.MIN_VALUE, Long.MAX_VALUE);
        long end = series.interval().next(klines.get(klines.size() - 1).openTime());
        SeriesRows rows =
            TrainingData.load(store, List.of(series), spec, klines.get(0).openTime(), end).get(0);
        KMeansDetector detector = KMeansDetector.fit(rows.rows(), 4, 7);
        TrainedModel model =
            new TrainedModel(
                detector,
                spec,
                series.market(),
                series.interval(),
                SymbolCalibration.pooledOnly(ScoreCalibration.fit(detector.score(rows.rows()))),
                new AlertPolicy(
                    2, 12 * series.interval().millis(), 1e-3, series.interval().millis()),
                null);
        WorkerReplay.assertDecisionsEqualBatch(
            store,
            series,
            new LoadedModel("real", 1, model),
            klines,
            new WorkerReplay.Bus(new Random(series.hashCode()), 0.05, 0.02, 0.001));
        checked++;
      }
    }
    assertThat(checked).as("spot 5m series in the shared data").isGreaterThanOrEqualTo(3);
  }
}
