package dev.cryptoanomaly.web;

import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.SeriesAnomaly;
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
    p.section("anomalies", this::anomalies, List.of());
    p.section("schedule", () -> new SchedulePanel(d).model(), Map.of());
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

  /**
   * The 20 alerts stored last, newest candle first: one detect run stores all its alerts at once,
   * so within a run they are the latest by time, whatever the symbol.
   */
  private List<Map<String, Object>> anomalies() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SeriesAnomaly a : d.store().latestAnomalies(20).reversed()) {
      out.add(Dashboard.anomaly(a.series(), a.anomaly()));
    }
    return out;
  }
}
