package dev.cryptoanomaly.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.alert.SymbolCalibration;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.DetectorJson;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained model as files, the same in the local registry and as MLflow artifacts: {@code
 * model.json} (the detector), {@code calibration.json} (the pooled calibration), {@code
 * symbol_calibration.json} (each symbol's, absent for models saved before there were any), {@code
 * policy.json} and {@code manifest.json}. Reading refuses a model whose features were computed by
 * another registry version than this program's.
 */
public final class ModelArtifacts {
  public static final String MODEL = "model.json";
  public static final String CALIBRATION = "calibration.json";
  public static final String POLICY = "policy.json";
  public static final String MANIFEST = "manifest.json";
  public static final String SYMBOL_CALIBRATION = "symbol_calibration.json";

  /** The files every saved model has. */
  public static final List<String> FILES = List.of(MODEL, CALIBRATION, POLICY, MANIFEST);

  /** Every file a saved model may have: the required ones and those later versions added. */
  public static final List<String> ALL_FILES =
      List.of(MODEL, CALIBRATION, SYMBOL_CALIBRATION, POLICY, MANIFEST);

  private ModelArtifacts() {}

  public static Map<String, byte[]> write(TrainedModel m) {
    if (m.manifest() == null) {
      throw new IllegalArgumentException("a model without a manifest cannot be saved");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      files.put(MODEL, DetectorJson.write(m.detector()));
      files.put(CALIBRATION, ModelJson.MAPPER.writeValueAsBytes(m.calibration().pooled()));
      if (!m.calibration().offsets().isEmpty()) {
        files.put(
            SYMBOL_CALIBRATION,
            ModelJson.MAPPER.writeValueAsBytes(
                Map.of("offsets", new TreeMap<>(m.calibration().offsets()))));
      }
      files.put(POLICY, ModelJson.MAPPER.writeValueAsBytes(m.policy()));
      files.put(MANIFEST, ManifestJson.write(m.manifest()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  public static TrainedModel read(Map<String, byte[]> files, String where) {
    for (String f : FILES) {
      if (!files.containsKey(f)) {
        throw new RegistryException(where + " has no " + f);
      }
    }
    ModelManifest manifest = ManifestJson.read(files.get(MANIFEST), where + "/" + MANIFEST);
    String version = manifest.featureVersion();
    if (!FeatureRegistry.VERSION.equals(version)) {
      throw new UserException(
          where
              + " was trained on features of registry version "
              + version
              + "; this program computes version "
              + FeatureRegistry.VERSION
              + ": retrain it");
    }
    FeatureSpec spec = FeatureSpec.parse(String.join(",", manifest.recipe().features()));
    Detector detector = DetectorJson.read(files.get(MODEL), where + "/" + MODEL);
    ScoreCalibration pooled = calibration(files.get(CALIBRATION), where + "/" + CALIBRATION);
    Map<String, Double> offsets = new TreeMap<>();
    byte[] own = files.get(SYMBOL_CALIBRATION);
    if (own != null) {
      String at = where + "/" + SYMBOL_CALIBRATION;
      JsonNode tree = bind(own, JsonNode.class, at).path("offsets");
      if (!tree.isObject()) {
        throw new RegistryException(at + " is damaged: no object of offsets by symbol");
      }
      for (var e : tree.properties()) {
        if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
          throw new RegistryException(
              at + " is damaged: the offset of " + e.getKey() + " is not a finite number");
        }
        offsets.put(e.getKey(), e.getValue().asDouble());
      }
    }
    SymbolCalibration calibration = new SymbolCalibration(pooled, offsets);
    AlertPolicy policy = bind(files.get(POLICY), AlertPolicy.class, where + "/" + POLICY);
    return new TrainedModel(
        detector,
        spec,
        manifest.recipe().market(),
        manifest.recipe().interval(),
        calibration,
        policy,
        manifest);
  }

  private static ScoreCalibration calibration(byte[] json, String where) {
    return checked(bind(json, ScoreCalibration.class, where), where);
  }

  private static ScoreCalibration checked(ScoreCalibration c, String where) {
    if (c == null
        || c.quantiles() == null
        || c.quantiles().length < 2
        || !java.util.Arrays.stream(c.quantiles()).allMatch(Double::isFinite)
        || !Double.isFinite(c.tailStart())
        || !(c.tailScale() > 0)) {
      throw new RegistryException(
          where + " is damaged: quantiles, tail start and scale must be finite");
    }
    return c;
  }

  private static <T> T bind(byte[] json, Class<T> type, String where) {
    try {
      return ModelJson.MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new RegistryException(
          where + " is unreadable: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
