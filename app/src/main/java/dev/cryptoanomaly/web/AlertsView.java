package dev.cryptoanomaly.web;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentMember;
import dev.cryptoanomaly.alert.PriceMove;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.report.AlertCsv;
import dev.cryptoanomaly.report.AlertFilters;
import dev.cryptoanomaly.report.PriceMoves;
import dev.cryptoanomaly.store.AlertQuery;
import dev.cryptoanomaly.store.IncidentQuery;
import dev.cryptoanomaly.store.SeriesAnomaly;
import dev.cryptoanomaly.store.SeriesCoverage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored alerts as an analyst filters them (symbol, severity, model, interval, market, source,
 * period), newest candle first, for the Overview's table and as JSON or CSV downloads: the same
 * query and the same rows in all three.
 */
final class AlertsView {
  static final List<String> FILTERS =
      List.of(
          "symbol",
          "severity",
          "model",
          "interval",
          "market",
          "source",
          "from",
          "to",
          "limit",
          "scope",
          "incident",
          "triage");
  static final int SHOWN = 50;
  private static final int MOST = 100_000;

  private final Dashboard d;

  AlertsView(Dashboard d) {
    this.d = d;
  }

  /** The query the filters ask for; {@code shown} alerts when no limit is given. */
  AlertQuery query(Fields f, int shown) {
    f.only(FILTERS.toArray(String[]::new));
    try {
      return new AlertFilters(
              f.has("symbol") ? f.list("symbol") : null,
              f.text("severity", null),
              f.text("model", null),
              f.text("interval", null),
              f.text("market", null),
              f.text("source", null),
              f.date("from"),
              f.date("to"),
              f.integer("limit", shown, 1, MOST),
              f.text("scope", null),
              f.text("incident", null),
              f.text("triage", null))
          .query(d::reachableRegistry);
    } catch (BadArgumentException e) {
      throw new UserException(field(e), e);
    }
  }

  /** The form's names for the filters' inputs (from and to, where the CLI says start and end). */
  private static String field(BadArgumentException e) {
    String name =
        switch (e.argument()) {
          case "symbols" -> "symbol";
          case "start" -> "from";
          case "end" -> "to";
          default -> e.argument();
        };
    return "field '" + name + "': " + e.problem();
  }

  /** The alerts the filters ask for, newest candle first. */
  List<SeriesAnomaly> find(Map<String, Object> filters, int shown) {
    return d.store().alerts(query(new Fields(filters), shown));
  }

  /** The same alerts as the CSV download. */
  String csv(Map<String, Object> filters, int shown) {
    return AlertCsv.of(find(filters, shown), d.coverage.coverage());
  }

  /** The alerts of a query as rows for the page and the JSON download, with their source. */
  List<Map<String, Object>> rows(Map<String, Object> filters, int shown) {
    Map<SeriesKey, String> sources = new HashMap<>();
    for (SeriesCoverage c : d.coverage.coverage()) {
      sources.put(c.series(), c.sourceLabel());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    List<SeriesAnomaly> found = find(filters, shown);
    Map<String, Incident> incidents = incidentsOf(found);
    for (SeriesAnomaly a : found) {
      Map<String, Object> r = Dashboard.anomaly(a.series(), a.anomaly());
      r.put("source", sources.getOrDefault(a.series(), "unknown"));
      PriceMove move = PriceMoves.of(d.store(), a.series(), a.anomaly());
      if (move != null) {
        r.put("move", move.change());
        r.put("close", move.peakClose());
      }
      Incident i = incidents.get((String) r.get("id"));
      if (i != null) {
        // The incident's other symbols, each a link to its chart at the onset, beside this one's.
        r.put("incident", i.id());
        r.put("incident_scope", i.scope().id());
        r.put(
            "neighbours",
            i.symbols().stream().filter(x -> !x.equals(a.series().symbol())).toList());
      }
      out.add(r);
    }
    return out;
  }

  /** The incidents the alerts belong to, by alert id. */
  private Map<String, Incident> incidentsOf(List<SeriesAnomaly> alerts) {
    if (alerts.isEmpty()) {
      return Map.of();
    }
    long from = alerts.stream().mapToLong(a -> a.anomaly().firstHit()).min().orElseThrow();
    long to = alerts.stream().mapToLong(a -> a.anomaly().lastHit()).max().orElseThrow() + 1;
    Map<String, Incident> out = new HashMap<>();
    for (Incident i :
        d.store().incidents(new IncidentQuery(null, null, null, null, null, from, to, MOST))) {
      for (IncidentMember m : i.members()) {
        out.put(m.alertId(), i);
      }
    }
    return out;
  }

  /** What the filter form offers, from what is stored. */
  static final List<String> TRIAGE_CHOICES =
      List.of(AlertFilters.UNTRIAGED, "confirmed", "dismissed", "known-event");

  Map<String, Object> choices() {
    Map<String, Object> c = new LinkedHashMap<>();
    List<SeriesCoverage> coverage = d.coverage.coverage();
    c.put("symbols", coverage.stream().map(x -> x.series().symbol()).distinct().sorted().toList());
    c.put(
        "intervals",
        coverage.stream().map(x -> x.series().interval().archiveName()).distinct().toList());
    c.put("markets", coverage.stream().map(x -> x.series().market().cliName()).distinct().toList());
    c.put("severities", List.of("warning", "high", "critical"));
    c.put("sources", List.of("simulated", "binance", "import"));
    c.put("scopes", List.of("market-wide", "single-asset"));
    c.put("triage", TRIAGE_CHOICES);
    return c;
  }
}
