package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.SeriesRows;
import java.util.List;

/**
 * Train, validation and test periods by time, the same cut for every series: the rows that open
 * first (60% of them, pooled over the series) train, the next 20% tune and calibrate, the last 20%
 * test. Never by row order within a series, which across symbols would let a model see a market
 * event in training and be tested on the same event in another symbol; and not by the calendar
 * span, which on a period with a long gap (a series downloaded for 2024 beside one collected today)
 * puts a whole part in the gap with no rows at all.
 */
public record ChronologicalSplit(long from, long trainEnd, long validationEnd, long to) {
  public static final double TRAIN = 0.6;
  public static final double VALIDATION = 0.2;

  /** The cuts at the open times below which 60% and 80% of the pooled rows lie. */
  public static ChronologicalSplit of(List<SeriesRows> all, long from, long to) {
    long n = all.stream().mapToLong(SeriesRows::size).sum();
    if (n == 0) {
      return bySpan(from, to);
    }
    return new ChronologicalSplit(
        from,
        cutBefore(all, (long) (n * TRAIN), from, to),
        cutBefore(all, (long) (n * (TRAIN + VALIDATION)), from, to),
        to);
  }

  /** The cuts at 60% and 80% of the calendar span: what a period without rows can only have. */
  static ChronologicalSplit bySpan(long from, long to) {
    long span = to - from;
    return new ChronologicalSplit(
        from, from + (long) (span * TRAIN), from + (long) (span * (TRAIN + VALIDATION)), to);
  }

  /**
   * The latest time with at most {@code rows} pooled rows opening before it: the open time of the
   * row at that rank. A binary search over time counting rows per series, so no pooled copy of the
   * times is made (17M rows at 400 symbols x 30 days of 1m).
   */
  private static long cutBefore(List<SeriesRows> all, long rows, long from, long to) {
    long lo = from;
    long hi = to;
    while (lo < hi) {
      long mid = lo + (hi - lo + 1) / 2;
      if (rowsBefore(all, mid) <= rows) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static long rowsBefore(List<SeriesRows> all, long t) {
    long n = 0;
    for (SeriesRows s : all) {
      n += s.rowsBefore(t);
    }
    return n;
  }

  public List<SeriesRows> train(List<SeriesRows> all) {
    return all.stream().map(s -> s.between(from, trainEnd)).toList();
  }

  public List<SeriesRows> validation(List<SeriesRows> all) {
    return all.stream().map(s -> s.between(trainEnd, validationEnd)).toList();
  }

  public List<SeriesRows> test(List<SeriesRows> all) {
    return all.stream().map(s -> s.between(validationEnd, to)).toList();
  }

  /** Each part has at least {@code minimum} rows; otherwise one line saying which and how many. */
  public void requireRows(List<SeriesRows> all, int minimum) {
    check("training", train(all), minimum);
    check("validation", validation(all), minimum);
    check("test", test(all), minimum);
  }

  private static void check(String part, List<SeriesRows> rows, int minimum) {
    int n = rows.stream().mapToInt(SeriesRows::size).sum();
    if (n < minimum) {
      throw new UserException(
          "the "
              + part
              + " part of the period has "
              + n
              + " usable rows, fewer than "
              + minimum
              + "; choose a longer period (--start and --end) or more symbols");
    }
  }
}
