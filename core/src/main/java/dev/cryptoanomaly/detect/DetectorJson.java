package dev.cryptoanomaly.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.OperationalException;
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
      new Shape(root, where).check(kind, features.size());
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
      throw new OperationalException(
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

  /**
   * Checks that every array of a model file has the length its features and components imply and
   * holds finite numbers, so that a damaged or hand-edited file is one line naming the file and the
   * field, not an index error while scoring.
   */
  private record Shape(JsonNode root, String where) {
    void check(String kind, int d) {
      if (kind.equals(RobustZScoreDetector.KIND)) {
        return;
      }
      if (d < 1) {
        throw bad("'features' names no feature");
      }
      JsonNode scaler = root.path("scaler");
      length(scaler, "scaler.center", "center", d);
      length(scaler, "scaler.scale", "scale", d);
      switch (kind) {
        case KMeansDetector.KIND -> {
          int n = numbers(root, "centroids", "centroids");
          if (n == 0 || n % d != 0) {
            throw bad("'centroids' holds " + n + " numbers, not a multiple of " + d + " features");
          }
        }
        case GaussianMixtureDetector.KIND -> {
          int k = numbers(root, "weights", "weights");
          if (k == 0) {
            throw bad("'weights' is empty");
          }
          length(root, "means", "means", k * d);
          length(root, "cholesky", "cholesky", k * d * d);
          JsonNode chol = root.path("cholesky");
          for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
              if (!(chol.get(c * d * d + j * d + j).asDouble() > 0)) {
                throw bad("'cholesky' has a diagonal that is not positive (component " + c + ")");
              }
            }
            if (!(root.path("weights").get(c).asDouble() > 0)) {
              throw bad("'weights' has a weight that is not positive (component " + c + ")");
            }
          }
        }
        case IsolationForestDetector.KIND -> {
          int maxNodes = root.path("max_nodes").asInt(0);
          if (maxNodes < 1) {
            throw bad("'max_nodes' must be a positive number");
          }
          int nodes = root.path("next").size();
          if (nodes == 0 || nodes % maxNodes != 0) {
            throw bad("'next' holds " + nodes + " nodes, not whole trees of " + maxNodes);
          }
          for (int i = 0; i < nodes; i++) {
            // A leaf holds -1 - its size; an inner node the index of its right child.
            JsonNode entry = root.path("next").get(i);
            if (!entry.canConvertToInt() || entry.asInt() >= maxNodes) {
              throw bad("'next' points outside its tree at node " + i);
            }
          }
          length(root, "normal", "normal", nodes * d);
          length(root, "threshold", "threshold", nodes);
        }
        default -> {}
      }
    }

    private void length(JsonNode node, String label, String name, int expected) {
      int n = numbers(node, label, name);
      if (n != expected) {
        throw bad("'" + label + "' holds " + n + " numbers where " + expected + " belong");
      }
    }

    private int numbers(JsonNode node, String label, String name) {
      JsonNode a = node.path(name);
      if (!a.isArray()) {
        throw bad("'" + label + "' is missing or not an array");
      }
      for (int i = 0; i < a.size(); i++) {
        if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
          throw bad("'" + label + "' entry " + i + " is not a finite number");
        }
      }
      return a.size();
    }

    private OperationalException bad(String what) {
      return new OperationalException(where + " is damaged: " + what);
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
