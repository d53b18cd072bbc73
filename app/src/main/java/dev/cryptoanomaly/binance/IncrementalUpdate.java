package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Provenance;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code update} collects: each stored series from the day of its last candle up to today.
 * Simulated series are skipped (Binance has nothing to add to them). Used by the CLI, the dashboard
 * and the hourly job.
 */
public final class IncrementalUpdate {
  private IncrementalUpdate() {}

  /** One request per series to bring up to date; {@code skipped} hears about the others. */
  public static List<CollectRequest> requests(
      KlineStore store, List<SeriesKey> series, LocalDate today, Consumer<String> skipped) {
    return requests(store, series, today, skipped, s -> java.util.Optional.empty());
  }

  /**
   * The same, with what the archive's listing says of each series' symbol: a delisted one is
   * collected only to its last archived day, and not at all when the store already has it, and said
   * as delisted rather than left to show up as a run of unpublished days.
   */
  public static List<CollectRequest> requests(
      KlineStore store,
      List<SeriesKey> series,
      LocalDate today,
      Consumer<String> skipped,
      java.util.function.Function<SeriesKey, java.util.Optional<ListedSymbol>> listed) {
    List<CollectRequest> out = new ArrayList<>();
    for (SeriesKey s : series) {
      if (store.provenance(s).stream().anyMatch(p -> p.kind() == Provenance.Kind.SYNTHETIC)) {
        skipped.accept(s + ": simulated series, not updated from Binance");
        continue;
      }
      LocalDate from =
          LocalDate.ofInstant(
              Instant.ofEpochMilli(store.lastOpenTime(s).orElseThrow()), ZoneOffset.UTC);
      LocalDate to = today;
      ListedSymbol l = listed.apply(s).orElse(null);
      if (l != null && l.delisted() && l.lastDay() != null) {
        if (l.lastDay().isBefore(from)) {
          skipped.accept(
              s + ": delisted, archived to " + l.lastDay() + "; nothing newer to collect");
          continue;
        }
        skipped.accept(s + ": delisted, archived to " + l.lastDay() + "; collected to then");
        to = l.lastDay();
      }
      out.add(new CollectRequest(s.market(), List.of(s.symbol()), s.interval(), from, to));
    }
    return out;
  }
}
