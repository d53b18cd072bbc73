package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Coverage worked out from the open times a test wrote, by the plainest walk: what the store's
 * ledger must agree with after any sequence of writes.
 */
final class ReferenceCoverage {
  private ReferenceCoverage() {}

  static List<Gap> gaps(SeriesKey series, NavigableSet<Long> openTimes) {
    List<Gap> gaps = new ArrayList<>();
    Long previous = null;
    for (long t : openTimes) {
      if (previous != null) {
        long expected = series.interval().next(previous);
        if (t > expected) {
          gaps.add(new Gap(expected, t, series.interval().candlesBetween(expected, t)));
        }
      }
      previous = t;
    }
    return gaps;
  }

  /** The coverage row of a series, without its sources (the caller's test fixes those). */
  static SeriesCoverage of(
      SeriesKey series, NavigableSet<Long> openTimes, java.util.Set<Provenance.Kind> sources) {
    List<Gap> gaps = gaps(series, openTimes);
    return new SeriesCoverage(
        series,
        openTimes.first(),
        openTimes.last(),
        openTimes.size(),
        gaps.stream().mapToLong(Gap::missing).sum(),
        gaps.size(),
        sources);
  }
}
