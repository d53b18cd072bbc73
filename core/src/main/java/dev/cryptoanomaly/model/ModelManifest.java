package dev.cryptoanomaly.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How a model version was made, as {@code manifest.json} keeps it: the recipe, where the data was
 * split, a fingerprint of the data, the chosen trial's settings, the detector's parameters, the
 * metrics (validation and held-out test), the feature registry version and the software versions.
 * Written and read only by {@link ManifestJson}; {@link #FORMAT} numbers the layout.
 *
 * @param parameters the detector's own hyperparameters and fitted sizes, for people and tracking
 *     (numbers and strings; never read back to rebuild anything)
 */
public record ModelManifest(
    int format,
    TrainingRecipe recipe,
    DataSplit split,
    String dataFingerprint,
    TrialSettings settings,
    Map<String, Object> parameters,
    Map<String, Double> metrics,
    String featureSet,
    String featureVersion,
    String java,
    Map<String, String> libraries,
    Instant created) {
  /**
   * 3: the recipe's cooldown is a time ({@code cooldown_seconds}); 2 held it in candles, with the
   * recipe and split nested as now; 1 (no {@code format} key) was one flat map.
   */
  public static final int FORMAT = 3;

  /**
   * Whole numbers become {@code Long} and other numbers {@code Double}, so a manifest read back
   * from JSON (where Jackson picks {@code Integer} for a small seed) equals the one that was
   * written.
   */
  public ModelManifest {
    parameters = normalized(parameters);
    metrics =
        metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    libraries =
        libraries == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
  }

  private static Map<String, Object> normalized(Map<String, Object> parameters) {
    if (parameters == null) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    parameters.forEach(
        (key, value) ->
            out.put(
                key,
                switch (value) {
                  case Integer i -> i.longValue();
                  case Short s -> s.longValue();
                  case Byte b -> b.longValue();
                  case Float f -> f.doubleValue();
                  default -> value;
                }));
    return Collections.unmodifiableMap(out);
  }

  /** The metric that was recorded, if it was. */
  public OptionalDouble metric(String name) {
    Double v = metrics.get(name);
    return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  public ModelKind kind() {
    return recipe.kind();
  }

  public List<String> symbols() {
    return recipe.symbols();
  }

  /** The held-out test period, {@code [validationEnd, to)}: what promotion gates compare on. */
  public Period testPeriod() {
    return new Period(split.validationEnd(), recipe.to());
  }

  /** A half-open period of time. */
  public record Period(Instant from, Instant to) {
    public long fromMillis() {
      return from.toEpochMilli();
    }

    public long toMillis() {
      return to.toEpochMilli();
    }
  }
}
