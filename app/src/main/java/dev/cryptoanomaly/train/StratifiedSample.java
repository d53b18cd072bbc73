package dev.cryptoanomaly.train;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.model.SeriesRows;
import java.util.List;

/**
 * Rows for a fit that must not grow with the stored data: at most {@code cap} rows pooled over the
 * series, each series giving its share in proportion to its rows (stratified by symbol), taken at
 * even steps through its period (stratified by time), so that no symbol and no week is left out
 * however large the store. Deterministic: the same rows give the same sample.
 */
public final class StratifiedSample {
  private StratifiedSample() {}

  /** Every row when they are at most {@code cap}; otherwise the stratified sample. */
  public static FeatureMatrix of(List<SeriesRows> parts, int cap) {
    long total = parts.stream().mapToLong(SeriesRows::size).sum();
    if (total <= cap) {
      return TrainingData.pooled(parts);
    }
    List<String> columns = parts.getFirst().rows().columns();
    int width = columns.size();
    // Each series' share, rounded down, then the remainder one row at a time to the largest.
    int[] take = new int[parts.size()];
    int given = 0;
    for (int i = 0; i < parts.size(); i++) {
      take[i] = (int) (parts.get(i).size() * (long) cap / total);
      given += take[i];
    }
    for (int i = 0; given < cap; i = (i + 1) % parts.size()) {
      if (take[i] < parts.get(i).size()) {
        take[i]++;
        given++;
      }
    }
    double[] values = new double[given * width];
    int at = 0;
    for (int i = 0; i < parts.size(); i++) {
      FeatureMatrix m = parts.get(i).rows();
      int n = m.rows();
      double[] v = m.values();
      for (int j = 0; j < take[i]; j++) {
        int row = (int) ((2L * j + 1) * n / (2L * take[i])); // the middle of each even step
        System.arraycopy(v, row * width, values, at * width, width);
        at++;
      }
    }
    return new FeatureMatrix(columns, given, values);
  }
}
