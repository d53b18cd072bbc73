package dev.cryptoanomaly.train;

import java.util.Arrays;

/**
 * Ranking measures of positives against negatives, higher scores ranked first: ROC AUC by the
 * Mann-Whitney statistic (ties counted half) and average precision (the area under the
 * precision-recall curve, ties taken together), both as scikit-learn computes them.
 */
public final class Auc {
  private Auc() {}

  /**
   * Average precision: the precision at each distinct score, weighted by the recall it adds. Unlike
   * ROC AUC it falls when a few negatives outrank the positives, which is what separates models
   * once every injected anomaly is caught at the threshold.
   */
  public static double averagePrecision(double[] negatives, double[] positives) {
    return averagePrecisionSortingInPlace(negatives.clone(), positives.clone());
  }

  /**
   * The same, sorting the arrays it is given instead of copies: for callers that built them for
   * this alone, where a copy of every candle's score would double the memory it takes.
   */
  public static double averagePrecisionSortingInPlace(double[] neg, double[] pos) {
    if (pos.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(neg);
    Arrays.sort(pos);
    int n = neg.length;
    int p = pos.length;
    int i = n - 1;
    int j = p - 1;
    long seen = 0;
    long hits = 0;
    double ap = 0;
    while (j >= 0) {
      double score = Math.max(pos[j], i >= 0 ? neg[i] : Double.NEGATIVE_INFINITY);
      long tiedHits = 0;
      while (j >= 0 && pos[j] == score) {
        tiedHits++;
        j--;
      }
      long tiedMisses = 0;
      while (i >= 0 && neg[i] == score) {
        tiedMisses++;
        i--;
      }
      seen += tiedHits + tiedMisses;
      hits += tiedHits;
      ap += tiedHits * (hits / (double) seen);
    }
    return ap / p;
  }

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
