package dev.cryptoanomaly.features;

import dev.cryptoanomaly.UserException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An ordered choice of features under one registry version: what a model is trained on and what
 * detection must feed it. {@link #key()} names it in the store and in model manifests.
 */
public record FeatureSpec(String version, List<Feature> features) {
  public FeatureSpec {
    if (features.isEmpty()) {
      throw new UserException("choose at least one feature");
    }
    if (new LinkedHashSet<>(features).size() != features.size()) {
      throw new UserException("a feature is listed twice in " + features);
    }
    features = List.copyOf(features);
  }

  /** The six features of the original specification. */
  public static FeatureSpec specification() {
    return new FeatureSpec(FeatureRegistry.VERSION, FeatureRegistry.SPECIFICATION);
  }

  /** Every registered feature. */
  public static FeatureSpec all() {
    return new FeatureSpec(FeatureRegistry.VERSION, FeatureRegistry.all());
  }

  /**
   * Parses a comma-separated list of names; {@code all} means every feature and {@code spec} the
   * six of the specification.
   */
  public static FeatureSpec parse(String text) {
    String trimmed = text.strip().toLowerCase(Locale.ROOT);
    if (trimmed.equals("all")) {
      return all();
    }
    if (trimmed.equals("spec") || trimmed.equals("specification")) {
      return specification();
    }
    List<Feature> chosen = new ArrayList<>();
    for (String name : text.split(",", -1)) {
      if (name.isBlank()) {
        throw new UserException("empty feature name in '" + text + "'");
      }
      chosen.add(FeatureRegistry.byName(name));
    }
    return new FeatureSpec(FeatureRegistry.VERSION, chosen);
  }

  public int size() {
    return features.size();
  }

  public List<String> names() {
    return features.stream().map(Feature::id).toList();
  }

  /** How many consecutive candles the longest window reads. */
  public int need() {
    return features.stream().mapToInt(Feature::need).max().orElse(1);
  }

  public boolean needs(Feature.Input input) {
    return features.stream().anyMatch(f -> f.input() == input);
  }

  /** The same spec without some features (those a source cannot provide). */
  public FeatureSpec without(Collection<Feature> dropped) {
    return new FeatureSpec(version, features.stream().filter(f -> !dropped.contains(f)).toList());
  }

  /** A stable name, e.g. {@code v1:volatility,log_return}. */
  public String key() {
    return "v"
        + version
        + ":"
        + features.stream().map(Feature::id).collect(Collectors.joining(","));
  }
}
