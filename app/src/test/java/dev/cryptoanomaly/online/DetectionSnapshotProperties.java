package dev.cryptoanomaly.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.registry.LocalModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.testkit.RandomCandles;
import dev.cryptoanomaly.testkit.SavedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * A series' state restored from its encoded snapshot (what a Flink checkpoint holds) decides every
 * later candle exactly as the state it was taken of: scores, probabilities, alert groups and
 * announcements, to the bit, through gaps, zero-volume candles and alert groups open at the cut.
 */
class DetectionSnapshotProperties {
  private static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 60_000;
  private static final SeriesKey SERIES = new SeriesKey(Market.SPOT, "ETHUSDT", Interval.M1);

  @Property(tries = 25)
  void aRestoredStateDecidesAsTheOriginal(
      @ForAll @IntRange(min = 2, max = 400) int candles,
      @ForAll @DoubleRange(min = 0, max = 1) double cutAt,
      @ForAll @DoubleRange(min = 0, max = 0.1) double gapChance,
      @ForAll @DoubleRange(min = 0, max = 0.2) double zeroVolumeChance,
      @ForAll long seed)
      throws Exception {
    Path home = Files.createTempDirectory("snapshot");
    try {
      List<Kline> klines =
          RandomCandles.generate(
              Interval.M1,
              START,
              new RandomCandles.Shape(candles, gapChance, zeroVolumeChance, 0.05, false),
              seed);
      SavedModels.copyInto(home, "format-2");
      LoadedModel model =
          new LoadedModel("fixture", 1, new LocalModelRegistry(home).load(SavedModels.NAME, 1));
      int cut = (int) Math.min(klines.size() - 1, Math.floor(cutAt * klines.size()));
      try (KlineStore store = SqliteKlineStore.open(home)) {
        store.write(SERIES, klines, KlineStoreContract.ledger("generated", SERIES, klines.size()));
        SeriesDetection original = SeriesDetection.resume(store, SERIES, model, START);
        for (Kline k : klines.subList(0, cut)) {
          original.take(store, k, 0, 0, 0);
        }
        byte[] checkpoint = original.snapshot().encode();
        SeriesDetection restored =
            SeriesDetection.restore(SERIES, model, DetectionSnapshot.decode(checkpoint));
        List<SeriesDetection.Step> expected = new ArrayList<>();
        List<SeriesDetection.Step> actual = new ArrayList<>();
        for (Kline k : klines.subList(cut, klines.size())) {
          expected.addAll(original.take(store, k, 7, 8, 9));
          actual.addAll(restored.take(store, k, 7, 8, 9));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
      }
    } finally {
      try (var all = Files.walk(home)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
