package dev.cryptoanomaly.features;

/** The features of one closed candle, as streaming produces them. */
public record FeatureRow(long openTime, double[] values, Exclusion exclusion) {
  /** Value semantics: equal when the arrays hold equal elements. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FeatureRow o
        && openTime == o.openTime
        && java.util.Arrays.equals(values, o.values)
        && java.util.Objects.equals(exclusion, o.exclusion);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(openTime);
    h = 31 * h + java.util.Arrays.hashCode(values);
    h = 31 * h + java.util.Objects.hashCode(exclusion);
    return h;
  }

  @Override
  public String toString() {
    return "FeatureRow["
        + "openTime="
        + openTime
        + ", "
        + "values="
        + java.util.Arrays.toString(values)
        + ", "
        + "exclusion="
        + exclusion
        + "]";
  }

  /** True when the row may reach a model. */
  public boolean valid() {
    return exclusion == null;
  }
}
