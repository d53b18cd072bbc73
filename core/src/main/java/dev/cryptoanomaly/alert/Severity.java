package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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

  /** The lowercase name people and JSON see: {@code warning}, {@code high}, {@code critical}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity of an {@link #id()} (or its name in any case), as stores and JSON keep it. */
  @JsonCreator
  public static Severity parse(String id) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown severity '" + id + "'");
  }

  @Override
  public String toString() {
    return id();
  }
}
