package dev.cryptoanomaly.detect;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The scoring machinery detectors share: batch and single-row scoring run the same per-row code (so
 * they agree exactly), batches are split into blocks scored in parallel, and inputs are checked
 * once per call.
 */
abstract sealed class RowDetector implements Detector
    permits KMeansDetector, GaussianMixtureDetector, IsolationForestDetector, RobustZScoreDetector {
  private static final int BLOCK = 4096;

  protected final List<String> features;

  RowDetector(List<String> features) {
    this.features = List.copyOf(features);
  }

  @Override
  public List<String> features() {
    return features;
  }

  /** A per-thread scratch buffer for {@link #scoreRow}. */
  abstract double[] scratch();

  /** The score of the row at {@code offset} in {@code values}. */
  abstract double scoreRow(double[] values, int offset, double[] scratch);

  String label() {
    return kind() + " model";
  }

  @Override
  public final double[] score(FeatureMatrix rows) {
    DetectorInputs.requireColumns(label(), features, rows);
    DetectorInputs.requireFinite(label(), rows);
    double[] out = new double[rows.rows()];
    int w = rows.width();
    double[] v = rows.values();
    int blocks = (rows.rows() + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              double[] scratch = scratch();
              int end = Math.min(rows.rows(), (b + 1) * BLOCK);
              for (int r = b * BLOCK; r < end; r++) {
                out[r] = scoreRow(v, r * w, scratch);
              }
            });
    return out;
  }

  @Override
  public final double score(double[] row) {
    checkRow(row);
    return scoreRow(row, 0, scratch());
  }

  /** One row, checked as for scoring, in the robust-scaled space of {@code scaler}. */
  double[] checkedScaled(RobustScaler scaler, double[] row) {
    checkRow(row);
    double[] z = new double[features.size()];
    scaler.transform(row, 0, z);
    return z;
  }

  /** The checks of {@link #score(FeatureMatrix)} for one row. */
  void checkRow(double[] row) {
    if (row.length != features.size()) {
      throw new dev.cryptoanomaly.UserException(
          label()
              + " takes rows of "
              + features.size()
              + " features "
              + features
              + "; got "
              + row.length
              + " values");
    }
    DetectorInputs.requireFinite(label(), new FeatureMatrix(features, 1, row));
  }
}
