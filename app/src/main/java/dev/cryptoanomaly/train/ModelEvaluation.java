package dev.cryptoanomaly.train;

import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.store.KlineStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a trained model does over a period of stored data, with its own features, calibration and
 * alert policy: alerts per symbol-day, recall on anomalies injected into that period's rows, and
 * how well it ranks a few of them (one in {@link #STRICT_RATE} rows) above every normal row (the
 * same seed gives the same injections to every model with the same features).
 */
public final class ModelEvaluation {
  /** Rows per injected anomaly for the ranking measure: rare, as real anomalies are. */
  static final int STRICT_RATE = 200;

  private ModelEvaluation() {}

  public static Map<String, Double> onPeriod(
      TrainedModel model, KlineStore store, List<String> symbols, long from, long to, long seed) {
    List<SeriesKey> series =
        symbols.stream().map(s -> new SeriesKey(model.market(), s, model.interval())).toList();
    DaySample days = DaySample.plan(store, series, from, to, DaySample.CHECK_ROWS);
    List<SeriesRows> parts = TrainingData.load(store, series, model.spec(), from, to, days);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("days_sampled_one_in", (double) days.every());
    int rows = parts.stream().mapToInt(SeriesRows::size).sum();
    m.put("rows", (double) rows);
    if (rows < 100) {
      throw new dev.cryptoanomaly.UserException(
          "the evaluation period has "
              + rows
              + " usable rows for "
              + symbols
              + "; at least 100 are needed");
    }
    m.putAll(of(model, parts, seed));
    return m;
  }

  /**
   * The same on rows already computed: {@code rows}, {@code alerts_per_symbol_day} and {@code
   * injected_recall} (at the policy's threshold).
   */
  static Map<String, Double> of(TrainedModel model, List<SeriesRows> parts, long seed) {
    List<AlertPolicy.Scored> scored = model.score(parts);
    FeatureMatrix pooled = TrainingData.pooled(parts);
    FeatureMatrix injected = InjectedAnomalies.make(pooled, Trainer.INJECTED, seed);
    double[] planted = model.detector().score(injected);
    // Planted rows belong to no one symbol: the pooled calibration reads them.
    ScoreCalibration calibration = model.calibration().pooled();
    long caught =
        Arrays.stream(planted)
            .filter(s -> calibration.tailProbability(s) <= model.policy().threshold())
            .count();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rows", (double) pooled.rows());
    m.put("alerts_per_symbol_day", alertsPerSymbolDay(model, scored));
    m.put("injected_recall", caught / (double) planted.length);
    // Recall at the threshold saturates at 1 for nearly every model on strong injections; the
    // precision of ranking a rare few of them above the normal rows does not.
    int strict = Math.max(10, pooled.rows() / STRICT_RATE);
    double[] rare = Arrays.copyOf(planted, Math.min(strict, planted.length));
    m.put("injected_pr_auc", Auc.averagePrecision(pooledScores(scored), rare));
    return m;
  }

  /** Alerts per symbol-day the model's policy raises on these scored candles. */
  public static double alertsPerSymbolDay(TrainedModel model, List<AlertPolicy.Scored> scored) {
    long alerts = scored.stream().mapToLong(s -> model.policy().alerts(s).size()).sum();
    long rows = scored.stream().mapToLong(s -> s.openTimes().length).sum();
    double symbolDays = rows * (double) model.interval().millis() / 86_400_000.0;
    return symbolDays > 0 ? alerts / symbolDays : 0;
  }

  /** Every series' scores one after another, as scoring the pooled rows would give them. */
  public static double[] pooledScores(List<AlertPolicy.Scored> scored) {
    return scored.stream().flatMapToDouble(s -> Arrays.stream(s.scores())).toArray();
  }
}
