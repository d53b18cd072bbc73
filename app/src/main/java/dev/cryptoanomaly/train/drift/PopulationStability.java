package dev.cryptoanomaly.train.drift;

import java.util.Arrays;

/**
 * The population stability index of a recent sample against a reference: the reference's deciles
 * cut both into ten bins, and PSI = sum over bins of (recent - reference) * ln(recent / reference)
 * of their shares; an empty bin counts as a share of {@link #FLOOR}. The usual reading: below 0.1
 * stable, 0.1 to 0.25 a moderate shift, above 0.25 a significant one.
 */
public final class PopulationStability {
  static final int BINS = 10;
  static final double FLOOR = 1e-4;
  public static final double MODERATE = 0.1;
  public static final double SIGNIFICANT = 0.25;

  private PopulationStability() {}

  /** PSI of {@code recent} against {@code reference}; NaN values are left out of both. */
  public static double index(double[] reference, double[] recent) {
    double[] ref = finiteSorted(reference);
    double[] now = finiteSorted(recent);
    if (ref.length == 0 || now.length == 0) {
      return Double.NaN;
    }
    double[] edges = new double[BINS - 1];
    for (int b = 1; b < BINS; b++) {
      edges[b - 1] =
          ref[(int) Math.min(ref.length - 1, Math.floor(b * ref.length / (double) BINS))];
    }
    double[] expected = shares(ref, edges);
    double[] actual = shares(now, edges);
    double psi = 0;
    for (int b = 0; b < BINS; b++) {
      double e = Math.max(expected[b], FLOOR);
      double a = Math.max(actual[b], FLOOR);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** {@code stable}, {@code moderate} or {@code significant}. */
  public static String level(double psi) {
    if (!(psi >= MODERATE)) {
      return Double.isNaN(psi) ? "-" : "stable";
    }
    return psi >= SIGNIFICANT ? "significant" : "moderate";
  }

  /** Shares of sorted values in the bins (-inf, e0), [e0, e1), ..., [e8, +inf). */
  private static double[] shares(double[] sorted, double[] edges) {
    double[] out = new double[BINS];
    int i = 0;
    for (int b = 0; b < edges.length; b++) {
      int start = i;
      while (i < sorted.length && sorted[i] < edges[b]) {
        i++;
      }
      out[b] = (i - start) / (double) sorted.length;
    }
    out[BINS - 1] = (sorted.length - i) / (double) sorted.length;
    return out;
  }

  private static double[] finiteSorted(double[] values) {
    double[] out = Arrays.stream(values).filter(Double::isFinite).toArray();
    Arrays.sort(out);
    return out;
  }
}
