package dev.cryptoanomaly.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one reader and writer of {@code manifest.json}. Writes {@link ModelManifest#FORMAT}; reads
 * it, format 2 (the cooldown in candles) and format 1, the flat map that versions registered before
 * the typed manifest hold, so that those keep loading, comparing and retraining.
 */
public final class ManifestJson {
  private ManifestJson() {}

  public static byte[] write(ModelManifest manifest) {
    try {
      return ModelJson.MAPPER.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a manifest", e);
    }
  }

  /** Reads a manifest; a one-line error naming {@code where} when it is not one. */
  public static ModelManifest read(byte[] json, String where) {
    try {
      JsonNode root = ModelJson.MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new RegistryException(where + " is not a model manifest");
      }
      int format = root.path("format").asInt(1);
      ModelManifest m =
          switch (format) {
            case 1 -> formatOne(root, where);
            case 2, ModelManifest.FORMAT -> ModelJson.MAPPER.treeToValue(root, ModelManifest.class);
            default ->
                throw new UserException(
                    where
                        + " has manifest format "
                        + format
                        + "; this program reads formats 1 to "
                        + ModelManifest.FORMAT
                        + " (a newer version wrote it)");
          };
      if (m.recipe() == null || m.recipe().kind() == null || m.split() == null) {
        throw new RegistryException(where + " has a manifest without its recipe or split");
      }
      return m;
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserException || e instanceof RegistryException) {
        throw (RuntimeException) e;
      }
      throw new RegistryException(
          where
              + " holds an unreadable manifest: "
              + dev.cryptoanomaly.Messages.rootMessage(e).lines().findFirst().orElse(""));
    }
  }

  /** Format 1: every field at the top level, the recipe's search space possibly missing. */
  private static ModelManifest formatOne(JsonNode m, String where) throws IOException {
    JsonNode chosen = m.path("settings");
    TrialSettings settings =
        new TrialSettings(
            chosen.hasNonNull("clusters") ? chosen.get("clusters").asInt() : null,
            chosen.hasNonNull("covariance")
                ? CovarianceType.parse(chosen.get("covariance").asText())
                : null);
    String clusters =
        m.hasNonNull("clusters_searched")
            ? m.get("clusters_searched").asText()
            : String.valueOf(settings.clusters() == null ? 1 : settings.clusters());
    List<CovarianceType> covariances = new ArrayList<>();
    if (m.has("covariances_searched")) {
      m.get("covariances_searched").forEach(c -> covariances.add(CovarianceType.parse(c.asText())));
    } else {
      covariances.add(settings.covariance() == null ? CovarianceType.FULL : settings.covariance());
    }
    TrainingRecipe recipe =
        new TrainingRecipe(
            ModelKind.parse(text(m, "kind", where)),
            clusters,
            covariances,
            strings(m, "features", where),
            Market.parse(text(m, "market", where)),
            Interval.parse(text(m, "interval", where)),
            strings(m, "symbols", where),
            Instant.parse(text(m, "from", where)),
            Instant.parse(text(m, "to", where)),
            m.path("alerts_per_symbol_day_budget").asDouble(2.0),
            dev.cryptoanomaly.alert.Cooldown.ofCandles(
                    m.path("cooldown_candles")
                        .asInt(dev.cryptoanomaly.alert.Cooldown.LEGACY_CANDLES),
                    Interval.parse(text(m, "interval", where)).millis())
                .toSeconds(),
            m.path("seed").asLong(42));
    DataSplit split =
        new DataSplit(
            Instant.parse(text(m, "train_end", where)),
            Instant.parse(text(m, "validation_end", where)),
            m.path("rows_train").asInt(),
            m.path("rows_validation").asInt(),
            m.path("rows_test").asInt());
    return new ModelManifest(
        1,
        recipe,
        split,
        m.path("data_fingerprint").asText(null),
        settings,
        ModelJson.MAPPER.convertValue(
            m.path("parameters").isObject()
                ? m.get("parameters")
                : ModelJson.MAPPER.createObjectNode(),
            new TypeReference<Map<String, Object>>() {}),
        ModelJson.MAPPER.convertValue(
            m.path("metrics").isObject() ? m.get("metrics") : ModelJson.MAPPER.createObjectNode(),
            new TypeReference<Map<String, Double>>() {}),
        m.path("feature_set").asText(null),
        text(m, "feature_version", where),
        m.path("java").asText(null),
        ModelJson.MAPPER.convertValue(
            m.path("libraries").isObject()
                ? m.get("libraries")
                : ModelJson.MAPPER.createObjectNode(),
            new TypeReference<Map<String, String>>() {}),
        m.hasNonNull("created") ? Instant.parse(m.get("created").asText()) : null);
  }

  private static String text(JsonNode m, String key, String where) {
    JsonNode v = m.get(key);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw new UserException(where + " has no '" + key + "' in its manifest; retrain it");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode m, String key, String where) {
    JsonNode v = m.get(key);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw new UserException(where + " has no '" + key + "' in its manifest; retrain it");
    }
    List<String> out = new ArrayList<>();
    v.forEach(s -> out.add(s.asText()));
    return out;
  }
}
