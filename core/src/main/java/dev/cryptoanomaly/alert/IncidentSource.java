package dev.cryptoanomaly.alert;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.util.List;

/**
 * Whose alerts form incidents together: one pooled model version, or a family of per-symbol models
 * ({@code NAME.SYMBOL}, version 0 here) over one market and interval.
 */
public record IncidentSource(Market market, Interval interval, String model, int version) {
  /** Version 0 marks a per-symbol family: every {@code model.SYMBOL} at its own version. */
  public static final int FAMILY = 0;

  /**
   * The source of a registered version: a per-symbol model ({@code NAME.SYMBOL} trained on that one
   * symbol) belongs to its family, any other to itself.
   */
  public static IncidentSource of(
      Market market, Interval interval, String name, int version, List<String> symbols) {
    if (symbols.size() == 1 && name.endsWith("." + symbols.getFirst())) {
      String family = name.substring(0, name.length() - symbols.getFirst().length() - 1);
      return new IncidentSource(market, interval, family, FAMILY);
    }
    return new IncidentSource(market, interval, name, version);
  }

  public boolean family() {
    return version == FAMILY;
  }

  /** {@code name@3}, or {@code name.*} for a family. */
  public String label() {
    return family() ? model + ".*" : model + "@" + version;
  }
}
