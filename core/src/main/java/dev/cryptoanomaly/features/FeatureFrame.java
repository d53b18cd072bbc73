package dev.cryptoanomaly.features;

import java.util.EnumMap;
import java.util.Map;

/**
 * Features of one series over a range: one column of values per feature, NaN where a feature could
 * not be computed, and for each row the reason it is excluded (none when it is valid).
 */
public final class FeatureFrame {
  private final FeatureSpec spec;
  private final long[] openTimes;
  private final double[][] columns;
  private final byte[] reasons;

  FeatureFrame(FeatureSpec spec, long[] openTimes, double[][] columns, byte[] reasons) {
    this.spec = spec;
    this.openTimes = openTimes;
    this.columns = columns;
    this.reasons = reasons;
  }

  public FeatureSpec spec() {
    return spec;
  }

  public int rows() {
    return openTimes.length;
  }

  public int width() {
    return spec.size();
  }

  public long openTime(int row) {
    return openTimes[row];
  }

  public double value(int row, int column) {
    return columns[column][row];
  }

  /** A copy of one row's values. */
  public double[] row(int row) {
    double[] copy = new double[columns.length];
    for (int j = 0; j < copy.length; j++) {
      copy[j] = columns[j][row];
    }
    return copy;
  }

  public boolean valid(int row) {
    return reasons[row] == FeatureEvaluator.VALID;
  }

  /** Why the row is excluded, or null when it is valid. */
  public Exclusion exclusion(int row) {
    return FeatureEvaluator.reason(reasons[row]);
  }

  public int validRows() {
    int n = 0;
    for (byte r : reasons) {
      if (r == FeatureEvaluator.VALID) {
        n++;
      }
    }
    return n;
  }

  /** Excluded rows counted by their reason. */
  public Map<Exclusion, Integer> excluded() {
    Map<Exclusion, Integer> counts = new EnumMap<>(Exclusion.class);
    for (byte r : reasons) {
      if (r != FeatureEvaluator.VALID) {
        counts.merge(FeatureEvaluator.reason(r), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The valid rows only, as a matrix for a model. */
  public double[][] validMatrix() {
    double[][] matrix = new double[validRows()][];
    int next = 0;
    for (int r = 0; r < rows(); r++) {
      if (reasons[r] == FeatureEvaluator.VALID) {
        matrix[next++] = row(r);
      }
    }
    return matrix;
  }
}
