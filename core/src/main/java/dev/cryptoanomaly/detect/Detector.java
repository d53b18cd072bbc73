package dev.cryptoanomaly.detect;

import java.util.List;
import java.util.Map;

/**
 * An unsupervised anomaly detector: fitted on rows of features (by each implementation's {@code
 * fit}), it scores rows, higher meaning more anomalous. A row's score depends on that row only:
 * never on the other rows of the batch, so scoring in batch and one row at a time agree to the bit.
 * Thresholds are not the detector's business (see the {@code alert} package).
 *
 * <p>Sealed: a new kind that {@link DetectorJson} cannot save or read is a compile error there.
 */
public sealed interface Detector permits RowDetector, RegimeModel {
  /** The kind, as on the command line: {@code kmeans}, {@code gmm}, ... */
  String kind();

  /** The features the detector was fitted on, in the order rows must give them. */
  List<String> features();

  /** Scores every row; a one-line error for missing or reordered features or non-finite values. */
  double[] score(FeatureMatrix rows);

  /** Scores one row of {@link #features()} values. */
  double score(double[] row);

  /** Which features drove the score of a row. */
  Explanation explain(double[] row);

  /** Hyperparameters and fitted sizes, for tracking. */
  Map<String, Object> parameters();
}
