package dev.cryptoanomaly.features;

import java.util.EnumMap;
import java.util.Map;

/**
 * Features of one series over a range: values row-major ({@code rows x width}), NaN where a feature
 * could not be computed, and for each row the reason it is excluded (null when it is valid).
 */
public final class FeatureFrame {
  private final FeatureSpec spec;
  private final long[] openTimes;
  private final double[] values;
  private final Exclusion[] exclusions;

  FeatureFrame(FeatureSpec spec, long[] openTimes, double[] values, Exclusion[] exclusions) {
    this.spec = spec;
    this.openTimes = openTimes;
    this.values = values;
    this.exclusions = exclusions;
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
    return values[row * spec.size() + column];
  }

  /** A copy of one row's values. */
  public double[] row(int row) {
    double[] copy = new double[spec.size()];
    System.arraycopy(values, row * spec.size(), copy, 0, copy.length);
    return copy;
  }

  public boolean valid(int row) {
    return exclusions[row] == null;
  }

  /** Why the row is excluded, or null when it is valid. */
  public Exclusion exclusion(int row) {
    return exclusions[row];
  }

  public int validRows() {
    int n = 0;
    for (Exclusion e : exclusions) {
      if (e == null) {
        n++;
      }
    }
    return n;
  }

  /** Excluded rows counted by their reason. */
  public Map<Exclusion, Integer> excluded() {
    Map<Exclusion, Integer> counts = new EnumMap<>(Exclusion.class);
    for (Exclusion e : exclusions) {
      if (e != null) {
        counts.merge(e, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The valid rows only, as a matrix for a model. */
  public double[][] validMatrix() {
    double[][] matrix = new double[validRows()][];
    int next = 0;
    for (int r = 0; r < rows(); r++) {
      if (exclusions[r] == null) {
        matrix[next++] = row(r);
      }
    }
    return matrix;
  }
}
