package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.testkit.RandomCandles;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * One long series split into tasks gives the frame one pass gives, to the bit: gaps, zero volumes
 * and flat candles across task boundaries, from a first row inside a task, on a pool of 3.
 */
class ParallelBatchFeaturesTest {
  private static final long START = 1_704_067_200_000L;

  @Test
  void tasksGiveTheSingleTaskFrameToTheBit() {
    List<Kline> ks =
        RandomCandles.generate(
            Interval.M1, START, new RandomCandles.Shape(300_000, 0.001, 0.02, 0.05, true), 7);
    CandleColumns c = BatchFeatures.columns(Interval.M1, ks);
    BatchFeatures.alignReference(c, c); // its own reference, as the reference symbol's series
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
