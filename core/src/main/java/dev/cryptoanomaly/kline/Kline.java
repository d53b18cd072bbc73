package dev.cryptoanomaly.kline;

/**
 * One closed candle. Times are epoch milliseconds (UTC); microsecond inputs are normalised on
 * parsing. Columns a source lacks (the spot files in shared data carry OHLCV only) are 0.
 */
public record Kline(
    long openTime,
    double open,
    double high,
    double low,
    double close,
    double volume,
    long closeTime,
    double quoteVolume,
    long trades,
    double takerBuyBase,
    double takerBuyQuote) {

  /** A candle with only OHLCV known; the close time follows the interval. */
  public static Kline ohlcv(
      Interval interval,
      long openTime,
      double open,
      double high,
      double low,
      double close,
      double volume) {
    return new Kline(
        openTime, open, high, low, close, volume, interval.next(openTime) - 1, 0, 0, 0, 0);
  }
}
