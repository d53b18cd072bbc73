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
    Market market, List<String> symbols, Interval interval, LocalDate start, LocalDate end) {

  public CollectRequest {
    symbols = List.copyOf(symbols);
    if (end.isBefore(start)) {
      throw new UserException("end date " + end + " is before start date " + start);
    }
    if (market == Market.FUTURES_UM && interval == Interval.S1) {
      throw new UserException("1s klines exist only for the spot market");
    }
  }
}
