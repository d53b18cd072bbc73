package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.testkit.DetectorContract;

class FullGaussianMixtureDetectorTest extends DetectorContract {
  @Override
  protected Detector fit(FeatureMatrix train) {
    return GaussianMixtureDetector.fit(train, 3, CovarianceType.FULL, 42);
  }

  @Override
  protected void fitOnTooFewRows() {
    GaussianMixtureDetector.fit(train.slice(0, 20), 8, CovarianceType.FULL, 42);
  }
}
