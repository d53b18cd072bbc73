package dev.cryptoanomaly.features;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.util.Arrays;

/**
 * Candles of one series as columns, plus the per-candle quantities every feature builds on. Batch
 * computation fills one instance with a whole range; streaming keeps a small one and drops old rows
 * with {@link #retainLast(int)}. Both then call the same feature code on the same arrays, which is
 * why their results are identical to the bit.
 *
 * <p>{@code run[t]} counts the candles ending at {@code t} that follow each other without a missing
 * open time: a feature whose window needs {@code n} candles is valid only where {@code run[t] >=
 * n}, so a gap never joins two windows.
 */
public final class CandleColumns {
  /** Runs are counted up to this; no window is longer, so the cap never changes a result. */
  static final int RUN_CAP = 1 << 20;

  private final Interval interval;
  private final long step;
  int size;
  long[] openTime;
  double[] open;
  double[] high;
  double[] low;
  double[] close;
  double[] volume;
  double[] trades;
  double[] takerBuy;
  double[] volatility;
  double[] typicalVolume;
  double[] logReturn;
  double[] referenceReturn;
  int[] run;

  public CandleColumns(Interval interval, int capacity) {
    this.interval = interval;
    this.step = interval.isFixed() ? interval.millis() : 0;
    allocate(Math.max(capacity, 16));
  }

  private void allocate(int capacity) {
    openTime = new long[capacity];
    open = new double[capacity];
    high = new double[capacity];
    low = new double[capacity];
    close = new double[capacity];
    volume = new double[capacity];
    trades = new double[capacity];
    takerBuy = new double[capacity];
    volatility = new double[capacity];
    typicalVolume = new double[capacity];
    logReturn = new double[capacity];
    referenceReturn = new double[capacity];
    run = new int[capacity];
  }

  public int size() {
    return size;
  }

  public long openTime(int row) {
    return openTime[row];
  }

  /** Open time of the last candle, or {@link Long#MIN_VALUE} when empty. */
  public long lastOpenTime() {
    return size == 0 ? Long.MIN_VALUE : openTime[size - 1];
  }

  /**
   * Appends a candle that opens after the last one.
   *
   * @param referenceReturn the market reference's log return for the same open time, or NaN
   * @return the row index
   */
  public int append(Kline k, double referenceReturn) {
    if (size > 0 && k.openTime() <= openTime[size - 1]) {
      throw new IllegalArgumentException(
          "candle at " + k.openTime() + " does not follow " + openTime[size - 1]);
    }
    if (size == openTime.length) {
      grow();
    }
    int t = size++;
    boolean follows = t > 0 && next(openTime[t - 1]) == k.openTime();
    put(t, k, follows, follows ? close[t - 1] : Double.NaN, referenceReturn);
    run[t] = follows ? Math.min(run[t - 1] + 1, RUN_CAP) : 1;
    return t;
  }

  /**
   * Writes row {@code t} from its candle (everything but the run of consecutive candles): the one
   * place a candle becomes a row, for streaming's appends and batch's parallel fill alike.
   */
  private void put(int t, Kline k, boolean follows, double previousClose, double referenceReturn) {
    openTime[t] = k.openTime();
    open[t] = k.open();
    high[t] = k.high();
    low[t] = k.low();
    close[t] = k.close();
    volume[t] = k.volume();
    trades[t] = k.trades();
    takerBuy[t] = k.takerBuyBase();
    volatility[t] = Formulas.volatility(k.high(), k.low(), k.open());
    typicalVolume[t] = (k.high() + k.low() + k.close()) / 3 * k.volume();
    logReturn[t] = follows ? logOf(k.close() / previousClose) : Double.NaN;
    this.referenceReturn[t] = referenceReturn;
  }

