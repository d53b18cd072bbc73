package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.cryptoanomaly.BadArgumentException;
import java.util.Locale;

/** What an analyst concluded about an alert or an incident. */
public enum TriageState {
  /** A real anomaly worth the alert. */
  CONFIRMED,
  /** Noise: the alert should not have been raised. */
  DISMISSED,
  /** Real, but already known (a listing, a scheduled event): not a detector error. */
  KNOWN_EVENT;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state of an {@link #id()}; a one-line error naming {@code field} otherwise. */
  public static TriageState parse(String id, String field) {
    if (id != null) {
      for (TriageState s : values()) {
        if (s.id().equalsIgnoreCase(id.strip()) || s.name().equalsIgnoreCase(id.strip())) {
          return s;
        }
      }
    }
    throw new BadArgumentException(
        field, "unknown triage state '" + id + "'; choose confirmed, dismissed or known-event");
  }

  @Override
  public String toString() {
    return id();
  }
}
