package dev.cryptoanomaly.web;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Overview: coverage per symbol, the champion models, the latest alerts and what is healthy. */
final class OverviewPage {
  private final Dashboard d;

  OverviewPage(Dashboard d) {
    this.d = d;
  }

  Map<String, Object> model() {
    return model(Map.of());
  }

  /** The page, its alerts filtered as {@code alertFilters} (symbol, severity, ...) ask. */
  Map<String, Object> model(Map<String, Object> alertFilters) {
    PageModel p = new PageModel();
    List<Health.Check> health = d.health.all(d::store);
    p.put("health", health);
    List<Map<String, Object>> coverage = p.section("coverage", () -> d.coverage(0), List.of());
    if (coverage.isEmpty() && health.get(0).ok()) {
      p.hint("No candles stored yet: start a download on the Data Management page.");
    }
    boolean tracking = health.get(2).ok();
    List<Map<String, Object>> champions =
        tracking ? p.section("champions", this::champions, List.of()) : List.of();
    if (!tracking) {
      p.put("champions", List.of());
      p.hint("Models are not shown: " + health.get(2).detail());
    } else if (champions.isEmpty()) {
      p.hint("No model yet: train one on the Training page.");
    }
    AlertsView alerts = new AlertsView(d);
    // A bad filter is the page's message, named by its field, not an error page.
    p.section("anomalies", () -> alerts.rows(alertFilters, AlertsView.SHOWN), List.of());
    p.put("alert_filters", alertFilters);
    p.section("alert_choices", alerts::choices, Map.of());
    p.put("alert_query", query(alertFilters));
    p.section("incidents", () -> new IncidentsView(d).rows(alertFilters), List.of());
    p.section("schedule", () -> new SchedulePanel(d).model(), Map.of());
    p.put("jobs", d.jobs.recent(DriftPanel.DRIFT));
    return p.toMap();
  }

  private List<Map<String, Object>> champions() {
    ModelRegistry registry = d.registry();
    List<Map<String, Object>> out = new ArrayList<>();
    for (String name : registry.names()) {
      registry
          .byAlias(name, ModelRef.CHAMPION)
          .ifPresent(v -> out.add(Dashboard.version(registry, v)));
    }
    return out;
  }

  /** The filters as a URL query, for the download links. */
  private static String query(Map<String, Object> filters) {
    List<String> parts = new ArrayList<>();
    filters.forEach(
        (k, v) -> {
          if (v != null && !String.valueOf(v).isBlank()) {
            parts.add(
                java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)
                    + "="
                    + java.net.URLEncoder.encode(
                        String.valueOf(v), java.nio.charset.StandardCharsets.UTF_8));
          }
        });
    return String.join("&", parts);
  }
}
