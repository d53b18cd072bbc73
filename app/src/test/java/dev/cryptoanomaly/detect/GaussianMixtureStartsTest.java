package dev.cryptoanomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianMixtureStartsTest {
  /** Five uneven blobs for three components: where a start lands matters. */
  private static FeatureMatrix blobs(long seed) {
    Random rnd = new Random(seed);
    double[][] centres = {{0, 0}, {6, 0}, {0, 6}, {9, 9}, {3, 12}};
    int n = 3_000;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] c = centres[rnd.nextInt(centres.length)];
      rows[i] = new double[] {c[0] + rnd.nextGaussian(), c[1] + 0.5 * rnd.nextGaussian()};
    }
    return FeatureMatrix.of(List.of("a", "b"), rows);
  }

  /**
   * More starts never end less likely than the first alone (the first is among them), and the model
   * records the seed of the start it kept: refitting that seed alone gives the same model.
   */
  @Test
  void theMostLikelyStartIsKeptAndItsSeedRefitsIt() {
    FeatureMatrix m = blobs(3);
    for (long seed = 1; seed <= 5; seed++) {
      GaussianMixtureDetector one = GaussianMixtureDetector.fit(m, 3, CovarianceType.FULL, seed);
      GaussianMixtureDetector five =
          GaussianMixtureDetector.fit(m, 3, CovarianceType.FULL, seed, 5);
      double l1 = (Double) one.parameters().get("log_likelihood");
      double l5 = (Double) five.parameters().get("log_likelihood");
      assertThat(l5).isGreaterThanOrEqualTo(l1);
      long kept = (Long) five.parameters().get("seed");
      GaussianMixtureDetector again = GaussianMixtureDetector.fit(m, 3, CovarianceType.FULL, kept);
      assertThat(again.parameters()).isEqualTo(five.parameters());
    }
  }

  /**
   * Rows like candles: a quarter with a return of exactly 0, a tenth of those flat (three columns
   * at one value). The second and third starts give these groups components of their own, which
   * K-Means starts never do, and end far more likely, for both covariance types.
   */
  @Test
  void groupsOfRowsAtExactValuesGetComponentsOfTheirOwnInLaterStarts() {
    Random rnd = new Random(7);
    int n = 4_000;
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double u = rnd.nextDouble();
      double spread = Math.abs(rnd.nextGaussian());
      double ret = u < 0.25 ? 0 : 0.5 * rnd.nextGaussian();
      rows[i] =
          u < 0.1
              ? new double[] {0, 0, 1 + rnd.nextGaussian(), 0}
              : new double[] {spread, ret, 1 + rnd.nextGaussian(), 2 * spread + rnd.nextDouble()};
    }
    FeatureMatrix m = FeatureMatrix.of(List.of("range", "return", "volume", "ratio"), rows);
    double[] x = RobustScaler.fit(m).transformAll(m);
    int[] group = MassPoints.groups(x, n, 4, 2);
    assertThat(MassPoints.count(group)).isEqualTo(2);
    long flat = java.util.Arrays.stream(group).filter(g -> g == 0).count();
    long stillReturns = java.util.Arrays.stream(group).filter(g -> g == 1).count();
    assertThat(flat).as("flat rows first: three columns").isBetween(350L, 450L);
    assertThat(stillReturns).as("other zero returns").isBetween(500L, 700L);
    for (CovarianceType type : CovarianceType.values()) {
      double one =
          (Double) GaussianMixtureDetector.fit(m, 8, type, 1, 1).parameters().get("log_likelihood");
      double three =
          (Double) GaussianMixtureDetector.fit(m, 8, type, 1, 3).parameters().get("log_likelihood");
      assertThat(three).as(type.cliName()).isGreaterThan(one + 0.5);
    }
  }

  @Test
  void noMassPointsNoGroups() {
    FeatureMatrix m = blobs(2);
    double[] x = RobustScaler.fit(m).transformAll(m);
    assertThat(MassPoints.groups(x, m.rows(), 2, 2)).isEmpty();
  }

  @Test
  void noStartIsAOneLineError() {
    assertThatThrownBy(() -> GaussianMixtureDetector.fit(blobs(1), 3, CovarianceType.FULL, 1, 0))
        .isInstanceOf(UserException.class)
        .hasMessage("gmm model needs at least 1 start; got 0");
  }
}
