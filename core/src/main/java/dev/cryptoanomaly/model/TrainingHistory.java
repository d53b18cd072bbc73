package dev.cryptoanomaly.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered version's training as its registry keeps it ({@code training.json} beside the
 * model): the run's parameters, every trial's settings and metrics, the chosen metrics. What the
 * Training page reopens for a past version; the same file in the local registry and on MLflow.
 */
public record TrainingHistory(
    Map<String, String> params, List<TrialRow> trials, Map<String, Double> metrics) {
  public static final String FILE = "training.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public TrainingHistory {
    params = Map.copyOf(params);
    trials = List.copyOf(trials);
    metrics = Map.copyOf(metrics);
  }

  /** One tuning trial: its number, settings ({@code clusters}, {@code covariance}), metrics. */
  public record TrialRow(int number, Map<String, String> settings, Map<String, Double> metrics) {}

  /** The file written for a training. */
  public static byte[] json(TrainingRecord record) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", record.params());
    out.put("metrics", record.metrics());
    List<Map<String, Object>> trials = new ArrayList<>();
    for (Trial t : record.trials()) {
      trials.add(
          Map.of("number", t.number(), "settings", t.settings().params(), "metrics", t.metrics()));
    }
    out.put("trials", trials);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the file back; {@code where} names it in the error. */
  public static TrainingHistory read(byte[] json, String where) {
    try {
      Map<String, Object> m = JSON.readValue(json, new TypeReference<>() {});
      List<TrialRow> trials = new ArrayList<>();
      for (Object o : (List<?>) m.getOrDefault("trials", List.of())) {
        Map<?, ?> t = (Map<?, ?>) o;
        trials.add(
            new TrialRow(
                ((Number) t.get("number")).intValue(),
                strings(t.get("settings")),
                numbers(t.get("metrics"))));
      }
      return new TrainingHistory(strings(m.get("params")), trials, numbers(m.get("metrics")));
    } catch (IOException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(where + " is not a training record: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  /** Metrics; a NaN written as a string by other writers is kept as NaN. */
  private static Map<String, Double> numbers(Object o) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (o instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v))));
    }
    return out;
  }
}
