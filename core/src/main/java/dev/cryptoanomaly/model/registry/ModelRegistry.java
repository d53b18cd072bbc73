package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registered models and their versions, with aliases; detection loads the version the {@code
 * champion} alias points to. Two implementations pass the same contract: a local folder (the
 * embedded default) and an MLflow server.
 */
public interface ModelRegistry {
  /** A registered version with its manifest and the aliases pointing to it. */
  record Version(
      String name, int version, Instant created, ModelManifest manifest, List<String> aliases) {
    /** {@code name@version}. */
    public ModelRef ref() {
      return ModelRef.of(name, version);
    }
  }

  /** One alias move, for the audit trail. */
  record Promotion(
      String name,
      String alias,
      int version,
      Integer previous,
      Instant at,
      boolean forced,
      Map<String, Object> evidence) {}

  /**
   * Stores a new version (numbered 1, 2, ...) with how it was trained (parameters, trials, metrics,
   * plots) and returns it.
   */
  Version register(String name, TrainedModel model, TrainingRecord record);

  /**
   * How a version was trained (its trials and metrics), kept beside it; empty for a version
   * registered before the record was kept there.
   */
  Optional<dev.cryptoanomaly.model.TrainingHistory> training(Version v);

  List<String> names();

  /** Versions of a model, oldest first; empty when the name is unknown. */
  List<Version> versions(String name);

  Optional<Version> version(String name, int version);

  Optional<Version> byAlias(String name, String alias);

  /** The version a reference means; a one-line error saying what is missing when there is none. */
  default Version resolve(ModelRef ref) {
    Optional<Version> v =
        ref.alias() != null ? byAlias(ref.name(), ref.alias()) : version(ref.name(), ref.version());
    return v.orElseThrow(() -> new UserException(missing(ref)));
  }

  private String missing(ModelRef ref) {
    if (versions(ref.name()).isEmpty()) {
      return "no model named '"
          + ref.name()
          + "' in the "
          + describe()
          + "; train one first (crypto-anomaly train)";
    }
    return ref.alias() != null
        ? "model '"
            + ref.name()
            + "' has no version with alias '"
            + ref.alias()
            + "'; promote one (crypto-anomaly models promote)"
        : "model '" + ref.name() + "' has no version " + ref.version();
  }

  TrainedModel load(String name, int version);

  /** Points an alias at a version and records the move. */
  void setAlias(Promotion promotion);

  List<Promotion> promotions(String name);

  /**
   * Records an evaluation (models side by side) where training is tracked: a file in the data
   * folder, or a run on the MLflow server. Returns where it went.
   */
  String logEvaluation(Map<String, String> params, Map<String, Map<String, Double>> results);

  /** Where the registry is, for messages. */
  String describe();

  /** Where a person can look at this version in the tracking server's UI, if there is one. */
  default Optional<java.net.URI> link(Version version) {
    return Optional.empty();
  }
}
