package dev.cryptoanomaly.testkit;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Small metric helpers for tests. */
public final class Metrics {
  private Metrics() {}

  /** ROC AUC by the Mann-Whitney statistic, ties counted half. */
  public static double rocAuc(double[] scores, boolean[] positive) {
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int m = i; m <= j; m++) {
        if (positive[order[m]]) {
          rankSum += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = scores.length - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
