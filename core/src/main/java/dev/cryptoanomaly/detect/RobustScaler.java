package dev.cryptoanomaly.detect;

import java.util.Arrays;

/**
 * Centres each feature on its training median and divides by its interquartile range / 1.349
 * ({@link #NORMAL_IQR}, the standard deviation for normal data). Robust because crypto features are
 * heavy-tailed: a standard scaler fitted on a month containing a crash squeezes every normal candle
 * towards zero. Quantiles come from at most {@link #SAMPLE} evenly spaced training rows. A feature
 * with no spread keeps scale 1.
 */
public record RobustScaler(double[] center, double[] scale) {
  /** Value semantics: equal when the arrays hold equal elements. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RobustScaler o
        && java.util.Arrays.equals(center, o.center)
        && java.util.Arrays.equals(scale, o.scale);
  }

  @Override
  public int hashCode() {
    int h = java.util.Arrays.hashCode(center);
    h = 31 * h + java.util.Arrays.hashCode(scale);
    return h;
  }

  @Override
  public String toString() {
    return "RobustScaler["
        + "center="
        + java.util.Arrays.toString(center)
        + ", "
        + "scale="
        + java.util.Arrays.toString(scale)
        + "]";
  }

  static final int SAMPLE = 200_000;

  /**
   * The interquartile range of the standard normal, {@code 2 * Φ⁻¹(0.75)}: dividing by it makes the
   * scale a standard deviation for normal data, as scikit-learn's {@code unit_variance=True}.
   */
  static final double NORMAL_IQR = 1.3489795003921634;

  public static RobustScaler fit(FeatureMatrix train) {
    int w = train.width();
    int step = Math.max(1, train.rows() / SAMPLE);
    int n = (train.rows() + step - 1) / step;
    double[] center = new double[w];
    double[] scale = new double[w];
    // The sampled rows are read once, row by row (a column at a time would walk the whole matrix
    // once per feature), and the columns sort side by side: most of a fast fit's set-up.
    double[][] columns = new double[w][n];
    double[] values = train.values();
    for (int i = 0; i < n; i++) {
      int at = i * step * w;
      for (int c = 0; c < w; c++) {
        columns[c][i] = values[at + c];
      }
    }
    java.util.stream.IntStream.range(0, w)
        .parallel()
        .forEach(
            c -> {
              double[] column = columns[c];
              Arrays.sort(column);
              center[c] = quantile(column, 0.5);
              double iqr = quantile(column, 0.75) - quantile(column, 0.25);
              scale[c] = iqr > 0 ? iqr / NORMAL_IQR : 1.0;
            });
    return new RobustScaler(center, scale);
  }

  /** Linear interpolation between closest ranks, as numpy's default. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Scales {@code width} values of {@code in} at {@code offset} into {@code out}. */
  void transform(double[] in, int offset, double[] out) {
    transform(in, offset, out, 0);
  }

  void transform(double[] in, int offset, double[] out, int outOffset) {
    for (int j = 0; j < center.length; j++) {
      out[outOffset + j] = (in[offset + j] - center[j]) / scale[j];
    }
  }

  double unscale(int feature, double scaled) {
    return scaled * scale[feature] + center[feature];
  }

  /** The whole matrix scaled, row-major. */
  double[] transformAll(FeatureMatrix m) {
    int w = m.width();
    double[] in = m.values();
    double[] out = new double[in.length];
    int rows = m.rows();
    int block = 16_384;
    // Blocks of rows in parallel: each value is scaled on its own, so the result is the same.
    java.util.stream.IntStream.range(0, (rows + block - 1) / block)
        .parallel()
        .forEach(
            b -> {
              int to = Math.min(rows, (b + 1) * block);
              for (int r = b * block; r < to; r++) {
                transform(in, r * w, out, r * w);
              }
            });
    return out;
  }
}
