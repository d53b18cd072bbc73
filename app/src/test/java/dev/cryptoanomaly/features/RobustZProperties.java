package dev.cryptoanomaly.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The sliding robust z-score gives, to the bit, what sorting each row's window and its deviations
 * gives, on values with many ties, signed zeros and the odd NaN, for odd and even windows.
 */
class RobustZProperties {
  @Property(tries = 300)
  void slidingWindowIsSortingEachRow(
      @ForAll @IntRange(min = 1, max = 400) int rows,
      @ForAll @IntRange(min = 1, max = 25) int n,
      @ForAll @IntRange(min = 1, max = 1000) int distinct,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    double[] x = new double[n + rows];
    for (int i = 0; i < x.length; i++) {
      int kind = rnd.nextInt(40);
      x[i] =
          kind == 0
              ? -0.0
              : kind == 1
                  ? 0.0
                  : kind == 2 ? Double.NaN : (rnd.nextInt(distinct) - distinct / 2) / 1e4;
    }
    double[] sliding = new double[rows];
    Formulas.robustZs(x, n, n + rows, n, sliding, 0);
    for (int t = n; t < n + rows; t++) {
      double expected = sortedTwice(x, t, n);
      assertThat(Double.doubleToLongBits(sliding[t - n]))
          .as("row %d", t)
          .isEqualTo(Double.doubleToLongBits(expected));
      assertThat(Double.doubleToLongBits(Formulas.robustZ(x, t, n)))
          .isEqualTo(Double.doubleToLongBits(expected));
    }
  }

  /** The definition: sort the window, take its median, sort the deviations, take theirs. */
  private static double sortedTwice(double[] x, int t, int n) {
    double[] w = Arrays.copyOfRange(x, t - n, t);
    Arrays.sort(w);
    double median = median(w);
    for (int i = 0; i < n; i++) {
      w[i] = Math.abs(w[i] - median);
    }
    Arrays.sort(w);
    double mad = median(w);
    double baseline = 1.4826 * mad;
    return baseline == 0 ? Double.NaN : (x[t] - median) / baseline;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
