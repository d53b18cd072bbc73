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

  @Test
  void noStartIsAOneLineError() {
    assertThatThrownBy(() -> GaussianMixtureDetector.fit(blobs(1), 3, CovarianceType.FULL, 1, 0))
        .isInstanceOf(UserException.class)
        .hasMessage("gmm model needs at least 1 start; got 0");
  }
}
