package dev.cryptoanomaly.model;

import java.util.List;
import java.util.Map;

/**
 * How a model was trained, for tracking: the run's parameters, every trial with its settings and
 * metrics, the chosen model's metrics, and plots (PNG) by file name.
 */
public record TrainingRecord(
    Map<String, String> params,
    List<Trial> trials,
    Map<String, Double> metrics,
    Map<String, byte[]> plots) {
  public TrainingRecord {
    params = Map.copyOf(params);
    trials = List.copyOf(trials);
    metrics = Map.copyOf(metrics);
    plots = Map.copyOf(plots);
  }

  public static TrainingRecord none() {
    return new TrainingRecord(Map.of(), List.of(), Map.of(), Map.of());
  }
}
