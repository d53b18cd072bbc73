package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.detect.RobustScaler;
import java.util.SplittableRandom;

/**
 * Anomalies planted into held-out rows to tell how well a trial detects what matters, not only how
 * well it clusters: copies of real rows with one or two features pushed 6 to 10 robust standard
 * deviations away (upwards only for features that are never negative, such as ratios and ranges).
 * Seeded, so every trial is judged on the same rows.
 */
public final class InjectedAnomalies {
  private InjectedAnomalies() {}

  /** {@code count} injected rows made from rows of {@code base}. */
  public static FeatureMatrix make(FeatureMatrix base, int count, long seed) {
    RobustScaler spread = RobustScaler.fit(base);
    int w = base.width();
    boolean[] nonNegative = new boolean[w];
    for (int c = 0; c < w; c++) {
      nonNegative[c] = true;
      for (int r = 0; r < base.rows() && nonNegative[c]; r++) {
        nonNegative[c] = base.get(r, c) >= 0;
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
        out[i * w + c] += sign * rng.nextDouble(6, 10) * spread.scale()[c];
      }
    }
    return new FeatureMatrix(base.columns(), count, out);
  }
}
