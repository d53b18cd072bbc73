package dev.cryptoanomaly.train.drift;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.model.SeriesRows;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.train.ModelEvaluation;
import dev.cryptoanomaly.train.TrainingData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the candles a model decides now have moved from those it was trained on: each feature's
 * population stability index and that of the model's scores, pooled and per symbol, and the alert
 * rate then and now. A model whose inputs drifted scores a different market than the one its
 * threshold was calibrated on.
 *
 * @param features PSI per feature, pooled, in the model's feature order
 * @param bySymbol PSI per symbol and feature (the score under {@link #SCORE})
 * @param score PSI of the model's scores, pooled
 * @param referenceAlertsPerSymbolDay alerts per symbol-day over the reference period
 * @param recentAlertsPerSymbolDay the same over the recent window
 */
public record DriftReport(
    Map<String, Double> features,
    Map<String, Map<String, Double>> bySymbol,
    double score,
    long referenceRows,
    long recentRows,
    double referenceAlertsPerSymbolDay,
    double recentAlertsPerSymbolDay) {
  public static final String SCORE = "score";
  static final int MIN_ROWS = 100;

  /** The largest PSI of any feature or the score: what a retrain trigger compares. */
  public double worst() {
    double w = score;
    for (double v : features.values()) {
      w = Math.max(w, v);
    }
    return w;
  }

  public static DriftReport of(
      TrainedModel model, List<SeriesRows> reference, List<SeriesRows> recent) {
    long referenceRows = rows(reference);
    long recentRows = rows(recent);
    if (referenceRows < MIN_ROWS) {
      throw new UserException(
          "the model's training period holds "
              + referenceRows
              + " usable rows in the store now; at least "
              + MIN_ROWS
              + " are needed to compare with");
    }
    if (recentRows < MIN_ROWS) {
      throw new dev.cryptoanomaly.BadArgumentException(
          "days",
          "gives a recent window of "
              + recentRows
              + " usable rows; at least "
              + MIN_ROWS
              + " are needed (a longer window, or newer candles)");
    }
    FeatureMatrix ref = TrainingData.pooled(reference);
    FeatureMatrix now = TrainingData.pooled(recent);
    Map<String, Double> features = new LinkedHashMap<>();
    for (int j = 0; j < ref.width(); j++) {
      features.put(ref.columns().get(j), PopulationStability.index(ref.column(j), now.column(j)));
    }
    // Each candle scored once: the pooled PSI, the per-symbol ones and the alert rates share them.
    List<AlertPolicy.Scored> referenceScored = model.score(reference);
    List<AlertPolicy.Scored> recentScored = model.score(recent);
    Map<String, Map<String, Double>> bySymbol = new LinkedHashMap<>();
    for (int i = 0; i < recent.size(); i++) {
      SeriesRows r = recent.get(i);
      int b = indexOf(reference, r);
      if (b < 0 || reference.get(b).size() < MIN_ROWS || r.size() < MIN_ROWS) {
        continue;
      }
      SeriesRows base = reference.get(b);
      Map<String, Double> m = new LinkedHashMap<>();
      for (int j = 0; j < ref.width(); j++) {
        m.put(
            ref.columns().get(j),
            PopulationStability.index(base.rows().column(j), r.rows().column(j)));
      }
      m.put(
          SCORE,
          PopulationStability.index(referenceScored.get(b).scores(), recentScored.get(i).scores()));
      bySymbol.put(r.series().symbol(), m);
    }
    return new DriftReport(
        features,
        bySymbol,
        PopulationStability.index(
            ModelEvaluation.pooledScores(referenceScored),
            ModelEvaluation.pooledScores(recentScored)),
        referenceRows,
        recentRows,
        ModelEvaluation.alertsPerSymbolDay(model, referenceScored),
        ModelEvaluation.alertsPerSymbolDay(model, recentScored));
  }

  private static int indexOf(List<SeriesRows> parts, SeriesRows like) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).series().equals(like.series())) {
        return i;
      }
    }
    return -1;
  }

  private static long rows(List<SeriesRows> parts) {
    long n = 0;
    for (SeriesRows p : parts) {
      n += p.size();
    }
    return n;
  }

  /** The symbol whose {@code feature} (or {@link #SCORE}) moved most, and its PSI. */
  public java.util.Optional<Map.Entry<String, Double>> mostMoved(String feature) {
    return bySymbol.entrySet().stream()
        .filter(e -> e.getValue().get(feature) != null)
        .map(e -> Map.entry(e.getKey(), e.getValue().get(feature)))
        .filter(e -> !Double.isNaN(e.getValue()))
        .max(Map.Entry.comparingByValue());
  }

  /** Per symbol: the feature (or the score) that moved most, and by how much. */
  public Map<String, Map.Entry<String, Double>> worstBySymbol() {
    Map<String, Map.Entry<String, Double>> out = new LinkedHashMap<>();
    bySymbol.forEach(
        (symbol, m) -> {
          List<Map.Entry<String, Double>> entries = new ArrayList<>(m.entrySet());
          entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
          out.put(symbol, entries.getFirst());
        });
    return out;
  }
}
