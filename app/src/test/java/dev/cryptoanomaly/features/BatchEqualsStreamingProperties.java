package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.FeatureReplay;
import dev.cryptoanomaly.testkit.RandomCandles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Streaming reproduces batch on generated markets: gaps, zero volumes, flat candles, missing trade
 * columns, symbols arriving in any order within an open time, duplicates, and restarts that rebuild
 * state from stored candles. The issue asks for 1e-9 relative; the design gives equality to the
 * bit, so that is what is checked.
 */
class BatchEqualsStreamingProperties {
  private static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 60_000;

  @Property(tries = 60)
  void streamingEqualsBatch(
      @ForAll @IntRange(min = 1, max = 700) int candles,
      @ForAll @DoubleRange(min = 0, max = 0.2) double gapChance,
      @ForAll @DoubleRange(min = 0, max = 0.3) double zeroVolumeChance,
      @ForAll @DoubleRange(min = 0, max = 0.2) double flatChance,
      @ForAll boolean trades,
      @ForAll @DoubleRange(min = 0, max = 0.05) double restartChance,
      @ForAll long seed) {
    Map<String, List<Kline>> market = new LinkedHashMap<>();
    market.put(
        "BTCUSDT",
        RandomCandles.generate(
            Interval.M1,
            START,
            new RandomCandles.Shape(candles, gapChance, zeroVolumeChance, flatChance, trades),
            seed));
    market.put(
        "ETHUSDT",
        RandomCandles.generate(
            Interval.M1,
            START,
            new RandomCandles.Shape(candles, gapChance / 2, zeroVolumeChance, flatChance, trades),
            seed + 1));

    FeatureSpec spec = FeatureSpec.all();
    var batch = FeatureReplay.batch(Interval.M1, market, spec);
    var streamed = FeatureReplay.stream(Interval.M1, market, spec, seed, restartChance);

    assertThat(FeatureReplay.firstDifference(batch, streamed, 0)).isNull();
  }
}
