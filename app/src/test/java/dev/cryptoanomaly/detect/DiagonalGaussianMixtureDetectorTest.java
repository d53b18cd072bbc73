package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.testkit.DetectorContract;

class DiagonalGaussianMixtureDetectorTest extends DetectorContract {
  @Override
  protected Detector fit(FeatureMatrix train) {
    return GaussianMixtureDetector.fit(train, 3, CovarianceType.DIAGONAL, 42);
  }

  @Override
  protected void fitOnTooFewRows() {
    GaussianMixtureDetector.fit(train.slice(0, 10), 8, CovarianceType.DIAGONAL, 42);
  }
}
