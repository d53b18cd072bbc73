package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelKind;
import java.util.List;

/**
 * What to train: a model kind with its search space, on which features, series and period ({@code
 * [from, to)} in epoch milliseconds), with which alert budget.
 */
public record TrainRequest(
    ModelKind kind,
    ClusterRange clusters,
    List<CovarianceType> covariances,
    FeatureSpec spec,
    List<SeriesKey> series,
    long from,
    long to,
    double alertsPerSymbolDay,
    int cooldownCandles,
    long seed) {
  public TrainRequest {
    covariances = List.copyOf(covariances);
    series = List.copyOf(series);
  }

  /**
   * The features a kind trains on: the robust z-score has its own fixed set; the others take the
   * names asked for ({@code spec}, {@code all} or a list).
   */
  public static dev.cryptoanomaly.features.FeatureSpec features(ModelKind kind, String asked) {
    return kind == ModelKind.ROBUST_Z
        ? dev.cryptoanomaly.features.FeatureSpec.parse(
            String.join(",", dev.cryptoanomaly.detect.RobustZScoreDetector.FEATURES))
        : dev.cryptoanomaly.features.FeatureSpec.parse(asked);
  }

  /** Refuses a cluster search for kinds without clusters, in one line. */
  public static ClusterRange clusters(ModelKind kind, String asked) {
    ClusterRange range = ClusterRange.parse(asked);
    if (!kind.clustered() && range.isRange()) {
      throw new dev.cryptoanomaly.UserException(
          kind.id() + " has no clusters to search; drop --clusters");
    }
    return range;
  }
}
