package dev.cryptoanomaly.train.eval;

import dev.cryptoanomaly.alert.Alert;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentBuilder;
import dev.cryptoanomaly.alert.IncidentMember;
import dev.cryptoanomaly.alert.IncidentScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an analyst sees of labelled events once alerts are grouped into incidents (by the same
 * {@link IncidentBuilder} as {@code detect}). Counted per labelled event, not per symbol: a
 * market-wide label ({@code *}) is one event however many symbols it moves.
 *
 * <ul>
 *   <li>{@code incidents_per_event}: incidents overlapping a detected event (touching its symbol,
 *       or any symbol for {@code *}), averaged over detected events; 1 is one page per event;
 *   <li>{@code scope_accuracy}: detected events whose largest overlapping incident has the label's
 *       scope ({@code *} is market-wide, a symbol single-asset);
 *   <li>{@code events_alerted_within_15m}: events whose first overlapping alert started at most 15
 *       minutes after the event, over all events with scored candles.
 * </ul>
 */
public final class IncidentEvaluation {
  static final long PROMPT_MILLIS = 15 * 60_000L;

  private IncidentEvaluation() {}

  public static Map<String, Double> evaluate(
      List<EventEvaluation.SeriesAlerts> series, List<EventLabel> labels, IncidentBuilder builder) {
    List<IncidentMember> members = new ArrayList<>();
    for (EventEvaluation.SeriesAlerts s : series) {
      for (Alert a : s.alerts()) {
        members.add(
            new IncidentMember(
                a.symbol(),
                a.symbol() + "@" + a.firstHit(),
                a.firstHit(),
                a.lastHit(),
                a.peak(),
                a.probability(),
                a.severity()));
      }
    }
    List<Incident> incidents = builder.build(members, 0);
    // Indexes, so that each label looks at its own symbol's incidents and series rather than all
    // of them (40k labels x 80k incidents at 1,000 symbols).
    Map<String, List<Incident>> bySymbol = new HashMap<>();
    for (Incident i : incidents) {
      for (String symbol : i.symbols()) {
        bySymbol.computeIfAbsent(symbol, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, List<EventEvaluation.SeriesAlerts>> seriesBySymbol = new HashMap<>();
    for (EventEvaluation.SeriesAlerts s : series) {
      seriesBySymbol.computeIfAbsent(s.scored().symbol(), k -> new ArrayList<>()).add(s);
    }
    int events = 0;
    int prompt = 0;
    int detected = 0;
    int rightScope = 0;
    long overlapping = 0;
    for (EventLabel e : labels) {
      boolean every = e.symbol().equals(EventLabel.EVERY_SYMBOL);
      if (!scored(every ? series : seriesBySymbol.getOrDefault(e.symbol(), List.of()), e)) {
        continue;
      }
      events++;
      List<Incident> mine =
          (every ? incidents : bySymbol.getOrDefault(e.symbol(), List.of()))
              .stream()
                  .filter(
                      i ->
                          i.members().stream()
                              .anyMatch(
                                  m ->
                                      e.appliesTo(m.symbol())
                                          && m.lastHit() >= e.start()
                                          && m.firstHit() <= e.end()))
                  .toList();
      if (mine.isEmpty()) {
        continue;
      }
      detected++;
      overlapping += mine.size();
      long firstHit =
          mine.stream()
              .flatMap(i -> i.members().stream())
              .filter(m -> e.appliesTo(m.symbol()) && m.lastHit() >= e.start())
              .mapToLong(IncidentMember::firstHit)
              .min()
              .orElseThrow();
      if (firstHit <= e.start() + PROMPT_MILLIS) {
        prompt++;
      }
      Incident largest =
          mine.stream().max(Comparator.comparingInt(i -> i.symbols().size())).orElseThrow();
      IncidentScope expected =
          e.symbol().equals(EventLabel.EVERY_SYMBOL)
              ? IncidentScope.MARKET_WIDE
              : IncidentScope.SINGLE_ASSET;
      if (largest.scope() == expected) {
        rightScope++;
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("labelled_events", (double) events);
    m.put("incidents", (double) incidents.size());
    m.put("incidents_per_event", detected == 0 ? Double.NaN : overlapping / (double) detected);
    m.put("scope_accuracy", detected == 0 ? Double.NaN : rightScope / (double) detected);
    m.put("events_alerted_within_15m", events == 0 ? Double.NaN : prompt / (double) events);
    return m;
  }

  private static boolean scored(List<EventEvaluation.SeriesAlerts> series, EventLabel e) {
    return series.stream()
        .anyMatch(
            s -> e.appliesTo(s.scored().symbol()) && s.scored().anyCandle(e.start(), e.end()));
  }
}
