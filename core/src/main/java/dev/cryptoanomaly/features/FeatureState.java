package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.List;

/**
 * Streaming features of one (symbol, interval): one closed candle in, its feature row out, in
 * constant time and memory. It keeps the last candles in the same columns batch computation uses
 * and evaluates them with the same {@link RowComputer}, so each row equals the batch row exactly.
 *
 * <p>After a restart, {@link #warm} with the last {@link #warmupCandles(FeatureSpec)} open times
 * from the store rebuilds the state; the windows are in time, so nothing older can matter.
 */
public final class FeatureState {
  /**
   * Rows appended between two compactions. The columns hold the warm-up window plus this many rows:
   * a few kilobytes per series, where a fixed 4,096 rows made 425 kB, so a worker with thousands of
   * series kept most of its state out of the CPU caches.
   */
  private static final int SLACK = 16;

  private final FeatureSpec spec;
  private final FeatureEvaluator evaluator;
  private final double[][] scratch;
  private final byte[] reason = new byte[1];
  private final CandleColumns columns;
  private final boolean isReference;
  private final int keep;

  /**
   * @param isReference true for the market reference itself: its market-relative return is taken
   *     against its own return, as in batch
   */
  public FeatureState(Interval interval, FeatureSpec spec, boolean isReference) {
    this.spec = spec;
    this.evaluator = new FeatureEvaluator(spec);
    this.scratch = new double[evaluator.width()][1];
    this.keep = warmupCandles(spec);
    this.columns = new CandleColumns(interval, keep + SLACK);
    this.isReference = isReference;
  }

  /** How many of the latest open times a restarted state must be fed to continue exactly. */
  public static int warmupCandles(FeatureSpec spec) {
    return spec.need();
  }

  public FeatureSpec spec() {
    return spec;
  }

  /** Open time of the last candle taken, or {@link Long#MIN_VALUE} before the first. */
  public long lastOpenTime() {
    return columns.lastOpenTime();
  }

  /** Log return of the last candle taken (NaN after a gap or before the second candle). */
  public double lastLogReturn() {
    return columns.size == 0 ? Double.NaN : columns.logReturn[columns.size - 1];
  }

  /** Feeds recent history (oldest first) without producing rows, e.g. after a restart. */
  public void warm(List<Kline> recent) {
    for (Kline k : recent) {
      if (k.openTime() > columns.lastOpenTime()) {
        append(k, Double.NaN);
      }
    }
  }

  /**
   * Takes the next closed candle.
   *
   * @param referenceReturn the market reference's log return at the same open time, or NaN
   * @return its features, or null when the candle is not newer than the last one (a duplicate or a
   *     late candle, which streaming cannot place into windows already computed)
   */
  public FeatureRow update(Kline k, double referenceReturn) {
    if (k.openTime() <= columns.lastOpenTime()) {
      return null;
    }
    int t = append(k, referenceReturn);
    evaluator.evaluate(columns, t, t + 1, scratch, reason, 0);
    double[] values = new double[scratch.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = scratch[i][0];
    }
    return new FeatureRow(k.openTime(), values, FeatureEvaluator.reason(reason[0]));
  }

  private int append(Kline k, double referenceReturn) {
    if (columns.size == keep + SLACK) {
      columns.retainLast(keep);
    }
    int t = columns.append(k, referenceReturn);
    if (isReference) {
      columns.setReferenceReturn(t, columns.logReturn[t]);
    }
    return t;
  }
}
