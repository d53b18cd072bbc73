package dev.cryptoanomaly.features;

import java.util.Locale;

/**
 * Every feature the system can compute, with its window and what it needs. "Previous n candles"
 * always means the n open times right before the candle, all present: the candle itself is never
 * part of its own baseline, and a missing candle invalidates every window that spans it.
 *
 * <p>{@link #need} is how many consecutive candles, ending with the current one, the feature reads
 * (a log return reads the candle before too). Changing a definition or window means bumping {@link
 * FeatureRegistry#VERSION}.
 */
public enum Feature {
  VOLATILITY("(high - low) / open of the candle.", 1, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      System.arraycopy(c.volatility, from, out, offset, to - from);
    }
  },
  LOG_RETURN("ln(close / previous close).", 2, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      System.arraycopy(c.logReturn, from, out, offset, to - from);
    }
  },
  VOLUME_RATIO("Volume / mean volume of the previous 10 candles.", 11, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      Formulas.ratioToMeanBefore(c.volume, from, to, BASELINE, out, offset, w.first, w.shifted);
    }
  },
  VOLATILITY_RATIO("Volatility / mean volatility of the previous 10 candles.", 11, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      Formulas.ratioToMeanBefore(c.volatility, from, to, BASELINE, out, offset, w.first, w.shifted);
    }
  },
  RETURN_STD(
      "Sample standard deviation of the last 10 log returns, this candle's included.",
      11,
      Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      int rows = to - from;
      Formulas.meansBefore(c.logReturn, from + 1, rows, BASELINE, w.first, w.shifted);
      Formulas.stdsBefore(
          c.logReturn, from + 1, rows, BASELINE, w.first, w.second, w.shifted, out, offset);
    }
  },
  PRICE_RANGE("(high - low) / close of the candle.", 1, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      for (int t = from; t < to; t++) {
        out[offset + t - from] = (c.high[t] - c.low[t]) / c.close[t];
      }
    }
  },
  TAKER_BUY_RATIO(
      "Taker buy base volume / volume: the share of aggressive buying.", 1, Input.TRADES) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      for (int t = from; t < to; t++) {
        out[offset + t - from] = Formulas.ratio(c.takerBuy[t], c.volume[t]);
      }
    }
  },
  TRADE_COUNT_RATIO(
      "Number of trades / mean number of trades of the previous 10 candles.", 11, Input.TRADES) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      Formulas.ratioToMeanBefore(c.trades, from, to, BASELINE, out, offset, w.first, w.shifted);
    }
  },
  RETURN_ZSCORE(
      "(log return - mean) / standard deviation of the previous 20 log returns.", 22, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      int rows = to - from;
      Formulas.meansBefore(c.logReturn, from, rows, LONG_BASELINE, w.first, w.shifted);
      Formulas.stdsBefore(
          c.logReturn, from, rows, LONG_BASELINE, w.first, w.second, w.shifted, out, offset);
      for (int t = from; t < to; t++) {
        int o = offset + t - from;
        out[o] = Formulas.ratio(c.logReturn[t] - w.first[t - from], out[o]);
      }
    }
  },
  RSI(
      "Relative strength index over the last 14 close changes (simple averages), 0 to 100.",
      15,
      Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      Formulas.rsi(
          c.close, from, to, RSI_CHANGES, out, offset, w.first, w.second, w.changes, w.shifted);
    }
  },
  VWAP_DISTANCE(
      "close / volume-weighted average typical price of the previous 20 candles - 1.",
      21,
      Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      int rows = to - from;
      Formulas.sumsBefore(c.typicalVolume, from, rows, LONG_BASELINE, w.first, w.shifted);
      Formulas.sumsBefore(c.volume, from, rows, LONG_BASELINE, w.second, w.shifted);
      for (int t = from; t < to; t++) {
        int j = t - from;
        double vwap = w.second[j] == 0 ? Double.NaN : w.first[j] / w.second[j];
        out[offset + j] = c.close[t] / vwap - 1;
      }
    }
  },
  UPPER_WICK(
      "(high - max(open, close)) / (high - low); 0 for a candle with no range.", 1, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      for (int t = from; t < to; t++) {
        out[offset + t - from] = Formulas.upperWick(c.open[t], c.high[t], c.low[t], c.close[t]);
      }
    }
  },
  LOWER_WICK(
      "(min(open, close) - low) / (high - low); 0 for a candle with no range.", 1, Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      for (int t = from; t < to; t++) {
        out[offset + t - from] = Formulas.lowerWick(c.open[t], c.high[t], c.low[t], c.close[t]);
      }
    }
  },
  MARKET_RELATIVE_RETURN(
      "Log return minus the market reference's (BTCUSDT) log return at the same open time:"
          + " tells a single-asset move from a market-wide one.",
      2,
      Input.REFERENCE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      for (int t = from; t < to; t++) {
        out[offset + t - from] = c.logReturn[t] - c.referenceReturn[t];
      }
    }
  },
  RETURN_ROBUST_ZSCORE(
      "(log return - median) / (1.4826 x median absolute deviation) of the previous 20 log"
          + " returns: the robust z-score baseline's input.",
      22,
      Input.PRICE) {
    @Override
    void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w) {
      if (to - from == 1) { // streaming: one row, its window sorted afresh
        out[offset] = Formulas.robustZ(c.logReturn, from, LONG_BASELINE);
      } else {
        Formulas.robustZs(c.logReturn, from, to, LONG_BASELINE, out, offset);
      }
    }
  };

  /** The baseline window of the original specification, in candles. */
  static final int BASELINE = 10;

  /** The longer window of the z-score and VWAP, in candles. */
  static final int LONG_BASELINE = 20;

  static final int RSI_CHANGES = 14;

  /** What a feature reads beyond OHLCV. */
  public enum Input {
    /** OHLCV only: every source has it. */
    PRICE,
    /** Trade counts and taker volumes: missing from OHLCV-only files. */
    TRADES,
    /** The market reference series at the same open time. */
    REFERENCE
  }

  private final String description;
  private final int need;
  private final Input input;

  Feature(String description, int need, Input input) {
    this.description = description;
    this.need = need;
    this.input = input;
  }

  /** The feature's name, as users type it (snake case). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  /** Consecutive candles (ending with the current one) the feature reads. */
  public int need() {
    return need;
  }

  public Input input() {
    return input;
  }

  /**
   * Writes the values of rows {@code [from, to)} to {@code out[offset ...]}, using the workspace's
   * scratch arrays (at least {@code to - from} long). Rows must be at least {@code need - 1} so
   * windows stay inside the columns; whether a window is complete (no gap) is checked by the
   * caller.
   *
   * <p>Each constant is written over a block of rows: batch passes blocks of many rows (the window
   * loops then run across rows, which the JIT vectorises), streaming a block of its one new row.
   * Every row's value comes from the same operations in the same order either way.
   */
  abstract void compute(CandleColumns c, int from, int to, double[] out, int offset, Workspace w);
}
