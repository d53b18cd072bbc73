package dev.cryptoanomaly.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.UserException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Detectors to and from JSON: plain numbers, readable and diffable, no Java serialization (which
 * would run code from a file). Doubles are written in their shortest exact form, so a round trip
 * gives the same bits and the same scores.
 */
public final class DetectorJson {
  static final int FORMAT = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectorJson() {}

  public static byte[] write(Detector detector) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("kind", detector.kind());
    ArrayNode features = root.putArray("features");
    detector.features().forEach(features::add);
    switch (detector) {
      case KMeansDetector k -> {
        scaler(root, k.scaler());
        doubles(root, "centroids", k.centroids());
        root.put("iterations", (Integer) k.parameters().get("iterations"));
        root.put("inertia", (Double) k.parameters().get("inertia"));
        root.put("seed", (Long) k.parameters().get("seed"));
      }
      case GaussianMixtureDetector g -> {
        scaler(root, g.scaler());
        GaussianComponents c = g.components();
        root.put("covariance", g.covariance().cliName());
        doubles(root, "weights", c.weights());
        doubles(root, "means", c.means());
        doubles(root, "cholesky", c.chol());
        root.put("iterations", (Integer) g.parameters().get("iterations"));
        root.put("log_likelihood", (Double) g.parameters().get("log_likelihood"));
        root.put("train_rows", g.trainRows());
        root.put("seed", (Long) g.parameters().get("seed"));
      }
      case IsolationForestDetector f -> {
        scaler(root, f.scaler());
        root.put("max_nodes", f.maxNodes());
        ints(root, "next", f.nextArray());
        doubles(root, "normal", f.normalArray());
        doubles(root, "threshold", f.thresholdArray());
        root.put("seed", f.seed());
      }
      case RobustZScoreDetector z -> {}
      default -> throw new IllegalArgumentException("cannot save " + detector.kind());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a detector; a one-line error naming {@code where} for a file that is not one. */
  public static Detector read(byte[] json, String where) {
    try {
      JsonNode root = MAPPER.readTree(json);
      int format = root.path("format").asInt(-1);
      if (format != FORMAT) {
        throw new UserException(where + ": unsupported model format " + format);
      }
      List<String> features = new ArrayList<>();
      root.path("features").forEach(f -> features.add(f.asText()));
      String kind = root.path("kind").asText();
      return switch (kind) {
        case KMeansDetector.KIND ->
            new KMeansDetector(
                features,
                scaler(root),
                doubles(root, "centroids"),
                root.path("iterations").asInt(),
                root.path("inertia").asDouble(),
                root.path("seed").asLong());
        case GaussianMixtureDetector.KIND ->
            new GaussianMixtureDetector(
                features,
                scaler(root),
                GaussianComponents.of(
                    features.size(),
                    doubles(root, "weights"),
                    doubles(root, "means"),
                    doubles(root, "cholesky")),
                CovarianceType.parse(root.path("covariance").asText()),
                root.path("iterations").asInt(),
                root.path("log_likelihood").asDouble(),
                root.path("train_rows").asInt(),
                root.path("seed").asLong());
        case IsolationForestDetector.KIND ->
            new IsolationForestDetector(
                features,
                scaler(root),
                root.path("max_nodes").asInt(),
                ints(root, "next"),
                doubles(root, "normal"),
                doubles(root, "threshold"),
                root.path("seed").asLong());
        case RobustZScoreDetector.KIND -> new RobustZScoreDetector();
        default -> throw new UserException(where + ": unknown model kind '" + kind + "'");
      };
    } catch (IOException e) {
      throw new UserException(
          where + " is not a model file: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void scaler(ObjectNode root, RobustScaler s) {
    ObjectNode node = root.putObject("scaler");
    doubles(node, "center", s.center());
    doubles(node, "scale", s.scale());
  }

  private static RobustScaler scaler(JsonNode root) {
    return new RobustScaler(
        doubles(root.path("scaler"), "center"), doubles(root.path("scaler"), "scale"));
  }

  private static void doubles(ObjectNode node, String name, double[] values) {
    ArrayNode a = node.putArray(name);
    for (double v : values) {
      a.add(v);
    }
  }

  private static void ints(ObjectNode node, String name, int[] values) {
    ArrayNode a = node.putArray(name);
    for (int v : values) {
      a.add(v);
    }
  }

  private static double[] doubles(JsonNode node, String name) {
    JsonNode a = node.path(name);
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode node, String name) {
    JsonNode a = node.path(name);
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
