package dev.cryptoanomaly.train.registry;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;

/** Opens the registry the settings choose: local unless {@code MLFLOW_TRACKING_URI} is set. */
public final class Registries {
  private Registries() {}

  public static ModelRegistry open(Settings settings) {
    if (settings.mlflowTrackingUri().isPresent()) {
      throw new UserException(
          "MLFLOW_TRACKING_URI is set, but the MLflow registry is not built yet; unset it to use"
              + " the local registry in "
              + settings.home().resolve("models"));
    }
    return new LocalModelRegistry(settings.home());
  }
}
