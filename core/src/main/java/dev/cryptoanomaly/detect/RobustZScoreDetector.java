package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.features.Feature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simplest honest baseline: a candle is as anomalous as its log return is far from the recent
 * ones, measured robustly. Score = |{@link Feature#RETURN_ROBUST_ZSCORE}| (median and median
 * absolute deviation of the previous 20 log returns, computed by the feature pipeline so that batch
 * and streaming agree). Nothing to fit beyond checking the input.
 */
public final class RobustZScoreDetector extends RowDetector {
  public static final String KIND = "robust_z";
  public static final List<String> FEATURES = List.of(Feature.RETURN_ROBUST_ZSCORE.id());

  RobustZScoreDetector() {
    super(FEATURES);
  }

  public static RobustZScoreDetector fit(FeatureMatrix train) {
    RobustZScoreDetector d = new RobustZScoreDetector();
    DetectorInputs.requireColumns(d.label(), FEATURES, train);
    DetectorInputs.requireFinite(d.label(), train);
    if (train.rows() < 1) {
      throw new UserException(d.label() + " needs at least 1 row; got 0");
    }
    return d;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  double[] scratch() {
    return new double[0];
  }

  @Override
  double scoreRow(double[] values, int offset, double[] scratch) {
    return Math.abs(values[offset]);
  }

  @Override
  public Explanation explain(double[] row) {
    checkRow(row);
    return new Explanation(
        -1, List.of(new Explanation.Contribution(FEATURES.get(0), row[0], 0, 1)));
  }

  @Override
  public Map<String, Object> parameters() {
    return new LinkedHashMap<>(Map.of("window", 20));
  }
}
