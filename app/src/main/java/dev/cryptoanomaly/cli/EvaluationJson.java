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
  /**
   * Always counts (symbol-days are not: a partial day counts as a fraction, so they stay a measure
   * and keep one place in the shape).
   */
  private static final Set<String> COUNTS =
      Set.of("events", "alerts", "labelled_events", "incidents");

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
                if (COUNTS.contains(k) && v != null && Double.isFinite(v)) {
                  counts.put(k, v.longValue());
                } else {
                  metrics.put(k, v == null || !Double.isFinite(v) ? null : v);
                }
              });
      return new Model(o.model(), o.kind(), o.perSymbol(), counts, metrics);
    }
  }
}
