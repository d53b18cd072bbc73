package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to collect of symbols the listing named: each from the later of the period's start and its
 * first archived day, and a delisted one to its last archived day, so that no request goes to days
 * the archive never had. Symbols with no files in the period are left out and said why, a delisted
 * symbol as delisted rather than as a run of missing days; a listed one whose archive stopped
 * before a period older than the REST top-up reaches is left out too.
 *
 * @param notes one line per symbol left out or cut short
 */
public record ListedCollection(CollectRequest request, List<String> notes) {
  public static ListedCollection of(
      Market market,
      Interval interval,
      LocalDate start,
      LocalDate end,
      LocalDate today,
      List<ListedSymbol> listed) {
    List<String> symbols = new ArrayList<>();
    Map<String, CollectRequest.Span> spans = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (ListedSymbol s : listed) {
      if (s.days() == 0 || s.firstDay() == null) {
        notes.add(
            s.symbol() + ": listed, but the archive has no " + interval.archiveName() + " files");
        continue;
      }
      LocalDate from = s.firstDay().isAfter(start) ? s.firstDay() : start;
      LocalDate to = s.delisted() && s.lastDay().isBefore(end) ? s.lastDay() : end;
      if (s.delisted() && s.lastDay().isBefore(start)) {
        notes.add(s.symbol() + ": delisted, archived to " + s.lastDay() + ", before the period");
        continue;
      }
      if (!s.delisted()
          && s.lastDay().isBefore(start)
          && start.isBefore(today.minusDays(ArchiveCollector.REST_TOP_UP_DAYS))) {
        // Listed, but its archive stopped before the period, too long ago for REST to fill.
        notes.add(s.symbol() + ": archived to " + s.lastDay() + ", before the period");
        continue;
      }
      if (from.isAfter(end)) {
        notes.add(s.symbol() + ": first archived on " + s.firstDay() + ", after the period");
        continue;
      }
      if (s.delisted() && to.isBefore(end)) {
        notes.add(s.symbol() + ": delisted, archived to " + s.lastDay() + "; collected to then");
      }
      symbols.add(s.symbol());
      spans.put(s.symbol(), new CollectRequest.Span(from, to));
    }
    if (symbols.isEmpty()) {
      throw new UserException(
          "none of the "
              + listed.size()
              + " matching symbols has archived "
              + interval.archiveName()
              + " files between "
              + start
              + " and "
              + end
              + (notes.isEmpty() ? "" : " (" + notes.getFirst() + ")"));
    }
    return new ListedCollection(
        new CollectRequest(market, symbols, interval, start, end, spans), List.copyOf(notes));
  }
}
