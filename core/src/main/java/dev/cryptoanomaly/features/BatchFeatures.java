package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Features of a whole range at once: the batch side of the one definition. */
public final class BatchFeatures {
  private BatchFeatures() {}

  /** Candles as columns, without a market reference. */
  public static CandleColumns columns(Interval interval, List<Kline> klines) {
    CandleColumns c = new CandleColumns(interval, klines.size());
    for (Kline k : klines) {
      c.append(k, Double.NaN);
    }
    return c;
  }

  /**
   * {@link #columns} filled by tasks of the calling fork-join pool (the common pool outside one):
   * the same columns, for long series on many cores.
   */
  public static CandleColumns columnsInParallel(Interval interval, List<Kline> klines) {
    return CandleColumns.fill(interval, klines);
  }

  /**
   * Sets each row's reference return to the reference series' log return at the same open time (NaN
   * where the reference has no candle or no return).
   */
  public static void alignReference(CandleColumns target, CandleColumns reference) {
    int j = 0;
    for (int i = 0; i < target.size; i++) {
      long t = target.openTime[i];
      while (j < reference.size && reference.openTime[j] < t) {
        j++;
      }
      boolean match = j < reference.size && reference.openTime[j] == t;
      target.setReferenceReturn(i, match ? reference.logReturn[j] : Double.NaN);
    }
  }

  /** Features of every row from {@code fromRow} on; earlier rows only fill the windows. */
  public static FeatureFrame compute(CandleColumns c, FeatureSpec spec, int fromRow) {
    FeatureEvaluator evaluator = new FeatureEvaluator(spec);
    int rows = Math.max(0, c.size - fromRow);
    long[] openTimes = java.util.Arrays.copyOfRange(c.openTime, fromRow, fromRow + rows);
    double[][] values = new double[evaluator.width()][rows];
    byte[] reasons = new byte[rows];
    evaluator.evaluate(c, fromRow, fromRow + rows, values, reasons, 0);
    return new FeatureFrame(spec, openTimes, values, reasons);
  }

  /** Features of every row. */
  public static FeatureFrame compute(CandleColumns c, FeatureSpec spec) {
    return compute(c, spec, 0);
  }

  /**
   * Rows per parallel task: a whole number of the evaluator's blocks, big enough to be worth one.
   */
  static final int PARALLEL_ROWS = 64 * 1024;

  /** A stretch of rows a task works on. */
  interface RowRange {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [from, to)} in stretches of {@link #PARALLEL_ROWS} rows, as tasks
   * of the calling fork-join pool (the common pool outside one), and returns when all are done.
   */
  static void inTasks(int from, int to, RowRange body) {
    int tasks = (to - from + PARALLEL_ROWS - 1) / PARALLEL_ROWS;
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            i -> {
              int start = from + i * PARALLEL_ROWS;
              body.run(start, Math.min(to, start + PARALLEL_ROWS));
            });
  }

  /**
   * {@link #compute(CandleColumns, FeatureSpec, int)} with the rows split into tasks (see {@link
   * #inTasks}), so that one long series uses every core. Every row's windows are read afresh from
   * the columns, so a row's value does not depend on the task that computes it: the frame is the
   * same to the bit.
   */
  public static FeatureFrame computeInParallel(CandleColumns c, FeatureSpec spec, int fromRow) {
    int rows = Math.max(0, c.size - fromRow);
    if (rows <= PARALLEL_ROWS) {
      return compute(c, spec, fromRow);
    }
    long[] openTimes = java.util.Arrays.copyOfRange(c.openTime, fromRow, fromRow + rows);
    double[][] values = new double[spec.size()][rows];
    byte[] reasons = new byte[rows];
    inTasks(
        fromRow,
        c.size,
        (from, to) ->
            new FeatureEvaluator(spec).evaluate(c, from, to, values, reasons, from - fromRow));
    return new FeatureFrame(spec, openTimes, values, reasons);
  }

  /**
   * The features of a spec the data cannot provide at all from {@code fromRow} on: trade-based
   * features when no traded candle carries a trade count (OHLCV-only files), the market-relative
   * return when no row has a reference. Such features are reported as unavailable, never computed
   * from zeros.
   */
  public static List<Feature> unavailable(CandleColumns c, FeatureSpec spec, int fromRow) {
    boolean anyTrades = false;
    boolean anyReference = false;
    for (int t = fromRow; t < c.size; t++) {
      anyTrades |= c.trades[t] > 0;
      anyReference |= !Double.isNaN(c.referenceReturn[t]);
    }
    List<Feature> missing = new ArrayList<>();
    for (Feature f : spec.features()) {
      if ((f.input() == Feature.Input.TRADES && !anyTrades)
          || (f.input() == Feature.Input.REFERENCE && !anyReference)) {
        missing.add(f);
      }
    }
    return missing;
  }
}
