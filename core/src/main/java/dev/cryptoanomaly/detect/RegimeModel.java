package dev.cryptoanomaly.detect;

/** A detector that partitions normal behaviour into regimes (clusters or mixture components). */
public sealed interface RegimeModel extends Detector
    permits KMeansDetector, GaussianMixtureDetector {
  int regimes();

  /** The row in the model's robust-scaled space, where its regimes live. */
  double[] scaled(double[] row);

  /** The nearest cluster or the most responsible component. */
  int regime(double[] row);
}
