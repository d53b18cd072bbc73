package dev.cryptoanomaly.features;

/**
 * The arithmetic of the features, shared by batch and streaming. Window sums always run from the
 * oldest to the newest candle, so both modes perform the same floating-point operations in the same
 * order. A zero denominator gives NaN, which the caller reports as a zero baseline.
 */
final class Formulas {
  private Formulas() {}

  static double volatility(double high, double low, double open) {
    return (high - low) / open;
  }

  /** {@code value / baseline}, or NaN when the baseline is zero. */
  static double ratio(double value, double baseline) {
    return baseline == 0 ? Double.NaN : value / baseline;
  }

  /** Mean of {@code x[to - n .. to - 1]}: the {@code n} values before row {@code to}. */
  static double meanBefore(double[] x, int to, int n) {
    double sum = 0;
    for (int i = to - n; i < to; i++) {
      sum += x[i];
    }
    return sum / n;
  }

  /**
   * Sample standard deviation (n - 1 in the denominator, as pandas) of {@code x[to - n .. to - 1]}.
   */
  static double stdBefore(double[] x, int to, int n, double mean) {
    double squares = 0;
    for (int i = to - n; i < to; i++) {
      double d = x[i] - mean;
      squares += d * d;
    }
    return Math.sqrt(squares / (n - 1));
  }

  /**
   * Relative strength index with simple averages (Cutler's variant) over the last {@code n} close
   * changes ending at {@code t}. Wilder's smoothing would make the value depend on the whole
   * history, which a restarted stream cannot reproduce; a flat window gives the neutral 50.
   */
  static double rsi(double[] close, int t, int n) {
    double gains = 0;
    double losses = 0;
    for (int i = t - n + 1; i <= t; i++) {
      double change = close[i] - close[i - 1];
      if (change > 0) {
        gains += change;
      } else {
        losses -= change;
      }
    }
    double total = gains + losses;
    return total == 0 ? 50 : 100 * gains / total;
  }

  /**
   * Volume-weighted typical price {@code (h + l + c) / 3} of the {@code n} candles before {@code
   * to}.
   */
  static double vwapBefore(CandleColumns c, int to, int n) {
    double weighted = 0;
    double volume = 0;
    for (int i = to - n; i < to; i++) {
      double typical = (c.high[i] + c.low[i] + c.close[i]) / 3;
      weighted += typical * c.volume[i];
      volume += c.volume[i];
    }
    return volume == 0 ? Double.NaN : weighted / volume;
  }

  /** Share of the candle's range above its body; a candle with no range has no wick. */
  static double upperWick(double open, double high, double low, double close) {
    double range = high - low;
    return range == 0 ? 0 : (high - Math.max(open, close)) / range;
  }

  /** Share of the candle's range below its body; a candle with no range has no wick. */
  static double lowerWick(double open, double high, double low, double close) {
    double range = high - low;
    return range == 0 ? 0 : (Math.min(open, close) - low) / range;
  }
}
