package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.online.LoadedModel;
import dev.cryptoanomaly.online.SeriesDetection;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.RandomCandles;
import dev.cryptoanomaly.testkit.SavedModels;
import dev.cryptoanomaly.train.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Batch equals streaming through the production path: the worker's per-series state ({@link
 * SeriesDetection}) takes candles from a bus that loses some (caught up from the store on the next
 * one), redelivers others, and now and then the worker restarts and resumes from the store's last
 * decision. Every candle is decided exactly once, and each decision's score and tail probability
 * equal, to the bit, what batch scoring of the stored candles gives ({@code detect}'s path, {@link
 * TrainingData} and {@link TrainedModel#score}); rows batch leaves out are excluded. The model is
 * the checked-in saved version (GMM on the six specification features).
 */
class WorkerStateProperties {
  private static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 60_000;
  private static final SeriesKey SERIES = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);

  @Property(tries = 25)
  void decisionsEqualBatchScoresThroughLossRedeliveryAndRestarts(
      @ForAll @IntRange(min = 1, max = 400) int candles,
      @ForAll @DoubleRange(min = 0, max = 0.1) double gapChance,
      @ForAll @DoubleRange(min = 0, max = 0.2) double zeroVolumeChance,
      @ForAll @DoubleRange(min = 0, max = 0.2) double lossChance,
      @ForAll @DoubleRange(min = 0, max = 0.1) double redeliveryChance,
      @ForAll @DoubleRange(min = 0, max = 0.05) double restartChance,
      @ForAll long seed)
      throws Exception {
    Path home = Files.createTempDirectory("worker-state");
    try {
      List<Kline> klines =
          RandomCandles.generate(
              Interval.M1,
              START,
              new RandomCandles.Shape(candles, gapChance, zeroVolumeChance, 0.05, false),
              seed);
      LoadedModel model = new LoadedModel("fixture", 1, savedModel(home));
      try (KlineStore store = SqliteKlineStore.open(home)) {
        store.write(SERIES, klines, KlineStoreContract.ledger("generated", SERIES, klines.size()));
        WorkerReplay.assertDecisionsEqualBatch(
            store,
            SERIES,
            model,
            klines,
            new WorkerReplay.Bus(new Random(seed), lossChance, redeliveryChance, restartChance));
      }
    } finally {
      delete(home);
    }
  }

  private static TrainedModel savedModel(Path home) throws Exception {
    SavedModels.copyInto(home, "format-2");
    return new LocalModelRegistry(home).load(SavedModels.NAME, 1);
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
