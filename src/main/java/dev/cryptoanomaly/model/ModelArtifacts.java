package dev.cryptoanomaly.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.alert.AlertPolicy;
import dev.cryptoanomaly.alert.ScoreCalibration;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.DetectorJson;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.features.FeatureSpec;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as files, the same in the local registry and as MLflow artifacts: {@code
 * model.json} (the detector), {@code calibration.json}, {@code policy.json} and {@code
 * manifest.json}. Reading refuses a model whose features were computed by another registry version
 * than this program's.
 */
public final class ModelArtifacts {
  public static final String MODEL = "model.json";
  public static final String CALIBRATION = "calibration.json";
  public static final String POLICY = "policy.json";
  public static final String MANIFEST = "manifest.json";
  public static final List<String> FILES = List.of(MODEL, CALIBRATION, POLICY, MANIFEST);

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelArtifacts() {}

  public static Map<String, byte[]> write(TrainedModel m) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      files.put(MODEL, DetectorJson.write(m.detector()));
      files.put(CALIBRATION, MAPPER.writeValueAsBytes(m.calibration()));
      files.put(POLICY, MAPPER.writeValueAsBytes(m.policy()));
      Map<String, Object> manifest = new LinkedHashMap<>(m.manifest());
      manifest.put("feature_set", m.spec().key());
      manifest.put("feature_version", m.spec().version());
      manifest.put("market", m.market().cliName());
      manifest.put("interval", m.interval().archiveName());
      files.put(MANIFEST, MAPPER.writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  @SuppressWarnings("unchecked")
  public static TrainedModel read(Map<String, byte[]> files, String where) {
    for (String f : FILES) {
      if (!files.containsKey(f)) {
        throw new UserException(where + " has no " + f);
      }
    }
    try {
      Map<String, Object> manifest = MAPPER.readValue(files.get(MANIFEST), Map.class);
      String version = String.valueOf(manifest.get("feature_version"));
      if (!FeatureRegistry.VERSION.equals(version)) {
        throw new UserException(
            where
                + " was trained on features of registry version "
                + version
                + "; this program computes version "
                + FeatureRegistry.VERSION
                + ": retrain it");
      }
      List<String> names = (List<String>) manifest.get("features");
      FeatureSpec spec = FeatureSpec.parse(String.join(",", names));
      Detector detector = DetectorJson.read(files.get(MODEL), where + "/" + MODEL);
      ScoreCalibration calibration =
          MAPPER.readValue(files.get(CALIBRATION), ScoreCalibration.class);
      if (calibration.quantiles() == null
          || calibration.quantiles().length < 2
          || !java.util.Arrays.stream(calibration.quantiles()).allMatch(Double::isFinite)
          || !Double.isFinite(calibration.tailStart())
          || !(calibration.tailScale() > 0)) {
        throw new UserException(
            where
                + "/"
                + CALIBRATION
                + " is damaged: quantiles, tail start and scale must be finite");
      }
      JsonNode p = MAPPER.readTree(files.get(POLICY));
      AlertPolicy policy =
          new AlertPolicy(
              p.path("alertsPerSymbolDay").asDouble(),
              p.path("cooldownCandles").asInt(),
              p.path("threshold").asDouble(),
              p.path("intervalMillis").asLong());
      return new TrainedModel(
          detector,
          spec,
          Market.parse(String.valueOf(manifest.get("market"))),
          Interval.parse(String.valueOf(manifest.get("interval"))),
          calibration,
          policy,
          manifest);
    } catch (IOException e) {
      throw new UserException(
          where + " holds an unreadable model: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
