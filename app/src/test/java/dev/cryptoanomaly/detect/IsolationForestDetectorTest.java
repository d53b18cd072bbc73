package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.testkit.DetectorContract;

class IsolationForestDetectorTest extends DetectorContract {
  @Override
  protected Detector fit(FeatureMatrix train) {
    return IsolationForestDetector.fit(train, 42);
  }

  @Override
  protected void fitOnTooFewRows() {
    IsolationForestDetector.fit(train.slice(0, 1), 42);
  }
}
