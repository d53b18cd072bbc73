package dev.cryptoanomaly.binance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * A symbol of the archive with what Binance says of it now.
 *
 * @param status the exchange info's status ({@code TRADING}, {@code BREAK}, ...), or {@code
 *     DELISTED} when the archive holds it but the exchange no longer lists it
 * @param quoteAsset empty when unknown (delisted symbols)
 * @param firstDay the first archived daily file of the interval, null when not looked up yet or
 *     when there is none
 * @param lastDay the last one
 * @param days how many daily files the interval has (0 with no files, -1 not looked up)
 */
public record ListedSymbol(
    @JsonProperty("symbol") String symbol,
    @JsonProperty("status") String status,
    @JsonProperty("quote_asset") String quoteAsset,
    @JsonProperty("first_day") LocalDate firstDay,
    @JsonProperty("last_day") LocalDate lastDay,
    @JsonProperty("days") int days) {
  public static final String DELISTED = "DELISTED";

  public boolean trading() {
    return "TRADING".equals(status);
  }

  public boolean delisted() {
    return DELISTED.equals(status);
  }

  /** Whether the daily files of the interval have been looked up. */
  public boolean daysKnown() {
    return days >= 0;
  }

  ListedSymbol withDays(LocalDate first, LocalDate last, int count) {
    return new ListedSymbol(symbol, status, quoteAsset, first, last, count);
  }
}