  /**
   * Batch: the rows of a whole list of candles at once, in tasks (see {@link
   * BatchFeatures#inTasks}), with the values {@link #append} gives row by row; the runs of
   * consecutive candles are then counted in one pass. Without a market reference (NaN).
   */
  static CandleColumns fill(Interval interval, java.util.List<Kline> klines) {
    int n = klines.size();
    if (n <= BatchFeatures.PARALLEL_ROWS || !(klines instanceof java.util.RandomAccess)) {
      return BatchFeatures.columns(interval, klines);
    }
    CandleColumns c = new CandleColumns(interval, n);
    // A candle out of order is reported as append reports it (the first one), not wrapped by the
    // pool as a task's failure.
    IllegalArgumentException[] refused =
        new IllegalArgumentException[(n - 1) / BatchFeatures.PARALLEL_ROWS + 1];
    BatchFeatures.inTasks(
        0,
        n,
        (from, to) -> {
          try {
            c.fillRows(klines, from, to);
          } catch (IllegalArgumentException e) {
            refused[from / BatchFeatures.PARALLEL_ROWS] = e;
          }
        });
    for (IllegalArgumentException e : refused) {
      if (e != null) {
        throw e;
      }
    }
    c.run[0] = 1;
    for (int t = 1; t < n; t++) { // run[t] holds 1 where the candle follows the one before, else 0
      c.run[t] = c.run[t] == 0 ? 1 : Math.min(c.run[t - 1] + 1, RUN_CAP);
    }
    c.size = n;
    return c;
  }

  private void fillRows(java.util.List<Kline> klines, int from, int to) {
    Kline previous = from > 0 ? klines.get(from - 1) : null;
    for (int t = from; t < to; t++) {
      Kline k = klines.get(t);
      if (previous != null && k.openTime() <= previous.openTime()) {
        throw new IllegalArgumentException(
            "candle at " + k.openTime() + " does not follow " + previous.openTime());
      }
      boolean follows = previous != null && next(previous.openTime()) == k.openTime();
      put(t, k, follows, follows ? previous.close() : Double.NaN, Double.NaN);
      run[t] = follows ? 1 : 0;
      previous = k;
    }
  }

  /** ln(ratio); an unchanged close (a fifth of 1m candles) skips the logarithm: ln 1 is +0.0. */
  private static double logOf(double ratio) {
    return ratio == 1.0 ? 0.0 : Math.log(ratio);
  }

  private long next(long openTime) {
    return step > 0 ? openTime + step : interval.next(openTime);
  }

  /** Sets the reference return of a row (batch alignment against the reference series). */
  void setReferenceReturn(int row, double value) {
    referenceReturn[row] = value;
  }

  /** Keeps only the last {@code rows} rows (streaming), so memory stays bounded. */
  public void retainLast(int rows) {
    if (size <= rows) {
      return;
    }
    int from = size - rows;
    System.arraycopy(openTime, from, openTime, 0, rows);
    for (double[] column : doubleColumns()) {
      System.arraycopy(column, from, column, 0, rows);
    }
    System.arraycopy(run, from, run, 0, rows);
    size = rows;
  }

  private double[][] doubleColumns() {
    return new double[][] {
      open,
      high,
      low,
      close,
      volume,
      trades,
      takerBuy,
      volatility,
      typicalVolume,
      logReturn,
      referenceReturn
    };
  }

  private void grow() {
    int capacity = openTime.length * 2;
    openTime = Arrays.copyOf(openTime, capacity);
    open = Arrays.copyOf(open, capacity);
    high = Arrays.copyOf(high, capacity);
    low = Arrays.copyOf(low, capacity);
    close = Arrays.copyOf(close, capacity);
    volume = Arrays.copyOf(volume, capacity);
    trades = Arrays.copyOf(trades, capacity);
    takerBuy = Arrays.copyOf(takerBuy, capacity);
    volatility = Arrays.copyOf(volatility, capacity);
    typicalVolume = Arrays.copyOf(typicalVolume, capacity);
    logReturn = Arrays.copyOf(logReturn, capacity);
    referenceReturn = Arrays.copyOf(referenceReturn, capacity);
    run = Arrays.copyOf(run, capacity);
  }
}
