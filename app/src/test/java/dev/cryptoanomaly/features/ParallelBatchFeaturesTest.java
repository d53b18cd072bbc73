package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.RandomCandles;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * One long series split into tasks gives the columns appends give and the frame one pass gives, to
 * the bit: gaps, zero volumes and flat candles across task boundaries, from a first row inside a
 * task, on a pool of 3.
 */
class ParallelBatchFeaturesTest {
  private static final long START = 1_704_067_200_000L;

  @Test
  void aCandleOutOfOrderIsRefusedByTheParallelFillAsByAppends() {
    List<Kline> ks =
        new java.util.ArrayList<>(
            RandomCandles.generate(
                Interval.M1, START, new RandomCandles.Shape(200_000, 0, 0, 0, true), 8));
    ks.set(150_000, ks.get(149_998));
    assertThatThrownBy(() -> BatchFeatures.columnsInParallel(Interval.M1, ks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "candle at "
                + ks.get(149_998).openTime()
                + " does not follow "
                + ks.get(149_999).openTime());
  }

  @Test
  void tasksGiveTheSingleTaskFrameToTheBit() {
    List<Kline> ks =
        RandomCandles.generate(
            Interval.M1, START, new RandomCandles.Shape(300_000, 0.001, 0.02, 0.05, true), 7);
    CandleColumns c = BatchFeatures.columns(Interval.M1, ks);
    BatchFeatures.alignReference(c, c); // its own reference, as the reference symbol's series
    CandleColumns filled;
    try (ForkJoinPool pool = new ForkJoinPool(3)) {
      filled = pool.submit(() -> BatchFeatures.columnsInParallel(Interval.M1, ks)).join();
    }
    BatchFeatures.alignReference(filled, filled);
    assertThat(filled.size).isEqualTo(c.size);
    for (double[][] pair :
        new double[][][] {
          {filled.open, c.open},
          {filled.high, c.high},
          {filled.low, c.low},
          {filled.close, c.close},
          {filled.volume, c.volume},
          {filled.trades, c.trades},
          {filled.takerBuy, c.takerBuy},
          {filled.volatility, c.volatility},
          {filled.typicalVolume, c.typicalVolume},
          {filled.logReturn, c.logReturn},
          {filled.referenceReturn, c.referenceReturn}
        }) {
      assertThat(java.util.Arrays.equals(pair[0], 0, c.size, pair[1], 0, c.size)).isTrue();
    }
    assertThat(java.util.Arrays.equals(filled.run, 0, c.size, c.run, 0, c.size)).isTrue();
    assertThat(java.util.Arrays.equals(filled.openTime, 0, c.size, c.openTime, 0, c.size)).isTrue();
    FeatureSpec spec = FeatureSpec.all();
    for (int fromRow : new int[] {0, 12_345, BatchFeatures.PARALLEL_ROWS + 3}) {
      FeatureFrame one = BatchFeatures.compute(c, spec, fromRow);
      FeatureFrame split;
      try (ForkJoinPool pool = new ForkJoinPool(3)) {
        split = pool.submit(() -> BatchFeatures.computeInParallel(c, spec, fromRow)).join();
      }
      assertThat(split.rows()).isEqualTo(one.rows()).isGreaterThan(2 * BatchFeatures.PARALLEL_ROWS);
      for (int r = 0; r < one.rows(); r++) {
        assertThat(split.openTime(r)).isEqualTo(one.openTime(r));
        assertThat(split.exclusion(r)).isEqualTo(one.exclusion(r));
        for (int col = 0; col < one.width(); col++) {
          if (Double.doubleToRawLongBits(split.value(r, col))
              != Double.doubleToRawLongBits(one.value(r, col))) {
            assertThat(split.value(r, col))
                .as("row %d, %s", r, spec.features().get(col).id())
                .isEqualTo(one.value(r, col));
          }
        }
      }
      assertThat(one.validRows()).isPositive();
      assertThat(one.excluded()).isNotEmpty();
    }
  }
}
