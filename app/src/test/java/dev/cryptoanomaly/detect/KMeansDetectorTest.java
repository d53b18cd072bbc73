package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.testkit.DetectorContract;

class KMeansDetectorTest extends DetectorContract {
  @Override
  protected Detector fit(FeatureMatrix train) {
    return KMeansDetector.fit(train, 3, 42);
  }

  @Override
  protected void fitOnTooFewRows() {
    KMeansDetector.fit(train.slice(0, 5), 8, 42);
  }
}
