package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.ModelKind;
import dev.cryptoanomaly.model.TrainingRecipe;
import java.time.Instant;
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
    java.time.Duration cooldown,
    long seed,
    boolean perSymbolCalibration,
    int maxRows) {
  /**
   * The most rows a fit takes by default: the trials and their clusters are fitted on a stratified
   * sample of at most this many training rows (about 50 MB of features), so that training memory
   * and time do not grow with the stored data.
   */
  public static final int DEFAULT_MAX_ROWS = 1_000_000;

  public TrainRequest {
    covariances = List.copyOf(covariances);
    series = List.copyOf(series);
  }

  /** A request calibrated per symbol, the default (see {@code SymbolCalibration}). */
  public TrainRequest(
      ModelKind kind,
      ClusterRange clusters,
      List<CovarianceType> covariances,
      FeatureSpec spec,
      List<SeriesKey> series,
      long from,
      long to,
      double alertsPerSymbolDay,
      java.time.Duration cooldown,
      long seed) {
    this(
        kind,
        clusters,
        covariances,
        spec,
        series,
        from,
        to,
        alertsPerSymbolDay,
        cooldown,
        seed,
        true,
        DEFAULT_MAX_ROWS);
  }

  /** The same request calibrated on all symbols together, or per symbol. */
  public TrainRequest withPerSymbolCalibration(boolean perSymbol) {
    return new TrainRequest(
        kind,
        clusters,
        covariances,
        spec,
        series,
        from,
        to,
        alertsPerSymbolDay,
        cooldown,
        seed,
        perSymbol,
        maxRows);
  }

  /** The same request fitting on at most {@code rows} training rows. */
  public TrainRequest withMaxRows(int rows) {
    return new TrainRequest(
        kind,
        clusters,
        covariances,
        spec,
        series,
        from,
        to,
        alertsPerSymbolDay,
        cooldown,
        seed,
        perSymbolCalibration,
        rows);
  }

  /** What the manifest keeps of this request, so that a retrain can repeat it. */
  public TrainingRecipe recipe() {
    SeriesKey first = series.get(0);
    return new TrainingRecipe(
        kind,
        clusters.toString(),
        covariances,
        spec.features().stream().map(f -> f.id()).toList(),
        first.market(),
        first.interval(),
        series.stream().map(SeriesKey::symbol).toList(),
        Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(to),
        alertsPerSymbolDay,
        cooldown.toSeconds(),
        seed);
  }

  /** The request a recipe describes, on the period {@code [from, to)} instead of its own. */
  public static TrainRequest repeat(TrainingRecipe r, long from, long to) {
    return new TrainRequest(
        r.kind(),
        ClusterRange.parse(r.clusters()),
        r.covariances(),
        FeatureSpec.parse(String.join(",", r.features())),
        r.symbols().stream().map(s -> new SeriesKey(r.market(), s, r.interval())).toList(),
        from,
        to,
        r.alertsPerSymbolDay(),
        java.time.Duration.ofSeconds(r.cooldownSeconds()),
        r.seed());
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
