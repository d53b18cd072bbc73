package dev.cryptoanomaly.train.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityTest {
  private static double[] reference() {
    double[] r = new double[500];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.sin(0.37 * i) * 3 + (i % 7) * 0.1;
    }
    return r;
  }

  /**
   * Pinned to the same computation in NumPy (deciles of the reference by index, {@code
   * np.searchsorted(edges, x, side="right")} bins, empty shares floored at 1e-4).
   */
  @Test
  void aShiftedSampleMatchesNumPy() {
    double[] recent = new double[300];
    for (int i = 0; i < recent.length; i++) {
      recent[i] = Math.sin(0.53 * i) * 3 + 0.8 + (i % 5) * 0.2;
    }
    assertThat(PopulationStability.index(reference(), recent))
        .isCloseTo(1.1056555923520681, within(1e-12));
    assertThat(PopulationStability.level(1.1)).isEqualTo("significant");
  }

  @Test
  void theReferenceAgainstItselfIsStable() {
    assertThat(PopulationStability.index(reference(), reference())).isZero();
    assertThat(PopulationStability.level(0.0)).isEqualTo("stable");
    assertThat(PopulationStability.level(0.15)).isEqualTo("moderate");
    assertThat(PopulationStability.level(Double.NaN)).isEqualTo("-");
  }
}
