package dev.cryptoanomaly.train;

import java.util.Arrays;

/** ROC AUC of positives against negatives by the Mann-Whitney statistic, ties counted half. */
public final class Auc {
  private Auc() {}

  public static double rocAuc(double[] negatives, double[] positives) {
    double[] neg = negatives.clone();
    Arrays.sort(neg);
    double wins = 0;
    for (double p : positives) {
      int below = lowerBound(neg, p);
      int notAbove = upperBound(neg, p);
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) neg.length * positives.length);
  }

  private static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
