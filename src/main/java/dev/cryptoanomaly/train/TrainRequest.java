package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.SeriesKey;
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
}
