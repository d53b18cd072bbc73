package dev.cryptoanomaly.model;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.Arrays;

/** The valid feature rows of one series, ascending in open time. */
public record SeriesRows(SeriesKey series, long[] openTimes, FeatureMatrix rows) {
  /** Value semantics: equal when the arrays hold equal elements. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SeriesRows o
        && java.util.Objects.equals(series, o.series)
        && java.util.Arrays.equals(openTimes, o.openTimes)
        && java.util.Objects.equals(rows, o.rows);
  }

  @Override
  public int hashCode() {
    int h = java.util.Objects.hashCode(series);
    h = 31 * h + java.util.Arrays.hashCode(openTimes);
    h = 31 * h + java.util.Objects.hashCode(rows);
    return h;
  }

  /** A summary: the values themselves are too many to print. */
  @Override
  public String toString() {
    return "SeriesRows[" + series + ", " + openTimes.length + " rows]";
  }

  /** The rows with open time in {@code [from, to)}. */
  public SeriesRows between(long from, long to) {
    int lo = lowerBound(from);
    int hi = lowerBound(to);
    return new SeriesRows(series, Arrays.copyOfRange(openTimes, lo, hi), rows.slice(lo, hi));
  }

  /** How many rows open before {@code t}. */
  public int rowsBefore(long t) {
    return lowerBound(t);
  }

  private int lowerBound(long t) {
    int i = Arrays.binarySearch(openTimes, t);
    return i >= 0 ? i : -i - 1;
  }

  public int size() {
    return openTimes.length;
  }
}
