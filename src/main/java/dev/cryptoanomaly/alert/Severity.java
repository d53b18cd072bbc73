package dev.cryptoanomaly.alert;

import java.util.Locale;

/**
 * How far beyond the alert threshold a candle went, in decades of tail probability: a warning is
 * past the threshold, high is ten times rarer, critical a hundred times rarer.
 */
public enum Severity {
  WARNING,
  HIGH,
  CRITICAL;

  public static Severity of(double probability, double threshold) {
    if (probability <= threshold / 100) {
      return CRITICAL;
    }
    return probability <= threshold / 10 ? HIGH : WARNING;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
