package dev.cryptoanomaly.store;

import java.util.List;

/**
 * Stored feature rows of one series under one feature set. The store keeps them opaque: it knows
 * the set's key and the number of values, not what they mean.
 *
 * @param featureSet the set's key, e.g. {@code v1:volatility,log_return}
 * @param width values per row
 */
public record FeatureRows(String featureSet, int width, List<Row> rows) {
  public FeatureRows {
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.values().length != width) {
        throw new IllegalArgumentException(
            "row " + r.openTime() + " has " + r.values().length + " values, expected " + width);
      }
    }
  }

  /**
   * One candle's features.
   *
   * @param exclusion why the row never reaches a model, or null when it may
   */
  public record Row(long openTime, double[] values, String exclusion) {
    /** Value semantics: equal when the arrays hold equal elements. */
    @Override
    public boolean equals(Object other) {
      return other instanceof Row o
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
      return "Row["
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
  }
}
