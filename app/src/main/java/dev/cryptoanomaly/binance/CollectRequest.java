package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.time.LocalDate;
import java.util.List;

/**
 * What to collect: symbols of one market and interval over UTC days {@code start..end}, both
 * included (the date-range convention of DESIGN.md).
 */
public record CollectRequest(
    Market market,
    List<String> symbols,
    Interval interval,
    LocalDate start,
    LocalDate end,
    java.util.Map<String, Span> spans) {

  /** A symbol's own days within the request's: from its first to its last archived day. */
  public record Span(LocalDate start, LocalDate end) {}

  /** Every symbol over the same days. */
  public CollectRequest(
      Market market, List<String> symbols, Interval interval, LocalDate start, LocalDate end) {
    this(market, symbols, interval, start, end, java.util.Map.of());
  }

  public CollectRequest {
    symbols = List.copyOf(symbols);
    spans = java.util.Map.copyOf(spans);
    if (end.isBefore(start)) {
      throw new UserException("end date " + end + " is before start date " + start);
    }
    if (market == Market.FUTURES_UM && interval == Interval.S1) {
      throw new UserException("1s klines exist only for the spot market");
    }
  }

  /** The first day collected for a symbol: its own span's, else the request's. */
  public LocalDate start(String symbol) {
    Span s = spans.get(symbol);
    return s == null ? start : s.start();
  }

  /** The last day collected for a symbol. */
  public LocalDate end(String symbol) {
    Span s = spans.get(symbol);
    return s == null ? end : s.end();
  }
}
