package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentJson;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.report.IncidentFilters;
import dev.cryptoanomaly.report.Triage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The incident list of the Overview and {@code /api/incidents}, and the triage the page's buttons
 * and {@code POST /api/triage} record (the same {@link Triage} as the CLI's).
 */
final class IncidentsView {
  static final int SHOWN = 50;
  private final Dashboard d;

  IncidentsView(Dashboard d) {
    this.d = d;
  }

  /** Incidents the filters ({@code scope}, {@code since}, {@code symbol}) ask for, latest first. */
  List<Map<String, Object>> rows(Map<String, Object> filters) {
    Fields f = new Fields(filters);
    var query =
        new IncidentFilters(
                f.text("scope", null),
                f.text("since", null),
                f.text("incident_symbol", null),
                null,
                null,
                SHOWN)
            .query();
    List<Incident> found = d.store().incidents(query);
    Map<String, TriageEntry> triage = found.isEmpty() ? Map.of() : d.store().triageStates();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Incident i : found) {
      Map<String, Object> r = new LinkedHashMap<>();
      IncidentJson json = IncidentJson.of(i, triage.get(i.id()), null);
      r.put("id", i.id());
      r.put("market", json.market());
      r.put("interval", json.interval());
      r.put("model", json.model());
      r.put("scope", i.scope().id());
      r.put("severity", i.severity().id());
      r.put("onset", json.onset());
      r.put("onset_ms", i.onset());
      r.put("last_hit", json.lastHit());
      r.put("lead", i.lead());
      r.put("symbols", json.symbols());
      r.put("symbol_count", Numbers.count(i.symbols().size()) + " of " + i.watched());
      r.put("triage", json.triage() == null ? "" : json.triage().id());
      out.add(r);
    }
    return out;
  }

  /**
   * Records a verdict from the page or the API: {@code id}, {@code state}, {@code note}, {@code
   * analyst}.
   */
  Map<String, Object> triage(Fields f) {
    f.only("id", "state", "note", "analyst");
    Triage.Target target =
        Triage.record(
            d.store(),
            f.text("id", ""),
            f.text("state", ""),
            f.text("note", ""),
            f.text("analyst", ""),
            d.clock.millis(),
            "id",
            "state",
            "analyst");
    List<Map<String, Object>> history = new ArrayList<>();
    for (TriageEntry e : d.store().triageHistory(target.id())) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("at", Numbers.instant(e.at()));
      h.put("state", e.state().id());
      h.put("author", e.author());
      h.put("note", e.note());
      history.add(h);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("triaged", target.describe());
    out.put("state", history.getLast().get("state"));
    out.put("history", history);
    return out;
  }
}
