package dev.cryptoanomaly.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cryptoanomaly.UserException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {
  private static final double[] NORMAL = normal(100_000, 1);

  private static double[] normal(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = rng.nextGaussian();
    }
    return out;
  }

  @Test
  void probabilitiesMatchTheHeldOutDistribution() {
    ScoreCalibration c = ScoreCalibration.fit(NORMAL);
    assertThat(c.tailProbability(0)).isCloseTo(0.5, within(0.01));
    assertThat(c.tailProbability(1.2816)).isCloseTo(0.10, within(0.005));
    assertThat(c.tailProbability(2.3263)).isCloseTo(0.01, within(0.001));
    // Beyond the sample: an exponential tail, still ordered, below 1/n.
    assertThat(c.tailProbability(6)).isLessThan(1e-5).isGreaterThan(c.tailProbability(7));
  }

  @Test
  void fresherDataFromTheSameDistributionGetsUniformProbabilities() {
    ScoreCalibration c = ScoreCalibration.fit(NORMAL);
    double[] fresh = normal(50_000, 2);
    int below1Percent = 0;
    for (double s : fresh) {
      if (c.tailProbability(s) <= 0.01) {
        below1Percent++;
      }
    }
    assertThat(below1Percent / 50_000.0).isCloseTo(0.01, within(0.002));
  }

  @Property(tries = 200)
  void tailProbabilityNeverIncreasesWithTheScore(
      @ForAll @DoubleRange(min = -5, max = 8) double a,
      @ForAll @DoubleRange(min = -5, max = 8) double b) {
    ScoreCalibration c = ScoreCalibration.fit(NORMAL);
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    assertThat(c.tailProbability(hi)).isLessThanOrEqualTo(c.tailProbability(lo));
    assertThat(c.tailProbability(hi)).isGreaterThan(0).isLessThanOrEqualTo(1);
  }

  @Test
  void tooFewHeldOutRowsIsOneLine() {
    Assertions.assertThatThrownBy(() -> ScoreCalibration.fit(new double[10]))
        .isInstanceOf(UserException.class)
        .hasMessage("calibration needs at least 100 held-out rows; got 10");
  }

  @org.junit.jupiter.api.Test
  void calibrationsFittedOnTheSameScoresAreEqualValues() {
    ScoreCalibration a = ScoreCalibration.fit(NORMAL);
    ScoreCalibration b = ScoreCalibration.fit(NORMAL.clone());
    org.assertj.core.api.Assertions.assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    org.assertj.core.api.Assertions.assertThat(a)
        .isNotEqualTo(ScoreCalibration.fit(normal(100_000, 2)));
    org.assertj.core.api.Assertions.assertThat(a.toString()).contains("tailStart=");
  }
}
