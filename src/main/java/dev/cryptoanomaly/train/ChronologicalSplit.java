package dev.cryptoanomaly.train;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.SeriesRows;
import java.util.List;

/**
 * Train, validation and test periods by time, the same cut for every series: the first 60% of the
 * period trains, the next 20% tunes and calibrates, the last 20% tests. Never by row order, which
 * across symbols would let a model see a market event in training and be tested on the same event
 * in another symbol.
 */
public record ChronologicalSplit(long from, long trainEnd, long validationEnd, long to) {
  public static final double TRAIN = 0.6;
  public static final double VALIDATION = 0.2;

  public static ChronologicalSplit of(long from, long to) {
    long span = to - from;
    return new ChronologicalSplit(
        from, from + (long) (span * TRAIN), from + (long) (span * (TRAIN + VALIDATION)), to);
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
