package dev.cryptoanomaly.train;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.kline.Symbols;
import dev.cryptoanomaly.store.CandleStore;
import java.util.List;

/**
 * Which stored series a command works on: {@code --symbols}, {@code --interval} and {@code
 * --market}, each narrowing when given. Parsing is eager so a typo fails before the store opens.
 */
public record SeriesSelection(List<String> symbols, Interval interval, Market market) {
  /** Pairs (normalised), interval and market as given; null for any. */
  public static SeriesSelection of(List<String> symbols, Interval interval, Market market) {
    return new SeriesSelection(
        symbols == null ? null : Symbols.normaliseAll(symbols), interval, market);
  }

  public static SeriesSelection parse(List<String> symbols, String interval, String market) {
    return new SeriesSelection(
        symbols == null ? null : Symbols.normaliseAll(symbols),
        interval == null ? null : Interval.parse(interval),
        market == null ? null : Market.parse(market));
  }

  /** The stored series that match, in the store's order. */
  public List<SeriesKey> in(CandleStore store) {
    return store.series().stream()
        .filter(s -> symbols == null || symbols.contains(s.symbol()))
        .filter(s -> interval == null || s.interval() == interval)
        .filter(s -> market == null || s.market() == market)
        .toList();
  }
}
