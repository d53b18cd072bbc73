package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.train.Auc;
import java.util.stream.IntStream;

/** Small metric helpers for tests. */
public final class Metrics {
  private Metrics() {}

  /** ROC AUC of the scores of positive rows against the others ({@link Auc}, ties half). */
  public static double rocAuc(double[] scores, boolean[] positive) {
    double[] pos =
        IntStream.range(0, scores.length)
            .filter(i -> positive[i])
            .mapToDouble(i -> scores[i])
            .toArray();
    double[] neg =
        IntStream.range(0, scores.length)
            .filter(i -> !positive[i])
            .mapToDouble(i -> scores[i])
            .toArray();
    return Auc.rocAuc(neg, pos);
  }
}
