package dev.cryptoanomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A damaged model file is refused on load in one line naming the file and the field. */
class DetectorJsonDamageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static FeatureMatrix data() {
    Random r = new Random(3);
    int rows = 400;
    double[] v = new double[rows * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() + (i % 3);
    }
    return new FeatureMatrix(List.of("a", "b", "c"), rows, v);
  }

  static byte[] damaged(Detector d, Consumer<ObjectNode> damage) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(DetectorJson.write(d));
    damage.accept(root);
    return JSON.writeValueAsBytes(root);
  }

  @Test
  void intactFilesStillLoadAndScoreTheSame() {
    FeatureMatrix m = data();
    for (Detector d :
        List.of(
            KMeansDetector.fit(m, 3, 1),
            GaussianMixtureDetector.fit(m, 2, CovarianceType.FULL, 1),
            IsolationForestDetector.fit(m, 1))) {
      Detector back = DetectorJson.read(DetectorJson.write(d), "model.json");
      assertThat(back.score(m)).isEqualTo(d.score(m));
    }
  }

  @Test
  void arraysOfTheWrongLengthOrWithNonNumbersAreRefused() throws Exception {
    FeatureMatrix m = data();
    Detector gmm = GaussianMixtureDetector.fit(m, 2, CovarianceType.FULL, 1);
    Detector kmeans = KMeansDetector.fit(m, 3, 1);
    Detector forest = IsolationForestDetector.fit(m, 1);
    record Case(Detector detector, Consumer<ObjectNode> damage, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                gmm,
                r -> ((ArrayNode) r.get("means")).remove(0),
                "'means' holds 5 numbers where 6 belong"),
            new Case(gmm, r -> ((ArrayNode) r.get("cholesky")).remove(0), "'cholesky' holds 17"),
            new Case(
                gmm,
                r -> ((ArrayNode) r.get("weights")).set(0, -1.0),
                "weight that is not positive"),
            new Case(
                gmm,
                r -> ((ArrayNode) r.get("weights")).set(0, "x"),
                "'weights' entry 0 is not a finite number"),
            new Case(
                kmeans, r -> ((ArrayNode) r.get("centroids")).remove(0), "not a multiple of 3"),
            new Case(
                kmeans,
                r -> ((ObjectNode) r.get("scaler")).putArray("scale"),
                "'scaler.scale' holds 0"),
            new Case(kmeans, r -> r.remove("centroids"), "'centroids' is missing"),
            new Case(forest, r -> ((ArrayNode) r.get("threshold")).remove(0), "'threshold' holds"),
            new Case(
                forest,
                r -> ((ArrayNode) r.get("next")).set(0, 1_000_000),
                "'next' points outside"),
            new Case(forest, r -> r.put("max_nodes", 0), "'max_nodes' must be"));
    for (Case c : cases) {
      byte[] file = damaged(c.detector(), c.damage());
      assertThatThrownBy(() -> DetectorJson.read(file, "models/x/1/model.json"))
          .as(c.message())
          .isInstanceOf(dev.cryptoanomaly.OperationalException.class)
          .hasMessageStartingWith("models/x/1/model.json is damaged: ")
          .hasMessageContaining(c.message());
    }
  }
}
