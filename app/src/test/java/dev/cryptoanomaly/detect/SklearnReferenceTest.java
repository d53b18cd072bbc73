package dev.cryptoanomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The robust scaler and the mixture's log-likelihood against scikit-learn 1.9.1 (numpy 2.4.6) on
 * the inputs of {@code src/test/python/reference_numerics.py}, which printed the expected values
 * ({@code RobustScaler(unit_variance=True)}, {@code GaussianMixture.score_samples} with the
 * weights, means and covariances set by hand).
 */
class SklearnReferenceTest {
  static final double TOLERANCE = 1e-12;

  @Test
  void robustScalerMatchesScikitLearnsUnitVarianceScaler() {
    double[][] rows = new double[41][3];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < 3; j++) {
        rows[i][j] = Math.exp(Math.sin(0.9 * i + j)) * (j + 1);
      }
    }
    RobustScaler s = RobustScaler.fit(FeatureMatrix.of(List.of("a", "b", "c"), rows));
    double[] center = {1.051715549776018, 2.3233831789368504, 3.62770045642676};
    double[] scale = {1.281556483812316, 2.7011679248782885, 4.131380475938853};
    for (int j = 0; j < 3; j++) {
      assertThat(s.center()[j]).as("center %d", j).isCloseTo(center[j], within(TOLERANCE));
      assertThat(s.scale()[j]).as("scale %d", j).isCloseTo(scale[j], within(TOLERANCE));
    }
  }

  @Test
  void mixtureLogLikelihoodMatchesScoreSamples() {
    double[][][] cov = {{{1.0, 0.3}, {0.3, 0.5}}, {{0.4, -0.1}, {-0.1, 0.8}}};
    assertLogDensities(
        cov,
        new double[] {
          -2.5671396952236867,
          -1.602321572153108,
          -9.512023721549012,
          -19.64098169624791,
          -2.3863453819448455
        });
    double[][][] diagonal = {{{1.0, 0}, {0, 0.5}}, {{0.4, 0}, {0, 0.8}}};
    assertLogDensities(
        diagonal,
        new double[] {
          -2.6289330524562278,
          -1.6210333050494203,
          -10.000842675852997,
          -14.694995994087357,
          -2.3121688903966686
        });
  }

  private static void assertLogDensities(double[][][] covariances, double[] expected) {
    int d = 2;
    double[] chol = new double[2 * d * d];
    for (int c = 0; c < 2; c++) {
      // The 2x2 Cholesky factor exactly (GaussianMixtureFit.cholesky adds its regularisation, as
      // scikit-learn's reg_covar does while fitting, not when scoring).
      double[][] v = covariances[c];
      double l00 = Math.sqrt(v[0][0]);
      double l10 = v[1][0] / l00;
      chol[c * d * d] = l00;
      chol[c * d * d + 2] = l10;
      chol[c * d * d + 3] = Math.sqrt(v[1][1] - l10 * l10);
    }
    GaussianComponents g =
        GaussianComponents.of(d, new double[] {0.3, 0.7}, new double[] {0, 0, 1, 2}, chol);
    double[] points = {0, 0, 1, 2, -1.5, 3, 4, -2, 0.5, 1};
    double[] work = new double[d + 2];
    for (int i = 0; i < expected.length; i++) {
      assertThat(g.logDensity(points, i * d, work, 0))
          .as("point %d", i)
          .isCloseTo(expected[i], within(TOLERANCE));
    }
  }
}
