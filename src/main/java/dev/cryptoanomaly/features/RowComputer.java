package dev.cryptoanomaly.features;

/**
 * Computes one row of a feature spec and says whether it may reach a model. Batch and streaming
 * both call {@link #compute}; this is the single place where features are evaluated.
 */
final class RowComputer {
  private final Feature[] features;

  RowComputer(FeatureSpec spec) {
    this.features = spec.features().toArray(Feature[]::new);
  }

  int width() {
    return features.length;
  }

  /**
   * Writes the features of row {@code t} into {@code out} starting at {@code offset}, NaN where a
   * feature cannot be computed, and returns why the row is excluded, or null when it is valid.
   */
  Exclusion compute(CandleColumns c, int t, double[] out, int offset) {
    Exclusion reason = null;
    int run = c.run[t];
    boolean tradeColumns = c.trades[t] > 0 || c.volume[t] == 0;
    boolean reference = !Double.isNaN(c.referenceReturn[t]);
    for (int i = 0; i < features.length; i++) {
      Feature f = features[i];
      double value;
      Exclusion problem = null;
      if (run < f.need()) {
        problem = Exclusion.WARMUP_OR_GAP;
        value = Double.NaN;
      } else if (f.input() == Feature.Input.TRADES && !tradeColumns) {
        problem = Exclusion.MISSING_COLUMNS;
        value = Double.NaN;
      } else if (f.input() == Feature.Input.REFERENCE && !reference) {
        problem = Exclusion.MISSING_REFERENCE;
        value = Double.NaN;
      } else {
        value = f.compute(c, t);
        if (Double.isNaN(value)) {
          problem = Exclusion.ZERO_BASELINE;
        } else if (Double.isInfinite(value)) {
          problem = Exclusion.NON_FINITE;
        }
      }
      out[offset + i] = value;
      if (problem != null && (reason == null || problem.ordinal() < reason.ordinal())) {
        reason = problem;
      }
    }
    if (c.volume[t] == 0
        && (reason == null || Exclusion.ZERO_VOLUME.ordinal() < reason.ordinal())) {
      reason = Exclusion.ZERO_VOLUME;
    }
    return reason;
  }
}
