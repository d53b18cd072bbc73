package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.FeatureMatrix;
import java.util.SplittableRandom;

/**
 * Anomalies planted into held-out rows to tell how well a trial detects what matters, not only how
 * well it clusters: copies of real rows with one or two features pushed beyond anything normal, to
 * 1.5 to 3 times the 99.9th percentile of that feature's absolute deviation from its median
 * (upwards only for features that are never negative, such as ratios and ranges). Pushes scaled to
 * the tails, not to the spread, because crypto features are heavy-tailed: at an alert budget of a
 * few per day only what lies past the normal extremes can be caught. Seeded, so every trial is
 * judged on the same rows.
 */
public final class InjectedAnomalies {
  static final double TAIL_QUANTILE = 0.999;

  private InjectedAnomalies() {}

  /** {@code count} injected rows made from rows of {@code base}. */
  public static FeatureMatrix make(FeatureMatrix base, int count, long seed) {
    int w = base.width();
    double[] median = new double[w];
    double[] extreme = new double[w];
    boolean[] nonNegative = new boolean[w];
    for (int c = 0; c < w; c++) {
      double[] column = base.column(c);
      java.util.Arrays.sort(column);
      median[c] = column[column.length / 2];
      nonNegative[c] = column[0] >= 0;
      double[] deviation = new double[column.length];
      for (int i = 0; i < column.length; i++) {
        deviation[i] = Math.abs(column[i] - median[c]);
      }
      java.util.Arrays.sort(deviation);
      extreme[c] =
          deviation[(int) Math.min(deviation.length - 1, TAIL_QUANTILE * deviation.length)];
      if (!(extreme[c] > 0)) {
        extreme[c] = 1;
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[count * w];
    for (int i = 0; i < count; i++) {
      int source = rng.nextInt(base.rows());
      System.arraycopy(base.values(), source * w, out, i * w, w);
      int pushes = 1 + rng.nextInt(Math.min(2, w));
      for (int p = 0; p < pushes; p++) {
        int c = rng.nextInt(w);
        double sign = nonNegative[c] || rng.nextBoolean() ? 1 : -1;
        out[i * w + c] = median[c] + sign * rng.nextDouble(1.5, 3) * extreme[c];
      }
    }
    return new FeatureMatrix(base.columns(), count, out);
  }
}
