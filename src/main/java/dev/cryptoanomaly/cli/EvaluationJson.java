package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cryptoanomaly.train.eval.LabelledComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code evaluate --json}: the period, the labels and each model's results, keyed by field rather
 * than by display string. Counts are integers, undefined measures (no events, no alerts) null,
 * times ISO-8601 to the second.
 */
record EvaluationJson(String from, String to, String labels, List<Model> models) {
  private static final Set<String> COUNTS = Set.of("events", "alerts", "symbol_days");

  record Model(
      String model,
      String kind,
      @JsonProperty("per_symbol") boolean perSymbol,
      Map<String, Long> counts,
      Map<String, Double> metrics) {
    static Model of(LabelledComparison.Outcome o) {
      Map<String, Long> counts = new LinkedHashMap<>();
      Map<String, Double> metrics = new LinkedHashMap<>();
      o.metrics()
          .forEach(
              (k, v) -> {
                if (COUNTS.contains(k) && v != null && Double.isFinite(v) && v == Math.rint(v)) {
                  counts.put(k, v.longValue());
                } else {
                  metrics.put(k, v == null || !Double.isFinite(v) ? null : v);
                }
              });
      return new Model(o.model(), o.kind(), o.perSymbol(), counts, metrics);
    }
  }
}
