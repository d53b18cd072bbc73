package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.SeriesKey;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

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
    Set<Provenance.Kind> sources) {
  public SeriesCoverage {
    EnumSet<Provenance.Kind> copy = EnumSet.noneOf(Provenance.Kind.class);
    copy.addAll(sources);
    sources = Collections.unmodifiableSet(copy);
  }

  /** The kinds of source a {@link #sourceLabel()} word stands for: simulated, binance or import. */
  public static Set<Provenance.Kind> kindsOf(String label) {
    return switch (label) {
      case "simulated" -> EnumSet.of(Provenance.Kind.SYNTHETIC);
      case "binance" ->
          EnumSet.of(Provenance.Kind.ARCHIVE, Provenance.Kind.REST, Provenance.Kind.WEBSOCKET);
      case "import" -> EnumSet.of(Provenance.Kind.IMPORT);
      default ->
          throw new dev.cryptoanomaly.UserException(
              "must be simulated, binance or import, not '" + label + "'");
    };
  }

  /** For people: {@code simulated}, {@code binance}, {@code import}, or several joined by +. */
  public String sourceLabel() {
    Set<String> names = new LinkedHashSet<>();
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
