package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.train.drift.DriftCheck;
import dev.cryptoanomaly.train.drift.DriftReport;
import dev.cryptoanomaly.train.drift.PopulationStability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Overview's drift check: what {@code drift} prints, run in the background (features of the
 * training part take seconds) and drawn as a table, the worst feature first.
 */
final class DriftPanel {
  static final String DRIFT = "drift";
  private final Dashboard d;

  DriftPanel(Dashboard d) {
    this.d = d;
  }

  BackgroundJobs.View start(Fields f) {
    ModelRef ref = f.parsed("model", ModelRef.DEFAULT, ModelRef::parse);
    int days = f.integer("days", 7, 1, 3_650);
    ModelRegistry registry = d.reachableRegistry();
    ModelRegistry.Version version = Fields.inField("model", () -> registry.resolve(ref));
    return d.jobs.submit(
        DRIFT,
        "drift of " + version.ref() + " over the last " + days + " days",
        job -> {
          job.update(-1, "computing the features of the training part and the recent window");
          try (KlineStore store = d.openStore()) {
            DriftCheck check =
                Fields.inField("days", () -> DriftCheck.measure(registry, store, version, days));
            return view(check);
          }
        });
  }

  /** The report as the page draws it: times to the second, PSI with its level. */
  static Map<String, Object> view(DriftCheck check) {
    DriftReport r = check.report();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", check.version().ref().toString());
    out.put(
        "reference",
        Numbers.instant(check.referenceFrom()) + " – " + Numbers.instant(check.referenceTo()));
    out.put(
        "recent", Numbers.instant(check.recentFrom()) + " – " + Numbers.instant(check.recentTo()));
    List<Map<String, Object>> rows = new ArrayList<>();
    r.features().forEach((feature, psi) -> rows.add(row(feature, psi, r)));
    rows.add(row(DriftReport.SCORE, r.score(), r));
    rows.sort((a, b) -> Double.compare((double) b.get("psi_value"), (double) a.get("psi_value")));
    out.put("rows", rows);
    out.put("alerts_then", Numbers.format(r.referenceAlertsPerSymbolDay()));
    out.put("alerts_now", Numbers.format(r.recentAlertsPerSymbolDay()));
    out.put("worst", Numbers.format(r.worst()));
    out.put("level", PopulationStability.level(r.worst()));
    return out;
  }

  private static Map<String, Object> row(String name, double psi, DriftReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("psi", Numbers.format(psi));
    m.put("psi_value", Double.isFinite(psi) ? psi : -1.0);
    m.put("level", PopulationStability.level(psi));
    m.put(
        "most_moved",
        r.mostMoved(name).map(e -> e.getKey() + " " + Numbers.format(e.getValue())).orElse("-"));
    return m;
  }
}
