package dev.cryptoanomaly.kline;

/** Identifies one kline series: market, symbol and interval. */
public record SeriesKey(Market market, String symbol, Interval interval) {
  @Override
  public String toString() {
    return market + " " + symbol + " " + interval;
  }
}
