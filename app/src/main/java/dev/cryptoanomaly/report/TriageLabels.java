package dev.cryptoanomaly.report;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentMember;
import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.alert.TriageState;
import dev.cryptoanomaly.store.IncidentStore;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.train.eval.EventEvaluation;
import dev.cryptoanomaly.train.eval.EventLabel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What analysts' verdicts say as labels: a confirmed or known-event alert is an event on its symbol
 * over its span; a confirmed or known-event incident is one over its span on every symbol when
 * market-wide, else on each member's symbol over its alert. Dismissed verdicts are known false
 * alerts. The latest verdict of each target counts; an alert's own verdict wins over its
 * incident's.
 *
 * @param events confirmed and known-event windows, as a labels file holds them
 * @param dismissed windows analysts called false
 * @param confirmedIncidents incidents confirmed (or known events), for recall over incidents
 */
public record TriageLabels(
    List<EventLabel> events, List<EventLabel> dismissed, List<Incident> confirmedIncidents) {

  public static TriageLabels of(IncidentStore store) {
    Map<String, EventLabel> byAlert = new LinkedHashMap<>();
    Map<String, Boolean> alertIsEvent = new LinkedHashMap<>();
    List<EventLabel> marketWide = new ArrayList<>();
    List<Incident> incidents = new ArrayList<>();
    Map<String, TriageEntry> states = store.triageStates();
    // Incidents first, so that an alert's own verdict, read after, replaces its incident's.
    for (TriageEntry e : states.values()) {
      if (e.target().startsWith("i")) {
        Optional<Incident> found = store.incident(e.target());
        if (found.isEmpty()) {
          continue; // rebuilt away by a later detection; its alerts keep their own verdicts
        }
        Incident i = found.get();
        boolean event = e.state() != TriageState.DISMISSED;
        if (event) {
          incidents.add(i);
        }
        if (event && i.scope() == IncidentScope.MARKET_WIDE) {
          marketWide.add(
              new EventLabel(EventLabel.EVERY_SYMBOL, i.onset(), i.lastHit(), e.state().id()));
          continue;
        }
        for (IncidentMember m : i.members()) {
          byAlert.put(
              m.alertId(), new EventLabel(m.symbol(), m.firstHit(), m.lastHit(), e.state().id()));
          alertIsEvent.put(m.alertId(), event);
        }
      }
    }
    for (TriageEntry e : states.values()) {
      if (e.target().startsWith("a")) {
        Optional<SeriesAnomaly> found = store.alert(e.target());
        if (found.isPresent()) {
          SeriesAnomaly a = found.get();
          byAlert.put(
              e.target(),
              new EventLabel(
                  a.series().symbol(),
                  a.anomaly().firstHit(),
                  a.anomaly().lastHit(),
                  e.state().id()));
          alertIsEvent.put(e.target(), e.state() != TriageState.DISMISSED);
        }
      }
    }
    List<EventLabel> events = new ArrayList<>(marketWide);
    List<EventLabel> dismissed = new ArrayList<>();
    byAlert.forEach((id, label) -> (alertIsEvent.get(id) ? events : dismissed).add(label));
    return new TriageLabels(events, dismissed, incidents);
  }

  /** The events as a labels CSV ({@code symbol,start,end,kind}), which {@code evaluate} reads. */
  public String csv() {
    StringBuilder out =
        new StringBuilder(
            "# analysts' confirmed and known-event verdicts (alerts export --labels)\n");
    out.append("symbol,start,end,kind\n");
    for (EventLabel l : events) {
      out.append(l.symbol())
          .append(',')
          .append(Numbers.instant(l.start()))
          .append(',')
          .append(Numbers.instant(l.end()))
          .append(',')
          .append(l.kind())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * The measures verdicts allow beside the labels' own: precision over triaged alerts (a model's
   * alerts meeting a confirmed window over those meeting a confirmed or dismissed one) and recall
   * over confirmed incidents (those a model alert meets on one of their symbols).
   */
  public Map<String, Double> metrics(List<EventEvaluation.SeriesAlerts> alerts) {
    long confirmed = 0;
    long falseOnes = 0;
    for (EventEvaluation.SeriesAlerts s : alerts) {
      String symbol = s.scored().symbol();
      for (var a : s.alerts()) {
        if (meets(events, symbol, a.firstHit(), a.lastHit())) {
          confirmed++;
        } else if (meets(dismissed, symbol, a.firstHit(), a.lastHit())) {
          falseOnes++;
        }
      }
    }
    int caught = 0;
    for (Incident i : confirmedIncidents) {
      boolean hit = false;
      for (EventEvaluation.SeriesAlerts s : alerts) {
        if (!i.symbols().contains(s.scored().symbol())) {
          continue;
        }
        for (var a : s.alerts()) {
          hit |= a.lastHit() >= i.onset() && a.firstHit() <= i.lastHit();
        }
      }
      caught += hit ? 1 : 0;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(
        "triaged_precision",
        confirmed + falseOnes == 0 ? Double.NaN : confirmed / (double) (confirmed + falseOnes));
    m.put(
        "confirmed_incident_recall",
        confirmedIncidents.isEmpty() ? Double.NaN : caught / (double) confirmedIncidents.size());
    return m;
  }

  private static boolean meets(List<EventLabel> labels, String symbol, long first, long last) {
    for (EventLabel l : labels) {
      if (l.appliesTo(symbol) && last >= l.start() && first <= l.end()) {
        return true;
      }
    }
    return false;
  }
}
