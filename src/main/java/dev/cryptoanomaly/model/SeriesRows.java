package dev.cryptoanomaly.model;

import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.kline.SeriesKey;
import java.util.Arrays;

/** The valid feature rows of one series, ascending in open time. */
public record SeriesRows(SeriesKey series, long[] openTimes, FeatureMatrix rows) {
  /** The rows with open time in {@code [from, to)}. */
  public SeriesRows between(long from, long to) {
    int lo = lowerBound(from);
    int hi = lowerBound(to);
    return new SeriesRows(series, Arrays.copyOfRange(openTimes, lo, hi), rows.slice(lo, hi));
  }

  private int lowerBound(long t) {
    int i = Arrays.binarySearch(openTimes, t);
    return i >= 0 ? i : -i - 1;
  }

  public int size() {
    return openTimes.length;
  }
}
