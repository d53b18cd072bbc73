package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.cryptoanomaly.BadArgumentException;
import java.util.Locale;

/**
 * Whether an incident is the market moving ({@code market-wide}) or assets moving on their own
 * ({@code single-asset}); {@link IncidentRule} decides which.
 */
public enum IncidentScope {
  MARKET_WIDE,
  SINGLE_ASSET;

  /** The name people, the store and JSON see: {@code market-wide}, {@code single-asset}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The scope of an {@link #id()}; a one-line error naming {@code option} otherwise. */
  public static IncidentScope parse(String id, String option) {
    for (IncidentScope s : values()) {
      if (s.id().equalsIgnoreCase(id.strip()) || s.name().equalsIgnoreCase(id.strip())) {
        return s;
      }
    }
    throw new BadArgumentException(
        option, "unknown scope '" + id + "'; choose market-wide or single-asset");
  }

  @Override
  public String toString() {
    return id();
  }
}
