package dev.cryptoanomaly.model;

import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.time.Instant;
import java.util.List;

/**
 * Everything a retrain needs to repeat a training: the kind and its search space, the features, the
 * series, the period {@code [from, to)}, the alert budget and the seed. The periodic retrain takes
 * it from the champion's manifest and moves the period to the newest candles.
 *
 * @param clusters a number or a range to search, as {@code --clusters} takes it ({@code 2-15})
 */
public record TrainingRecipe(
    ModelKind kind,
    String clusters,
    List<CovarianceType> covariances,
    List<String> features,
    Market market,
    Interval interval,
    List<String> symbols,
    Instant from,
    Instant to,
    double alertsPerSymbolDay,
    int cooldownCandles,
    long seed) {
  public TrainingRecipe {
    covariances = List.copyOf(covariances);
    features = List.copyOf(features);
    symbols = List.copyOf(symbols);
  }
}
