package dev.cryptoanomaly.features;

/** The features of one closed candle, as streaming produces them. */
public record FeatureRow(long openTime, double[] values, Exclusion exclusion) {
  /** True when the row may reach a model. */
  public boolean valid() {
    return exclusion == null;
  }
}
