package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.testkit.DetectorContract;
import java.util.List;

class RobustZScoreDetectorTest extends DetectorContract {
  @Override
  protected boolean typicalIsTheTrainingMedian() {
    return false;
  }

  @Override
  protected List<String> features() {
    return RobustZScoreDetector.FEATURES;
  }

  @Override
  protected Detector fit(FeatureMatrix train) {
    return RobustZScoreDetector.fit(train);
  }

  @Override
  protected void fitOnTooFewRows() {
    RobustZScoreDetector.fit(train.slice(0, 0));
  }
}
