package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;

/**
 * What the store holds for one series: first and last open time, rows, the candles missing between
 * them, and where its candles came from (the ledger's kinds), so simulated and real series are told
 * apart.
 */
public record SeriesCoverage(
    SeriesKey series,
    long firstOpenTime,
    long lastOpenTime,
    long rows,
    long missing,
    int gaps,
    java.util.Set<Provenance.Kind> sources) {
  public SeriesCoverage {
    sources =
        java.util.Collections.unmodifiableSet(
            java.util.EnumSet.copyOf(
                sources.isEmpty() ? java.util.EnumSet.noneOf(Provenance.Kind.class) : sources));
  }

  /** For people: {@code simulated}, {@code binance}, {@code import}, or several joined by +. */
  public String sourceLabel() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    for (Provenance.Kind k : sources) {
      names.add(
          switch (k) {
            case SYNTHETIC -> "simulated";
            case ARCHIVE, REST, WEBSOCKET -> "binance";
            case IMPORT -> "import";
          });
    }
    return names.isEmpty() ? "unknown" : String.join("+", names);
  }
}
