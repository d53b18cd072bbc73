package dev.cryptoanomaly.model;

import dev.cryptoanomaly.detect.Detector;
import java.util.Map;

/**
 * One point of the search: its settings, what was measured on validation rows, and the fitted
 * detector.
 */
public record Trial(
    int number, TrialSettings settings, Map<String, Double> metrics, Detector detector) {
  public Trial {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
  }
}
