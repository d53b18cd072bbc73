package dev.cryptoanomaly.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cryptoanomaly.alert.Cooldown;
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
 * @param cooldownSeconds the alerts' cooldown, a time at every interval
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
    long cooldownSeconds,
    long seed) {
  public TrainingRecipe {
    covariances = List.copyOf(covariances);
    features = List.copyOf(features);
    symbols = List.copyOf(symbols);
  }

  /**
   * Reads a manifest's recipe; versions trained before the cooldown was a time hold it in candles
   * of their interval.
   */
  @com.fasterxml.jackson.annotation.JsonCreator
  static TrainingRecipe fromJson(
      @JsonProperty("kind") ModelKind kind,
      @JsonProperty("clusters") String clusters,
      @JsonProperty("covariances") List<CovarianceType> covariances,
      @JsonProperty("features") List<String> features,
      @JsonProperty("market") Market market,
      @JsonProperty("interval") Interval interval,
      @JsonProperty("symbols") List<String> symbols,
      @JsonProperty("from") Instant from,
      @JsonProperty("to") Instant to,
      @JsonProperty("alerts_per_symbol_day") double alertsPerSymbolDay,
      @JsonProperty("cooldown_seconds") Long cooldownSeconds,
      @JsonProperty("cooldown_candles") Integer cooldownCandles,
      @JsonProperty("seed") long seed) {
    long cooldown =
        cooldownSeconds != null
            ? cooldownSeconds
            : Cooldown.ofCandles(cooldownCandles, interval == null ? 60_000L : interval.millis())
                .toSeconds();
    return new TrainingRecipe(
        kind,
        clusters,
        covariances == null ? List.of() : covariances,
        features == null ? List.of() : features,
        market,
        interval,
        symbols == null ? List.of() : symbols,
        from,
        to,
        alertsPerSymbolDay,
        cooldown,
        seed);
  }
}
