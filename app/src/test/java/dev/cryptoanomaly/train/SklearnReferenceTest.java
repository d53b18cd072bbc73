package dev.cryptoanomaly.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster-quality measures and ROC AUC against scikit-learn 1.9.1 (numpy 2.4.6) on the inputs
 * of {@code src/test/python/reference_numerics.py}, which printed the expected values: the same
 * formulas build the same inputs here. A fourth, empty regime checks that regimes no row fell in
 * are left out, as scikit-learn only sees the labels present.
 */
class SklearnReferenceTest {
  static final double TOLERANCE = 1e-12;

  @Test
  void clusterQualityMatchesScikitLearn() {
    int n = 30;
    double[][] z = new double[n][3];
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      label[i] = i % 3;
      for (int j = 0; j < 3; j++) {
        z[i][j] = Math.sin(1.3 * i + 0.7 * j) + (j == 0 ? 2.0 * label[i] : 0.0);
      }
    }
    Map<String, Double> q = ClusterQuality.of(z, label, 4);
    assertThat(q.get("silhouette")).isCloseTo(0.2525314366692771, within(TOLERANCE));
    assertThat(q.get("davies_bouldin")).isCloseTo(1.172483279503096, within(TOLERANCE));
    assertThat(q.get("calinski_harabasz")).isCloseTo(25.728001334094202, within(1e-10));
    assertThat(q.get("regimes_used")).isEqualTo(3.0);
  }

  @Test
  void rocAucCountsTiesAsScikitLearnDoes() {
    double[] negatives = new double[25];
    for (int i = 0; i < negatives.length; i++) {
      negatives[i] = Math.floor(Math.sin(2.1 * i) * 5) / 5;
    }
    double[] positives = new double[12];
    for (int i = 0; i < positives.length; i++) {
      positives[i] = Math.floor(Math.sin(1.7 * i) * 5) / 5 + 0.4;
    }
    assertThat(Auc.rocAuc(negatives, positives)).isCloseTo(0.6433333333333333, within(TOLERANCE));
    // sklearn.metrics.average_precision_score on the same scores, positives labelled 1.
    assertThat(Auc.averagePrecision(negatives, positives))
        .isCloseTo(0.5469890060982014, within(TOLERANCE));
  }
}
