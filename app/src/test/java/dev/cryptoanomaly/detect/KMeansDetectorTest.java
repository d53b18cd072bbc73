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

  /** A search's shared preparation gives every cluster count the model a fit of its own gives. */
  @org.junit.jupiter.api.Test
  void preparedFitsAreTheFitsOfTheirOwn() {
    KMeansDetector.Prepared prepared = KMeansDetector.prepare(train);
    for (int k = 1; k <= 6; k++) {
      KMeansDetector shared = prepared.fit(k, 42);
      KMeansDetector own = KMeansDetector.fit(train, k, 42);
      org.assertj.core.api.Assertions.assertThat(shared.centroids())
          .containsExactly(own.centroids());
      org.assertj.core.api.Assertions.assertThat(shared.parameters()).isEqualTo(own.parameters());
      org.assertj.core.api.Assertions.assertThat(shared.score(test))
          .containsExactly(own.score(test));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> prepared.fit(0, 42))
        .isInstanceOf(dev.cryptoanomaly.UserException.class)
        .hasMessage("kmeans model needs at least 1 cluster; got 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> KMeansDetector.prepare(train.slice(0, 5)).fit(8, 42))
        .isInstanceOf(dev.cryptoanomaly.UserException.class)
        .hasMessageContaining("to fit 8 clusters");
  }
}
