package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StratifiedSampleTest {
  /** A series whose rows hold (series number, row number). */
  private static SeriesRows part(int series, int rows) {
    long[] t = new long[rows];
    double[] v = new double[rows * 2];
    for (int i = 0; i < rows; i++) {
      t[i] = i * 60_000L;
      v[2 * i] = series;
      v[2 * i + 1] = i;
    }
    return new SeriesRows(
        new SeriesKey(Market.SPOT, "S" + series + "USDT", Interval.M1),
        t,
        new FeatureMatrix(List.of("series", "row"), rows, v));
  }

  @Test
  void eachSeriesGivesItsShareSpreadEvenlyOverItsPeriod() {
    List<SeriesRows> parts = List.of(part(0, 100), part(1, 300), part(2, 600));
    FeatureMatrix s = StratifiedSample.of(parts, 100);
    assertThat(s.rows()).isEqualTo(100);
    int[] counts = new int[3];
    List<Double> rowsOfLargest = new ArrayList<>();
    for (int r = 0; r < s.rows(); r++) {
      int series = (int) s.values()[2 * r];
      counts[series]++;
      if (series == 2) {
        rowsOfLargest.add(s.values()[2 * r + 1]);
      }
    }
    assertThat(counts).containsExactly(10, 30, 60);
    // Every tenth row, from the middle of the first step to the middle of the last.
    assertThat(rowsOfLargest.getFirst()).isEqualTo(5.0);
    assertThat(rowsOfLargest.getLast()).isEqualTo(595.0);
    assertThat(StratifiedSample.of(parts, 100).values()).containsExactly(s.values());
    assertThat(StratifiedSample.of(parts, 5_000).rows())
        .as("under the cap: every row")
        .isEqualTo(1_000);
  }

  @Property(tries = 200)
  void theSampleHasTheCapAndEverySeriesItsProportionalShare(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 2_000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 3_000) int cap) {
    List<SeriesRows> parts = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      parts.add(part(i, sizes.get(i)));
    }
    long total = sizes.stream().mapToLong(Integer::longValue).sum();
    FeatureMatrix s = StratifiedSample.of(parts, cap);
    assertThat(s.rows()).isEqualTo((int) Math.min(cap, total));
    int[] counts = new int[sizes.size()];
    for (int r = 0; r < s.rows(); r++) {
      counts[(int) s.values()[2 * r]]++;
    }
    for (int i = 0; i < sizes.size(); i++) {
      double share = total <= cap ? sizes.get(i) : sizes.get(i) * (double) cap / total;
      assertThat(counts[i]).isLessThanOrEqualTo(sizes.get(i));
      assertThat((double) counts[i]).isBetween(Math.floor(share), Math.ceil(share) + 1);
    }
  }
}
