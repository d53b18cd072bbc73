package dev.cryptoanomaly.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.detect.Detector;
import dev.cryptoanomaly.detect.DetectorJson;
import dev.cryptoanomaly.detect.Explanation;
import dev.cryptoanomaly.detect.FeatureMatrix;
import dev.cryptoanomaly.features.FeatureRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every detector passes. Data: a mixture of three correlated Gaussian regimes; planted
 * outliers are normal rows pushed 8 standard deviations along one feature. A detector's test
 * extends this and says how to fit it.
 */
public abstract class DetectorContract {
  protected static final List<String> SIX =
      FeatureRegistry.SPECIFICATION.stream().map(f -> f.id()).toList();

  protected FeatureMatrix train;
  protected FeatureMatrix test;
  protected boolean[] planted;
  protected int[] plantedFeature;
  protected Detector detector;

  /** The features the detector is fitted on; the six of the specification by default. */
  protected List<String> features() {
    return SIX;
  }

  protected abstract Detector fit(FeatureMatrix train);

  /**
   * Whether an explanation's typical value is each feature's training median; the robust z-score
   * explains its own z-score, whose typical value is 0.
   */
  protected boolean typicalIsTheTrainingMedian() {
    return true;
  }

  /** Fits on too few rows for the detector's settings; expected to fail with one line. */
  protected abstract void fitOnTooFewRows();

  @BeforeEach
  void fitOnRegimes() {
    SplittableRandom rng = new SplittableRandom(7);
    int d = features().size();
    double[][] means = new double[3][d];
    for (double[] m : means) {
      for (int j = 0; j < d; j++) {
        m[j] = rng.nextDouble(-4, 4);
      }
    }
    train = FeatureMatrix.of(features(), rows(rng, means, 6000));
    double[][] normal = rows(rng, means, 2000);
    List<double[]> rows = new ArrayList<>(Arrays.asList(normal));
    planted = new boolean[2040];
    plantedFeature = new int[2040];
    for (int i = 2000; i < 2040; i++) {
      double[] r = rows(rng, means, 1)[0];
      int j = rng.nextInt(d);
      r[j] += rng.nextBoolean() ? 8 : -8;
      rows.add(r);
      planted[i] = true;
      plantedFeature[i] = j;
    }
    test = FeatureMatrix.of(features(), rows.toArray(double[][]::new));
    detector = fit(train);
  }

  private static double[][] rows(SplittableRandom rng, double[][] means, int n) {
    int d = means[0].length;
    double[][] out = new double[n][d];
    for (double[] r : out) {
      double[] m = means[rng.nextInt(means.length)];
      double common = rng.nextGaussian();
      for (int j = 0; j < d; j++) {
        r[j] = m[j] + 0.6 * rng.nextGaussian() + 0.4 * common; // correlated within a regime
      }
    }
    return out;
  }

  @Test
  void batchEqualsOneRowAtATime() {
    double[] batch = detector.score(test);
    for (int i = 0; i < test.rows(); i++) {
      assertThat(detector.score(test.row(i))).as("row %d", i).isEqualTo(batch[i]);
    }
  }

  @Test
  void aRowsScoreDoesNotDependOnItsBatch() {
    double[] all = detector.score(test);
    int[] picked = new SplittableRandom(3).ints(500, 0, test.rows()).toArray();
    double[] some = detector.score(test.select(picked));
    for (int i = 0; i < picked.length; i++) {
      assertThat(some[i]).isEqualTo(all[picked[i]]);
    }
  }

  @Test
  void plantedOutliersAreFound() {
    double auc = Metrics.rocAuc(detector.score(test), planted);
    assertThat(auc).as("ROC AUC of %s", detector.kind()).isGreaterThanOrEqualTo(0.9);
  }

  /**
   * Typical is what a normal candle looks like (the training median), not the centre of the regime
   * a row is nearest to, which for a crash candle may be a regime of crash candles; the direction
   * says which side of it the row is.
   */
  @Test
  void explanationsCompareWithTheTrainingMedianAndSayTheDirection() {
    if (!typicalIsTheTrainingMedian()) {
      return;
    }
    double[] medians = new double[features().size()];
    for (int j = 0; j < medians.length; j++) {
      double[] column = new double[train.rows()];
      for (int i = 0; i < column.length; i++) {
        column[i] = train.row(i)[j];
      }
      Arrays.sort(column);
      int n = column.length;
      medians[j] = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
    }
    for (int i = 2000; i < test.rows(); i++) {
      for (Explanation.Contribution c : detector.explain(test.row(i)).contributions()) {
        int j = features().indexOf(c.feature());
        assertThat(c.typical()).as(c.feature()).isCloseTo(medians[j], within(1e-9));
        assertThat(c.direction()).isEqualTo(c.value() > medians[j] ? "above" : "below");
      }
    }
  }

  @Test
  void explanationsShareTheScoreAndNameThePlantedFeature() {
    int named = 0;
    int outliers = 0;
    for (int i = 0; i < test.rows(); i++) {
      if (!planted[i]) {
        continue;
      }
      outliers++;
      Explanation e = detector.explain(test.row(i));
      assertThat(e.contributions()).hasSize(features().size());
      assertThat(e.contributions().stream().mapToDouble(Explanation.Contribution::share).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      if (e.contributions().get(0).feature().equals(features().get(plantedFeature[i]))) {
        named++;
      }
    }
    assertThat(named)
        .as("outliers whose planted feature leads")
        .isGreaterThanOrEqualTo((int) (0.7 * outliers));
  }

  @Test
  void saveAndLoadGiveIdenticalScores() {
    Detector loaded = DetectorJson.read(DetectorJson.write(detector), "model.json");
    assertThat(loaded.kind()).isEqualTo(detector.kind());
    assertThat(loaded.features()).isEqualTo(detector.features());
    assertThat(loaded.score(test)).isEqualTo(detector.score(test));
    assertThat(loaded.explain(test.row(2001))).isEqualTo(detector.explain(test.row(2001)));
  }

  @Test
  void nanIsOneLineNamingRowAndFeature() {
    double[] values = test.values().clone();
    int d = features().size();
    values[3 * d + d - 1] = Double.NaN;
    FeatureMatrix bad = new FeatureMatrix(features(), test.rows(), values);
    assertOneLine(() -> detector.score(bad), "row 3", features().get(d - 1), "NaN");
  }

  @Test
  void missingFeatureIsOneLine() {
    List<String> fewer = features().subList(0, features().size() - 1);
    FeatureMatrix m = new FeatureMatrix(fewer, 1, new double[fewer.size()]);
    assertOneLine(() -> detector.score(m), "missing", features().get(features().size() - 1));
    assertOneLine(() -> detector.score(new double[fewer.size()]), "features");
  }

  @Test
  void anotherFeatureSetIsOneLine() {
    List<String> other = new ArrayList<>(features());
    other.set(0, "rsi");
    FeatureMatrix m = new FeatureMatrix(other, 1, new double[other.size()]);
    assertOneLine(() -> detector.score(m), "rsi", features().get(0));
  }

  @Test
  void tooFewRowsIsOneLine() {
    assertThatThrownBy(this::fitOnTooFewRows)
        .isInstanceOf(UserException.class)
        .hasMessageContaining("needs at least")
        .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
  }

  protected static void assertOneLine(Runnable r, String... fragments) {
    assertThatThrownBy(r::run)
        .isInstanceOf(UserException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage().lines()).hasSize(1);
              for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
              }
            });
  }
}
