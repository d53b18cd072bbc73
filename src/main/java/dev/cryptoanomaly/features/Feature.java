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
    double compute(CandleColumns c, int t) {
      return c.volatility[t];
    }
  },
  LOG_RETURN("ln(close / previous close).", 2, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return c.logReturn[t];
    }
  },
  VOLUME_RATIO("Volume / mean volume of the previous 10 candles.", 11, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.ratio(c.volume[t], Formulas.meanBefore(c.volume, t, BASELINE));
    }
  },
  VOLATILITY_RATIO("Volatility / mean volatility of the previous 10 candles.", 11, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.ratio(c.volatility[t], Formulas.meanBefore(c.volatility, t, BASELINE));
    }
  },
  RETURN_STD(
      "Sample standard deviation of the last 10 log returns, this candle's included.",
      11,
      Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      double mean = Formulas.meanBefore(c.logReturn, t + 1, BASELINE);
      return Formulas.stdBefore(c.logReturn, t + 1, BASELINE, mean);
    }
  },
  PRICE_RANGE("(high - low) / close of the candle.", 1, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return (c.high[t] - c.low[t]) / c.close[t];
    }
  },
  TAKER_BUY_RATIO(
      "Taker buy base volume / volume: the share of aggressive buying.", 1, Input.TRADES) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.ratio(c.takerBuy[t], c.volume[t]);
    }
  },
  TRADE_COUNT_RATIO(
      "Number of trades / mean number of trades of the previous 10 candles.", 11, Input.TRADES) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.ratio(c.trades[t], Formulas.meanBefore(c.trades, t, BASELINE));
    }
  },
  RETURN_ZSCORE(
      "(log return - mean) / standard deviation of the previous 20 log returns.", 22, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      double mean = Formulas.meanBefore(c.logReturn, t, LONG_BASELINE);
      double std = Formulas.stdBefore(c.logReturn, t, LONG_BASELINE, mean);
      return Formulas.ratio(c.logReturn[t] - mean, std);
    }
  },
  RSI(
      "Relative strength index over the last 14 close changes (simple averages), 0 to 100.",
      15,
      Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.rsi(c.close, t, RSI_CHANGES);
    }
  },
  VWAP_DISTANCE(
      "close / volume-weighted average typical price of the previous 20 candles - 1.",
      21,
      Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return c.close[t] / Formulas.vwapBefore(c, t, LONG_BASELINE) - 1;
    }
  },
  UPPER_WICK(
      "(high - max(open, close)) / (high - low); 0 for a candle with no range.", 1, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.upperWick(c.open[t], c.high[t], c.low[t], c.close[t]);
    }
  },
  LOWER_WICK(
      "(min(open, close) - low) / (high - low); 0 for a candle with no range.", 1, Input.PRICE) {
    @Override
    double compute(CandleColumns c, int t) {
      return Formulas.lowerWick(c.open[t], c.high[t], c.low[t], c.close[t]);
    }
  },
  MARKET_RELATIVE_RETURN(
      "Log return minus the market reference's (BTCUSDT) log return at the same open time:"
          + " tells a single-asset move from a market-wide one.",
      2,
      Input.REFERENCE) {
    @Override
    double compute(CandleColumns c, int t) {
      return c.logReturn[t] - c.referenceReturn[t];
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

  /** The value at row {@code t}; the caller has checked that the window is complete. */
  abstract double compute(CandleColumns c, int t);
}
