package dev.cryptoanomaly.model.registry;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;

/** Opens the registry the settings choose: MLflow when {@code MLFLOW_TRACKING_URI} is set. */
public final class Registries {
  private Registries() {}

  public static ModelRegistry open(Settings settings) {
    if (settings.mlflowTrackingUri().isPresent()) {
      String text = settings.mlflowTrackingUri().get().strip();
      try {
        URI uri = new URI(text);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new UserException(
              "MLFLOW_TRACKING_URI must be an http(s) URL of a tracking server, like"
                  + " http://127.0.0.1:5000 (got scheme '"
                  + uri.getScheme()
                  + "')");
        }
        return new MlflowModelRegistry(uri, settings.s3());
      } catch (URISyntaxException e) {
        throw new UserException("MLFLOW_TRACKING_URI is not a URL like http://127.0.0.1:5000");
      }
    }
    return new LocalModelRegistry(settings.home());
  }
}
