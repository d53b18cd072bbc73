package dev.cryptoanomaly.features;

import dev.cryptoanomaly.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The features users can choose from, by name, with descriptions (the dashboard lists them) and a
 * version that every trained model records: a model trained on version 1 features refuses rows
 * computed by different definitions.
 */
public final class FeatureRegistry {
  /** Bumped whenever a definition or window changes. */
  public static final String VERSION = "1";

  /** The six features of the original specification. */
  public static final List<Feature> SPECIFICATION =
      List.of(
          Feature.VOLATILITY,
          Feature.LOG_RETURN,
          Feature.VOLUME_RATIO,
          Feature.VOLATILITY_RATIO,
          Feature.RETURN_STD,
          Feature.PRICE_RANGE);

  /** The symbol whose return is the market reference. */
  public static final String REFERENCE_SYMBOL = "BTCUSDT";

  private FeatureRegistry() {}

  public static List<Feature> all() {
    return List.of(Feature.values());
  }

  /** The feature with this name; a one-line error listing the known names otherwise. */
  public static Feature byName(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Feature f : Feature.values()) {
      if (f.id().equals(wanted)) {
        return f;
      }
    }
    throw new UserException(
        "unknown feature '"
            + name.strip()
            + "'; known features: "
            + Arrays.stream(Feature.values()).map(Feature::id).collect(Collectors.joining(", ")));
  }
}
